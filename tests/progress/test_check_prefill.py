"""The progress check at two starts from the child's latest shared assessment, for the prime
areas (issue item 5); a correction still copies the version it corrects."""

from datetime import timedelta

import pytest
from django.utils import timezone

from learning_journal import registry
from learning_journal import services as journal
from learning_journal.models import CheckArea
from progress import check_prefill
from progress.models import Judgement
from tests.learning_journal.factories import make_two, signed_off_check
from tests.progress.factories import points, recorded

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def registered():
    """The provider in the journal's registry, as the progress app's ready() puts it."""
    before = list(registry.CHECK_PREFILLS)
    check_prefill.register()
    check_prefill.register()  # once, however often asked
    assert registry.CHECK_PREFILLS.count(check_prefill.prefill_check) == 1
    yield
    registry.CHECK_PREFILLS[:] = before


def _areas(check) -> dict[str, CheckArea]:
    return {a.area.code: a for a in check.areas.select_related("area")}


def test_a_new_check_starts_from_the_latest_shared_assessment(world):
    make_two(world.child)
    _entry, term1, term2 = points(world)
    recorded(world, world.child, term1, Judgement.Status.NOT_YET, comment="Old",
             assessed_on=timezone.localdate() - timedelta(days=60))
    recorded(world, world.child, term2, statuses={
        "CL": Judgement.Status.WORKING_TOWARDS, "PD": Judgement.Status.NOT_YET,
        "PSED": Judgement.Status.ON_TRACK, "M": Judgement.Status.NOT_YET},
        comment="Latest")
    check = journal.start_check(world.users["key_person"], world.child)
    areas = _areas(check)
    assert set(areas) == {"CL", "PD", "PSED"}  # the prime areas only
    assert areas["PSED"].progress == CheckArea.Progress.EXPECTED
    assert areas["CL"].progress == areas["PD"].progress == CheckArea.Progress.LESS
    assert areas["CL"].strengths == "Latest (CL)"
    assert areas["PSED"].support == ""


def test_a_draft_assessment_is_not_used(world):
    make_two(world.child)
    _entry, term1, term2 = points(world)
    recorded(world, world.child, term1, Judgement.Status.ON_TRACK, comment="Shared",
             assessed_on=timezone.localdate() - timedelta(days=60))
    recorded(world, world.child, term2, Judgement.Status.NOT_YET, comment="Draft", share=False)
    areas = _areas(journal.start_check(world.users["key_person"], world.child))
    assert areas["CL"].strengths == "Shared (CL)"
    assert areas["CL"].progress == CheckArea.Progress.EXPECTED


def test_a_child_without_a_shared_assessment_starts_empty(world):
    make_two(world.child)
    _entry, _term1, term2 = points(world)
    recorded(world, world.other_child, term2, Judgement.Status.NOT_YET, by="manager")
    areas = _areas(journal.start_check(world.users["key_person"], world.child))
    assert all(a.strengths == "" and a.progress == "" for a in areas.values())


def test_a_correction_copies_the_version_it_corrects_not_the_assessment(world):
    check = signed_off_check(world)
    check = journal.add_family_comments(world.users["parent"], check, "Thanks")
    _entry, _term1, term2 = points(world)
    recorded(world, world.child, term2, Judgement.Status.NOT_YET, comment="Newer")
    correction = journal.correct_check(world.users["key_person"], check, "A typo")
    areas = _areas(correction)
    assert areas["CL"].strengths == "CL strengths: builds towers"
    assert areas["CL"].progress == CheckArea.Progress.EXPECTED


def test_the_provider_reads_a_fixed_number_of_queries(world, django_assert_num_queries):
    make_two(world.child)
    _entry, term1, term2 = points(world)
    recorded(world, world.child, term1)
    recorded(world, world.child, term2)
    with django_assert_num_queries(2):
        assert set(check_prefill.prefill_check(world.child)) == {"CL", "PD", "PSED"}
