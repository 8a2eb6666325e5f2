"""A child's progress is part of their journal's record: the journal's erasure takes the
assessments, their judgements and evidence links with it, and nothing of another child's."""

from datetime import timedelta

from django.utils import timezone

from learning_journal import services as journal
from learning_journal.eyfs import ensure_framework
from learning_journal.models import Area, Observation
from progress.frameworks import ensure_frameworks
from progress.models import Assessment, Judgement, JudgementEvidence
from retention.erasers import Holds, erase, find
from tests.progress.factories import points, recorded
from tests.retention.conftest import TODAY, period


def _assessed(world):
    ensure_framework()
    ensure_frameworks()
    point = points(world)[-1]
    observation = journal.create_observation(
        world.users["key_person"], world.setting_a, observed_on=timezone.localdate(),
        text="Told a story.", children=[world.child], areas=[Area.objects.get(code="CL")],
        publish=True)
    ava = recorded(world, world.child, point)
    JudgementEvidence.objects.create(
        judgement=ava.judgements.get(area__code="CL", aspect__isnull=True),
        observation=observation)
    otto = recorded(world, world.other_child, point, by="manager")
    return ava, otto, observation


def test_the_journals_erasure_takes_the_childs_progress(world):
    ava, otto, observation = _assessed(world)
    world.child.leaving_date = TODAY - timedelta(days=90)
    world.child.save()
    batch = find("journal", world.setting_a, period("journal"), TODAY, Holds())
    assert batch.keys == [str(world.child.uuid)]
    erased = erase("journal", world.setting_a, batch.keys, Holds())
    assert erased >= 1 + 7 + 1  # the assessment, its judgements, the evidence (and the rest)
    assert not Assessment.objects.filter(child=world.child).exists()
    assert not Judgement.objects.filter(assessment=ava.pk).exists()
    assert not JudgementEvidence.objects.filter(observation=observation).exists()
    assert not Observation.objects.filter(pk=observation.pk).exists()
    assert Assessment.objects.filter(pk=otto.pk).exists()
    assert Judgement.objects.filter(assessment=otto).count() == 7


def test_a_hold_on_the_child_keeps_their_progress(world):
    ava, _otto, _observation = _assessed(world)
    world.child.leaving_date = TODAY - timedelta(days=90)
    world.child.save()
    holds = Holds(child_ids={world.child.pk})
    keys = find("journal", world.setting_a, period("journal"), TODAY, Holds()).keys
    assert erase("journal", world.setting_a, keys, holds) == 0
    assert Assessment.objects.filter(pk=ava.pk).exists()
