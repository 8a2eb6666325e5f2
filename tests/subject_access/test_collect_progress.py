"""Progress in a subject access bundle: the shared assessments and their judgements; drafts
withheld."""

from datetime import timedelta

from django.utils import timezone

from learning_journal import services as journal
from learning_journal.models import Area
from progress import services
from progress.models import Judgement, JudgementEvidence
from subject_access.collect import ADULT_COLLECTORS, CHILD_COLLECTORS, progress
from tests.progress.factories import points, recorded
from tests.subject_access.conftest import as_text, records_of


def _fill(world, terms=2):
    made = points(world, terms=terms)
    shared = [recorded(world, world.child, point, Judgement.Status.WORKING_TOWARDS,
                       assessed_on=timezone.localdate() - timedelta(days=10 * (terms - n)))
              for n, point in enumerate(made[:-1])]
    recorded(world, world.child, made[-1], comment="DRAFT-ONLY", share=False)
    recorded(world, world.other_child, made[-1], comment="OTTO-ONLY", by="manager")
    observation = journal.create_observation(
        world.users["key_person"], world.setting_a, observed_on=timezone.localdate(),
        text="Told a story.", children=[world.child], areas=[Area.objects.get(code="CL")],
        publish=True)
    for assessment in shared:
        JudgementEvidence.objects.create(
            judgement=assessment.judgements.get(area__code="CL", aspect__isnull=True),
            observation=observation)
    services.add_family_comment(world.users["parent"], shared[-1], "Lovely to read.")
    return shared


def test_it_is_one_of_the_childs_collectors():
    assert progress.for_child in CHILD_COLLECTORS


def test_it_gives_the_shared_assessments_and_withholds_drafts(world, collect):
    _fill(world)
    part = collect(progress.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=3)
    assessments = records_of(part, "assessment")
    assert [a["point"] for a in assessments] == ["On entry", "Term 1"]
    latest = assessments[-1]
    assert latest["status_display"] == "Shared with the family"
    assert latest["family_comment"] == "Lovely to read."
    assert latest["family_commented_by"] == "Pat Parent"
    assert latest["recorded_by"] == "Kim Keyperson"
    by_area = {j["area"]: j for j in latest["judgements"]}
    assert len(by_area) == 7
    cl = by_area["Communication and Language"]
    assert cl["in_plain_words"] == "Getting there: we are helping with this"
    assert cl["status_display"] == "Working towards"
    assert cl["evidence_observed_on"] == [timezone.localdate().isoformat()]
    text = as_text(part)
    assert "DRAFT-ONLY" not in text and "OTTO-ONLY" not in text
    assert part.withheld and "1 assessment not yet shared" in part.withheld[0]


def test_it_withholds_drafts_whoever_the_bundle_goes_to(world, collect):
    _fill(world)
    part = collect(progress.for_child, world.child, None, setting=world.setting_a, queries=3)
    assert len(records_of(part, "assessment")) == 2
    assert "DRAFT-ONLY" not in as_text(part)


def test_it_reads_a_fixed_number_of_queries(world, collect):
    _fill(world, terms=4)
    part = collect(progress.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=3)
    assert len(records_of(part, "assessment")) == 4


def test_an_adults_part_holds_their_comments_on_their_own_childs_progress(world):
    _fill(world)
    assert progress.for_adult in ADULT_COLLECTORS
    part = progress.for_adult(world.users["parent"], world.setting_a)
    [comment] = records_of(part, "family_comment")
    assert comment["comment"] == "Lovely to read." and "Ava" in comment["child"]
    assert "OTTO" not in as_text(part)
    other = progress.for_adult(world.users["other_parent"], world.setting_a)
    assert not other.records
