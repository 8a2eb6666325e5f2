"""The key person's pages: the caseload, a child's progress, recording and sharing."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from keyperson.models import Assignment
from learning_journal.models import Area
from preschool.models import AuditEvent
from progress.models import Assessment, Judgement, JudgementEvidence, SettingStatement
from progress.record_home import nav, staff_sections
from tests.factories import ChildFactory
from tests.learning_journal.factories import group_observation
from tests.progress.factories import points, recorded, use_birth_to_5_matters

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _form_data(assessment, status=Judgement.Status.ON_TRACK, action="save", **overrides):
    """What the edit form posts: every judgement ``status``, with ``overrides`` by field
    name (such as ``"j12-status"``)."""
    data = {"assessed_on": timezone.localdate().isoformat(), "action": action}
    for j in assessment.judgements.all():
        data[f"j{j.pk}-status"] = status
        data[f"j{j.pk}-comment"] = "Builds towers"
    data.update(overrides)
    return data


# --- The caseload -----------------------------------------------------------------------------

def test_it_says_what_to_do_when_there_are_no_points(world):
    response = world.client_for("manager").get(reverse("progress-caseload"))
    assert response.status_code == 200
    assert b"A manager sets the assessment points under Manage" in response.content
    assert reverse("progress-options").encode() in response.content
    response = world.client_for("key_person").get(reverse("progress-caseload"))
    assert reverse("progress-options").encode() not in response.content


def test_it_lists_the_key_childs_not_yet_assessed_and_in_progress(world):
    _entry, term1, term2 = points(world)
    kim = world.client_for("key_person")
    response = kim.get(reverse("progress-caseload"))
    content = response.content.decode()
    assert "Current point: Term 2" in content
    assert "Ava Parentchild" in content and "Not yet assessed" in content
    assert "Otto" not in content  # not Kim's key child
    draft = recorded(world, world.child, term2, share=False)
    content = kim.get(reverse("progress-caseload")).content.decode()
    assert reverse("progress-assessment-edit", args=[draft.uuid]) in content
    recorded(world, world.child, term2)  # shares the draft
    content = kim.get(reverse("progress-caseload")).content.decode()
    assert "Every child due this point is assessed." in content
    assert "1 child assessed and shared." in content


def test_a_backup_sees_the_child_and_a_manager_sees_every_child_by_room(world):
    points(world)
    Assignment.objects.create(setting=world.setting_a, child=world.other_child,
                              staff=world.memberships["practitioner"],
                              kind=Assignment.Kind.BACKUP, assigned_by=world.users["manager"])
    content = world.client_for("practitioner").get(reverse("progress-caseload")).content
    assert b"Otto Otherchild" in content and b"Ava" not in content
    content = world.client_for("manager").get(reverse("progress-caseload")).content.decode()
    assert "Caterpillars" in content and "Ava Parentchild" in content and "Otto" in content


def test_it_lists_children_due_on_entry(world):
    entry, _t1, _t2 = points(world)
    world.child.start_date = entry.starts_on
    world.child.save(update_fields=["start_date"])
    content = world.client_for("key_person").get(reverse("progress-caseload")).content.decode()
    assert "Due on entry (On entry)" in content


def test_families_may_not_open_the_caseload(world):
    assert world.client_for("parent").get(reverse("progress-caseload")).status_code == 403


# --- Navigation and the home section ----------------------------------------------------------

def test_staff_have_progress_in_their_navigation_families_do_not(world):
    assert nav(world.memberships["key_person"]) == [("Progress", reverse("progress-caseload"))]
    assert nav(world.memberships["parent"]) == []


def test_the_home_section_counts_the_caseload_not_yet_assessed(world, rf):
    request = rf.get("/")
    request.user = world.users["key_person"]
    request.membership = world.memberships["key_person"]
    request.setting = world.setting_a
    assert staff_sections(request) == []  # no points yet
    _entry, _t1, term2 = points(world)
    [section] = staff_sections(request)
    assert section.context["count"] == 1 and section.needs_attention
    page = world.client_for("key_person").get(reverse("home")).content.decode()
    assert "Progress to record" in page and "Children not yet assessed at Term 2." in page
    recorded(world, world.child, term2)
    [section] = staff_sections(request)
    assert section.context["count"] == 0 and not section.needs_attention
    response = world.client_for("key_person").get(reverse("home"))
    assert b"Every child is assessed at Term 2." in response.content


# --- A child's progress ------------------------------------------------------------------------

def test_it_shows_the_judgements_across_the_points(world):
    _entry, term1, term2 = points(world)
    recorded(world, world.child, term1, Judgement.Status.NOT_YET)
    recorded(world, world.child, term2, statuses={"CL": Judgement.Status.WORKING_TOWARDS},
             share=False)
    response = world.client_for("practitioner").get(
        reverse("progress-child", args=[world.child.uuid]))
    content = response.content.decode()
    assert content.count("<svg class=\"text-primary") == Area.objects.count()
    assert "Term 1: Not yet on track; Term 2: Working towards" in content
    assert "(draft)" in content
    assert "progress-start" not in content and 'name="point"' not in content  # Perry


def test_the_chart_uses_the_ranges_under_birth_to_5_matters(world):
    use_birth_to_5_matters(world)
    _entry, term1, _t2 = points(world)
    recorded(world, world.child, term1)
    content = world.client_for("key_person").get(
        reverse("progress-child", args=[world.child.uuid])).content.decode()
    assert "On track, Range 3" in content


def test_the_key_person_may_start_the_current_point(world):
    _entry, _t1, term2 = points(world)
    content = world.client_for("key_person").get(
        reverse("progress-child", args=[world.child.uuid])).content.decode()
    assert f'<option value="{term2.uuid}" selected>' in content


# --- Starting ----------------------------------------------------------------------------------

def test_it_starts_the_assessment_and_opens_the_form(world):
    _entry, _t1, term2 = points(world)
    response = world.client_for("key_person").post(
        reverse("progress-start", args=[world.child.uuid]), {"point": term2.uuid})
    assessment = Assessment.objects.get(child=world.child, point=term2)
    assert response["Location"] == reverse("progress-assessment-edit", args=[assessment.uuid])


def test_another_settings_point_is_refused_with_a_message(world):
    points(world)
    [_e, _t, theirs] = points(world, world.setting_b)
    response = world.client_for("key_person").post(
        reverse("progress-start", args=[world.child.uuid]), {"point": theirs.uuid})
    assert response["Location"] == reverse("progress-child", args=[world.child.uuid])
    assert _messages(response) == ["Choose one of the setting's assessment points."]
    assert not Assessment.objects.exists()


def test_a_child_who_has_left_is_not_assessed(world):
    _entry, _t1, term2 = points(world)
    world.child.leaving_date = timezone.localdate()
    world.child.save(update_fields=["leaving_date"])
    response = world.client_for("key_person").post(
        reverse("progress-start", args=[world.child.uuid]), {"point": term2.uuid})
    assert response.status_code == 403
    assert not Assessment.objects.exists()


def test_another_settings_child_is_404(world):
    points(world)
    response = world.client_for("key_person").post(
        reverse("progress-start", args=[world.child_b.uuid]))
    assert response.status_code == 404


# --- The form ----------------------------------------------------------------------------------

def test_the_form_is_prefilled_and_shows_observations_and_statements(world):
    _entry, term1, term2 = points(world)
    recorded(world, world.child, term1, statuses={"PD": Judgement.Status.WORKING_TOWARDS})
    observation = group_observation(world, children=[world.child], photos=0,
                                    text="Climbed the frame")
    pd = Area.objects.get(code="PD")
    SettingStatement.objects.create(setting=world.setting_a,
                                    framework=term2.setting.progress_options.framework,
                                    area=pd, text="Climbs with confidence",
                                    added_by=world.users["manager"])
    SettingStatement.objects.create(setting=world.setting_a,
                                    framework=term2.setting.progress_options.framework,
                                    area=pd, text="Retired statement",
                                    added_by=world.users["manager"],
                                    retired_at=timezone.now())
    kim = world.client_for("key_person")
    response = kim.post(reverse("progress-start", args=[world.child.uuid]),
                        {"point": term2.uuid})
    content = kim.get(response["Location"]).content.decode()
    pd_judgement = Judgement.objects.get(assessment__point=term2, area=pd)
    assert (f'name="j{pd_judgement.pk}-status" value="towards" class="form-check-input" '
            f'id="id_j{pd_judgement.pk}-status_1" checked') in content
    assert f'name="j{pd_judgement.pk}-evidence" value="{observation.pk}"' in content
    assert "Climbed the frame" in content
    assert "Climbs with confidence" in content and "Retired statement" not in content


def test_save_draft_then_share(world):
    _entry, _t1, term2 = points(world)
    observation = group_observation(world, children=[world.child], photos=0)
    kim = world.client_for("key_person")
    kim.post(reverse("progress-start", args=[world.child.uuid]), {"point": term2.uuid})
    assessment = Assessment.objects.get(point=term2)
    pd = assessment.judgements.get(area__code="PD")
    url = reverse("progress-assessment-edit", args=[assessment.uuid])
    response = kim.post(url, _form_data(assessment, **{f"j{pd.pk}-evidence": observation.pk}))
    assert response["Location"] == url
    assert _messages(response) == ["The assessment is saved as a draft."]
    assert list(JudgementEvidence.objects.values_list("observation_id", flat=True)) == [
        observation.pk]
    assessment.refresh_from_db()
    assert not assessment.is_shared
    response = kim.post(url, _form_data(assessment, action="share",
                                        **{f"j{pd.pk}-evidence": observation.pk}))
    assert response["Location"] == reverse("progress-assessment", args=[assessment.uuid])
    assert _messages(response)[-1] == "The assessment is shared with Ava's family."
    assessment.refresh_from_db()
    assert assessment.is_shared


def test_sharing_an_incomplete_assessment_shows_the_form_with_the_message(world):
    _entry, _t1, term2 = points(world)
    assessment = recorded(world, world.child, term2, share=False)
    cl = assessment.judgements.get(area__code="CL")
    response = world.client_for("key_person").post(
        reverse("progress-assessment-edit", args=[assessment.uuid]),
        _form_data(assessment, action="share", **{f"j{cl.pk}-status": ""}))
    assert response.status_code == 200
    content = response.content.decode()
    assert ("Your changes are saved as a draft, not shared yet. Judge every area before "
            "sharing: Communication and Language.") in content
    assessment.refresh_from_db()
    assert not assessment.is_shared


@pytest.mark.parametrize("field, value", [
    ("status", "brilliant"), ("evidence", "999999"), ("comment", "x" * 601)])
def test_bad_input_is_refused_and_nothing_is_saved(world, field, value):
    _entry, _t1, term2 = points(world)
    assessment = recorded(world, world.child, term2, Judgement.Status.NOT_YET, share=False)
    cl = assessment.judgements.get(area__code="CL")
    before = list(assessment.judgements.values_list("status", "comment"))
    response = world.client_for("key_person").post(
        reverse("progress-assessment-edit", args=[assessment.uuid]),
        _form_data(assessment, **{f"j{cl.pk}-{field}": value}))
    assert response.status_code == 200
    assert "Nothing is saved yet: correct what is marked below." in response.content.decode()
    assert list(assessment.judgements.values_list("status", "comment")) == before
    assert not JudgementEvidence.objects.exists()


def test_an_unpublished_observation_is_not_a_choice(world):
    _entry, _t1, term2 = points(world)
    draft = group_observation(world, children=[world.child], photos=0, publish=False)
    assessment = recorded(world, world.child, term2, share=False)
    cl = assessment.judgements.get(area__code="PD")
    response = world.client_for("key_person").post(
        reverse("progress-assessment-edit", args=[assessment.uuid]),
        _form_data(assessment, **{f"j{cl.pk}-evidence": draft.pk}))
    assert response.status_code == 200
    assert "Link only observations from the list." in response.content.decode()
    assert not JudgementEvidence.objects.exists()


def test_a_future_date_is_refused(world):
    _entry, _t1, term2 = points(world)
    assessment = recorded(world, world.child, term2, share=False)
    data = _form_data(assessment)
    data["assessed_on"] = (timezone.localdate().replace(year=timezone.localdate().year + 1)
                           .isoformat())
    response = world.client_for("key_person").post(
        reverse("progress-assessment-edit", args=[assessment.uuid]), data)
    assert "The date of the assessment cannot be in the future." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.assessed_on <= timezone.localdate()


def test_birth_to_5_matters_asks_for_the_range(world):
    use_birth_to_5_matters(world)
    _entry, _t1, term2 = points(world)
    assessment = recorded(world, world.child, term2, share=False)
    url = reverse("progress-assessment-edit", args=[assessment.uuid])
    kim = world.client_for("key_person")
    assert "Range 6" in kim.get(url).content.decode()
    cl = assessment.judgements.get(area__code="CL")
    response = kim.post(url, _form_data(assessment, **{f"j{cl.pk}-band": "999999"}))
    assert "Choose a range from the list." in response.content.decode()
    cl.refresh_from_db()
    assert cl.band is not None and cl.band.code == "range_3"


def test_correcting_a_shared_assessment_says_so_and_is_recorded(world):
    _entry, _t1, term2 = points(world)
    assessment = recorded(world, world.child, term2)
    url = reverse("progress-assessment-edit", args=[assessment.uuid])
    kim = world.client_for("key_person")
    assert "Changes are recorded." in kim.get(url).content.decode()
    response = kim.post(url, _form_data(assessment, Judgement.Status.WORKING_TOWARDS))
    assert _messages(response) == ["The correction is saved and recorded."]
    assert AuditEvent.objects.filter(action="progress.assessment_corrected").exists()


def test_practitioner_who_is_not_the_key_person_may_not_edit(world):
    _entry, _t1, term2 = points(world)
    assessment = recorded(world, world.child, term2, share=False)
    url = reverse("progress-assessment-edit", args=[assessment.uuid])
    response = world.client_for("practitioner").post(url, _form_data(assessment))
    assert response.status_code == 403
    assert not Judgement.objects.filter(comment="Builds towers").exists()


# --- The assessment read-only, and sharing -----------------------------------------------------

def test_it_shows_the_judgements_evidence_and_the_familys_comment(world):
    _entry, _t1, term2 = points(world)
    observation = group_observation(world, children=[world.child], photos=0)
    assessment = recorded(world, world.child, term2)
    JudgementEvidence.objects.create(judgement=assessment.judgements.get(area__code="PD"),
                                     observation=observation)
    assessment.family_comment = "She loves climbing at home"
    assessment.save()
    content = world.client_for("practitioner").get(
        reverse("progress-assessment", args=[assessment.uuid])).content.decode()
    assert reverse("journal-child-observation", args=[world.child.uuid, observation.uuid]) in (
        content)
    assert "She loves climbing at home" in content
    assert "Doing well (PD)" in content
    assert reverse("progress-assessment-edit", args=[assessment.uuid]) not in content


def test_the_family_uses_their_own_pages(world):
    _entry, _t1, term2 = points(world)
    assessment = recorded(world, world.child, term2)
    response = world.client_for("parent").get(
        reverse("progress-assessment", args=[assessment.uuid]))
    assert response.status_code == 404


def test_share_refuses_an_incomplete_assessment_with_a_message(world):
    _entry, _t1, term2 = points(world)
    kim = world.client_for("key_person")
    kim.post(reverse("progress-start", args=[world.child.uuid]), {"point": term2.uuid})
    assessment = Assessment.objects.get(point=term2)
    response = kim.post(reverse("progress-assessment-share", args=[assessment.uuid]))
    assert response["Location"] == reverse("progress-assessment", args=[assessment.uuid])
    assert _messages(response)[0].startswith("Judge every area before sharing:")
    assessment.refresh_from_db()
    assert not assessment.is_shared


def test_share_shares_a_complete_draft(world):
    _entry, _t1, term2 = points(world)
    assessment = recorded(world, world.child, term2, share=False)
    response = world.client_for("manager").post(
        reverse("progress-assessment-share", args=[assessment.uuid]))
    assert _messages(response) == ["The assessment is shared with Ava's family."]
    assessment.refresh_from_db()
    assert assessment.is_shared


def test_another_settings_assessment_is_404(world):
    [_e, _t, theirs] = points(world, world.setting_b)
    child = ChildFactory(setting=world.setting_b)
    from progress import services

    assessment = services.start_assessment(world.users["other_setting"], child, theirs)
    for name in ("progress-assessment", "progress-assessment-edit"):
        response = world.client_for("manager").get(reverse(name, args=[assessment.uuid]))
        assert response.status_code == 404


def test_with_aspects_the_form_has_a_card_for_each(world):
    from learning_journal.models import Aspect
    from progress import services
    from progress.models import ProgressOptions

    services.save_options(world.users["manager"], world.setting_a,
                          framework=ProgressOptions.of(world.setting_a).framework,
                          judge_aspects=True)
    _entry, _t1, term2 = points(world)
    kim = world.client_for("key_person")
    kim.post(reverse("progress-start", args=[world.child.uuid]), {"point": term2.uuid})
    assessment = Assessment.objects.get(point=term2)
    content = kim.get(reverse("progress-assessment-edit", args=[assessment.uuid])).content
    assert content.decode().count('<fieldset class="card-body"') == (
        Area.objects.count() + Aspect.objects.count())
