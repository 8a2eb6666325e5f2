"""What the family reads of Ava's progress: the list of summaries, one summary in plain words,
and Pat's comment. Staff read the same pages; nobody else sees anything."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import RecordView
from learning_journal import services as journal
from learning_journal.models import Area
from notifications.models import Category, Notification
from progress import services
from progress.models import Assessment, Judgement, JudgementEvidence, ProgressOptions
from tests.progress.factories import points, recorded, use_birth_to_5_matters

pytestmark = pytest.mark.django_db


def _observation(world, child=None, *, area="CL", next_step="", days_ago=0, publish=True,
                 text="Sang a song."):
    child = child or world.child
    return journal.create_observation(
        world.users["key_person"], world.setting_a,
        observed_on=timezone.localdate() - timedelta(days=days_ago), text=text,
        children=[child], areas=[Area.objects.get(code=area)],
        next_steps={child.pk: next_step}, publish=publish)


def _summary(assessment):
    return reverse("progress-summary", args=[assessment.uuid])


def _comment(assessment):
    return reverse("progress-summary-comment", args=[assessment.uuid])


@pytest.fixture
def shared(world):
    _entry, term1, term2 = points(world)
    first = recorded(world, world.child, term1, assessed_on=timezone.localdate()
                     - timedelta(days=60))
    second = recorded(world, world.child, term2, statuses={
        "CL": Judgement.Status.WORKING_TOWARDS, "PD": Judgement.Status.NOT_YET})
    return first, second


def test_it_lists_the_shared_summaries_newest_first(world, shared):
    first, second = shared
    response = world.client_for("parent").get(
        reverse("progress-child-summaries", args=[world.child.uuid]))
    assert response.status_code == 200
    assert [a.pk for a in response.context["assessments"]] == [second.pk, first.pk]
    assert _summary(second).encode() in response.content


def test_it_leaves_drafts_out_of_the_list_even_for_staff(world):
    _entry, _term1, term2 = points(world)
    recorded(world, world.child, term2, share=False)
    for persona in ("parent", "key_person"):
        response = world.client_for(persona).get(
            reverse("progress-child-summaries", args=[world.child.uuid]))
        assert response.context["assessments"] == []
        assert b"Nothing shared yet" in response.content


def test_it_shows_each_judgement_in_plain_words(world, shared):
    _first, second = shared
    response = world.client_for("parent").get(_summary(second))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Developing well for their age" in text
    assert "Getting there: we are helping with this" in text
    assert "Needs some extra help: we will talk with you about how we support this" in text
    assert "Doing well (CL)" in text  # the key person's comment
    for jargon in ("on_track", "not_yet", "towards", "Working towards"):
        assert jargon not in text


def test_it_names_a_birth_to_5_matters_range_plainly(world):
    use_birth_to_5_matters(world)
    _entry, _term1, term2 = points(world)
    assessment = recorded(world, world.child, term2)
    text = world.client_for("parent").get(_summary(assessment)).content.decode()
    assert "Range 3 (of 6) in Birth to 5 Matters" in text


def test_it_shows_the_latest_next_steps_of_the_area_as_what_to_do_at_home(world, shared):
    _first, second = shared
    for n in range(5):
        _observation(world, next_step=f"Sing song {n} together", days_ago=n)
    _observation(world, next_step="A draft step", publish=False)
    _observation(world, world.other_child, next_step="Otto's step")
    text = world.client_for("parent").get(_summary(second)).content.decode()
    assert "Sing song 0 together" in text and "Sing song 2 together" in text
    assert "Sing song 3 together" not in text  # a few: the three newest
    assert "A draft step" not in text
    assert "Otto" not in text
    assert "No ideas for home in this area yet" in text  # the other areas have none


def test_it_links_published_evidence_only(world, shared):
    _first, second = shared
    published = _observation(world, text="Counted to ten on the stairs.")
    judgement = second.judgements.get(area__code="CL", aspect__isnull=True)
    JudgementEvidence.objects.create(judgement=judgement, observation=published)
    draft = _observation(world, publish=False, text="Not for the family yet.")
    JudgementEvidence.objects.create(judgement=judgement, observation=draft)
    text = world.client_for("parent").get(_summary(second)).content.decode()
    assert reverse("journal-child-observation", args=[world.child.uuid, published.uuid]) in text
    assert "Not for the family yet" not in text


def test_a_draft_is_404_to_the_family_and_readable_by_staff(world):
    _entry, _term1, term2 = points(world)
    draft = recorded(world, world.child, term2, share=False)
    assert world.client_for("parent").get(_summary(draft)).status_code == 404
    response = world.client_for("practitioner").get(_summary(draft))
    assert response.status_code == 200
    assert b"Not shared with the family yet" in response.content
    assert response.context["form"] is None


def test_staff_opening_a_summary_is_noted_and_the_family_is_not(world, shared):
    _first, second = shared
    world.client_for("parent").get(_summary(second))
    assert not RecordView.objects.filter(child=world.child).exists()
    world.client_for("practitioner").get(_summary(second))
    assert RecordView.objects.filter(child=world.child, viewer=world.users["practitioner"],
                                     object_id=str(second.uuid)).exists()


def test_other_families_and_settings_see_nothing(world, shared):
    _first, second = shared
    for persona in ("other_parent", "carer_no_info", "other_setting"):
        client = world.client_for(persona)
        assert client.get(_summary(second)).status_code == 404
        assert client.get(reverse("progress-child-summaries",
                                  args=[world.child.uuid])).status_code == 404
        assert client.post(_comment(second), {"comment": "Hi"}).status_code == 404


def test_it_saves_the_family_comment_and_tells_the_key_person(world, shared):
    _first, second = shared
    response = world.client_for("parent").post(_comment(second),
                                               {"comment": "  She sings at home too. "})
    assert response.status_code == 302
    assert response["Location"] == _summary(second)
    second.refresh_from_db()
    assert second.family_comment == "She sings at home too."
    assert second.family_commented_by == world.users["parent"]
    told = Notification.objects.filter(category=Category.PROGRESS,
                                       url=reverse("progress-assessment", args=[second.uuid]))
    assert set(told.values_list("recipient", flat=True)) == {world.users["key_person"].pk}
    page = world.client_for("parent").get(_summary(second)).content.decode()
    assert "She sings at home too." in page and "Change my comment" in page


def test_an_empty_comment_saves_nothing_and_says_so(world, shared):
    _first, second = shared
    response = world.client_for("parent").post(_comment(second), {"comment": "   "})
    assert response.status_code == 200
    assert "Write your comment first." in response.content.decode()
    second.refresh_from_db()
    assert second.family_comment == "" and second.family_commented_at is None
    assert not Notification.objects.filter(category=Category.PROGRESS,
                                           recipient=world.users["key_person"]).exists()


def test_staff_may_not_comment_for_the_family(world, shared):
    _first, second = shared
    for persona in ("key_person", "manager"):
        response = world.client_for(persona).post(_comment(second), {"comment": "Hi"})
        assert response.status_code == 403
    second.refresh_from_db()
    assert second.family_comment == ""


def test_the_family_of_a_child_who_left_reads_but_no_longer_comments(world, shared):
    _first, second = shared
    world.child.leaving_date = timezone.localdate() - timedelta(days=1)
    world.child.save(update_fields=["leaving_date"])
    client = world.client_for("parent")
    assert client.get(_summary(second)).status_code == 200
    assert client.post(_comment(second), {"comment": "Hi"}).status_code == 403


def test_it_refuses_get_on_the_comment_url(world, shared):
    _first, second = shared
    assert world.client_for("parent").get(_comment(second)).status_code == 405


def test_sharing_tells_the_family_and_nobody_without_the_right_to_information(world):
    _entry, _term1, term2 = points(world)
    assessment = recorded(world, world.child, term2)
    told = set(Notification.objects.filter(category=Category.PROGRESS, url=_summary(assessment))
               .values_list("recipient", flat=True))
    assert told == {world.users["parent"].pk}
    assert world.users["carer_no_info"].pk not in told


# --- Query counts -----------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_keeps_its_query_count_with_more_summaries(world):
    made = points(world, terms=4)
    client = world.client_for("parent")
    url = reverse("progress-child-summaries", args=[world.child.uuid])
    recorded(world, world.child, made[1])
    client.get(url)
    few = _count(client, url)
    for point in made[2:]:
        recorded(world, world.child, point)
    assert Assessment.objects.shared().filter(child=world.child).count() == 4
    assert _count(client, url) == few


def test_the_summary_keeps_its_query_count_with_more_evidence_and_next_steps(world, shared):
    _first, second = shared
    client = world.client_for("parent")
    client.post(_comment(second), {"comment": "Thanks"})
    judgement = second.judgements.get(area__code="CL", aspect__isnull=True)
    JudgementEvidence.objects.create(judgement=judgement,
                                     observation=_observation(world, next_step="Sing"))
    client.get(_summary(second))
    few = _count(client, _summary(second))
    for area in ("CL", "PD", "M", "L"):
        for n in range(3):
            observation = _observation(world, area=area, next_step=f"Step {n}", days_ago=n)
            judgement = second.judgements.get(area__code=area, aspect__isnull=True)
            JudgementEvidence.objects.create(judgement=judgement, observation=observation)
    assert _count(client, _summary(second)) == few


def test_a_shared_assessment_can_be_read_after_a_correction(world, shared):
    """A correction of a shared assessment is what the family reads next time."""
    _first, second = shared
    kim = world.users["key_person"]
    inputs = [services.JudgementInput(area_id=j.area_id, aspect_id=j.aspect_id,
                                      status=Judgement.Status.ON_TRACK, comment="Corrected")
              for j in second.judgements.all()]
    services.save_assessment(kim, second, inputs)
    text = world.client_for("parent").get(_summary(second)).content.decode()
    assert "Corrected" in text and "Needs some extra help" not in text


def test_families_and_staff_choose_how_they_hear_of_progress(world):
    for persona in ("parent", "key_person"):
        page = world.client_for(persona).get(reverse("notifications-preferences"))
        assert page.status_code == 200
        assert "Progress summaries" in page.content.decode(), persona


def test_a_setting_that_judges_aspects_shows_each_in_plain_words(world):
    services.save_options(world.users["manager"], world.setting_a,
                          framework=ProgressOptions.of(world.setting_a).framework,
                          judge_aspects=True)
    _entry, _term1, term2 = points(world)
    assessment = recorded(world, world.child, term2, Judgement.Status.WORKING_TOWARDS)
    rows = world.client_for("parent").get(_summary(assessment)).context["rows"]
    cl = next(r for r in rows if r.area.code == "CL")
    assert [a.name for a in cl.aspects] == ["Listening, Attention and Understanding", "Speaking"]
    assert cl.aspects[0].words == "Getting there: we are helping with this"
    assert len(rows) == 7
