"""The nightly run with the portal's own erasers (``retention.erasers``), not the fake: a
child who left four years ago has her journal listed for the manager, then erased 14 days
later and logged without her name; a child under a legal hold keeps hers."""

from datetime import timedelta

from django.utils import timezone

from learning_journal.models import Observation
from retention import services
from retention.models import ErasureLog, ErasureNotice
from retention.nightly import run_setting
from retention.policy import erasers
from tests.learning_journal.factories import group_observation


def test_the_real_erasers_list_then_erase_a_leaver_s_journal_and_keep_a_held_one(world):
    module = erasers()
    assert "journal" in module.ERASABLE
    today = timezone.localdate()
    observation = group_observation(world, children=[world.child])
    held = group_observation(world, children=[world.other_child])
    left = today - timedelta(days=4 * 366)
    for child in (world.child, world.other_child):
        child.leaving_date = left
        child.save()
    services.place_hold(world.users["manager"], world.setting_a, child=world.other_child,
                        reason="claim", details="A claim is expected.")
    run_setting(world.setting_a, today)
    notice = ErasureNotice.objects.get(record_type="journal")
    assert notice.count >= 1 and notice.keys
    assert Observation.objects.filter(pk=observation.pk).exists()
    run_setting(world.setting_a, today + timedelta(days=14))
    assert not Observation.objects.filter(pk=observation.pk).exists()
    assert Observation.objects.filter(pk=held.pk).exists()
    entry = ErasureLog.objects.get(record_type="journal")
    assert entry.count >= 1
    for field in ErasureLog._meta.concrete_fields:
        value = str(getattr(entry, field.attname))
        assert "Ava" not in value and "Parentchild" not in value
    # Run again the same night: nothing more.
    run_setting(world.setting_a, today + timedelta(days=14))
    assert ErasureLog.objects.filter(record_type="journal").count() == 1
