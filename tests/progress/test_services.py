"""Recording, sharing and commenting on progress: the services' rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from learning_journal.models import Area
from preschool.models import AuditEvent
from progress import services
from progress.models import Assessment, AssessmentPoint, Judgement, JudgementEvidence
from progress.services import JudgementInput, ServiceError
from tests.learning_journal.factories import group_observation
from tests.progress.factories import points, recorded, use_birth_to_5_matters

pytestmark = pytest.mark.django_db


def _inputs(assessment, status=Judgement.Status.ON_TRACK, **extra):
    return [JudgementInput(area_id=j.area_id, aspect_id=j.aspect_id, status=status, **extra)
            for j in assessment.judgements.all()]


def test_an_assessment_starts_with_every_area_and_the_band_of_the_childs_age(world):
    entry, _term1, term2 = points(world)
    assessment = services.start_assessment(world.users["key_person"], world.child, term2)
    assert assessment.judgements.count() == Area.objects.count() == 7
    expected = "birth_to_three" if world.child.age_in_months() < 36 else "three_and_four"
    assert assessment.band.code == expected
    again = services.start_assessment(world.users["key_person"], world.child, term2)
    assert again.pk == assessment.pk


def test_a_new_point_is_prefilled_from_the_last_one(world):
    _entry, term1, term2 = points(world)
    recorded(world, world.child, term1, statuses={"CL": Judgement.Status.WORKING_TOWARDS})
    later = services.start_assessment(world.users["key_person"], world.child, term2)
    by_code = {j.area.code: j for j in later.judgements.select_related("area")}
    assert by_code["CL"].status == Judgement.Status.WORKING_TOWARDS
    assert by_code["PD"].status == Judgement.Status.ON_TRACK
    assert by_code["PD"].comment == "Doing well (PD)"
    assert later.status == Assessment.Status.DRAFT


def test_only_the_key_person_or_a_manager_records(world):
    _entry, _term1, term2 = points(world)
    with pytest.raises(ServiceError):
        services.start_assessment(world.users["practitioner"], world.child, term2)
    with pytest.raises(ServiceError):
        services.start_assessment(world.users["parent"], world.child, term2)
    assert not Assessment.objects.exists()
    services.start_assessment(world.users["manager"], world.child, term2)


def test_another_settings_point_is_refused(world):
    other = points(world, world.setting_b)[-1]
    with pytest.raises(ServiceError):
        services.start_assessment(world.users["key_person"], world.child, other)


def test_sharing_needs_every_area_judged(world):
    _entry, _term1, term2 = points(world)
    assessment = services.start_assessment(world.users["key_person"], world.child, term2)
    inputs = _inputs(assessment)
    inputs[0].status = ""
    services.save_assessment(world.users["key_person"], assessment, inputs)
    with pytest.raises(ServiceError, match="Judge every area"):
        services.share_assessment(world.users["key_person"], assessment)
    assessment.refresh_from_db()
    assert not assessment.is_shared


def test_evidence_must_come_from_the_childs_journal(world):
    _entry, _term1, term2 = points(world)
    assessment = services.start_assessment(world.users["key_person"], world.child, term2)
    theirs = group_observation(world, children=[world.child])
    others = group_observation(world, children=[world.other_child])
    with pytest.raises(ServiceError, match="journal"):
        services.save_assessment(world.users["key_person"], assessment,
                                 _inputs(assessment, evidence_ids=[others.pk]))
    assert not JudgementEvidence.objects.exists()
    assert not assessment.judgements.exclude(status="").exists()
    services.save_assessment(world.users["key_person"], assessment,
                             _inputs(assessment, evidence_ids=[theirs.pk]))
    assert JudgementEvidence.objects.count() == 7


def test_a_shared_assessment_is_corrected_with_its_history(world):
    _entry, _term1, term2 = points(world)
    assessment = recorded(world, world.child, term2)
    inputs = _inputs(assessment)
    inputs[0].status = Judgement.Status.NOT_YET
    services.save_assessment(world.users["key_person"], assessment, inputs)
    event = AuditEvent.objects.filter(action="progress.assessment_corrected").get()
    assert event.changes["CL"][0]["status"] == "on_track"
    assert event.changes["CL"][1]["status"] == "not_yet"


def test_birth_to_5_matters_needs_a_range_for_each_area(world):
    use_birth_to_5_matters(world)
    _entry, _term1, term2 = points(world)
    assessment = services.start_assessment(world.users["key_person"], world.child, term2)
    assert assessment.band is None
    services.save_assessment(world.users["key_person"], assessment, _inputs(assessment))
    with pytest.raises(ServiceError):
        services.share_assessment(world.users["key_person"], assessment)
    recorded(world, world.other_child, term2, by="manager")


def test_the_family_comments_on_a_shared_assessment_only(world):
    _entry, _term1, term2 = points(world)
    draft = recorded(world, world.child, term2, share=False)
    with pytest.raises(ServiceError):
        services.add_family_comment(world.users["parent"], draft, "Lovely")
    services.share_assessment(world.users["key_person"], draft)
    with pytest.raises(ServiceError):
        services.add_family_comment(world.users["carer_no_info"], draft, "Hello")
    with pytest.raises(ServiceError):
        services.add_family_comment(world.users["other_parent"], draft, "Hello")
    services.add_family_comment(world.users["parent"], draft, "She sings at home too")
    draft.refresh_from_db()
    assert draft.family_comment == "She sings at home too"


def test_points_keep_their_dates_sane(world):
    manager = world.users["manager"]
    today = timezone.localdate()
    with pytest.raises(ServiceError):
        services.add_point(manager, world.setting_a, kind=AssessmentPoint.Kind.DATED,
                           name="Backwards", starts_on=today, ends_on=today - timedelta(days=1))
    services.add_point(manager, world.setting_a, kind=AssessmentPoint.Kind.ENTRY,
                       name="On entry", starts_on=today, ends_on=None)
    with pytest.raises(ServiceError):
        services.add_point(manager, world.setting_a, kind=AssessmentPoint.Kind.ENTRY,
                           name="Again", starts_on=today, ends_on=None)
    with pytest.raises(ServiceError):
        services.add_point(world.users["key_person"], world.setting_a,
                           kind=AssessmentPoint.Kind.DATED, name="Term",
                           starts_on=today, ends_on=today)


def test_the_childs_age_on_the_day_is_kept_with_the_date(world):
    _entry, _term1, term2 = points(world)
    assessment = services.start_assessment(world.users["key_person"], world.child, term2)
    assert assessment.age_months == world.child.age_in_months(timezone.localdate())
    earlier = timezone.localdate() - timedelta(days=200)
    services.save_assessment(world.users["key_person"], assessment, _inputs(assessment),
                             assessed_on=earlier)
    assessment.refresh_from_db()
    assert assessment.age_months == world.child.age_in_months(earlier)
