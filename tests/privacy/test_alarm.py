"""The bulk-access alarm's detection (privacy/alarm.py): thresholds per role, the pause, a
family account used from many places, one alert an episode, and beat's scan."""

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Category, Notification
from preschool.models import AuditEvent, Membership
from privacy import alarm
from privacy.models import AccessAlert, PrivacyOptions
from tests.privacy.factories import children, looks

pytestmark = pytest.mark.django_db


def _check(world, persona):
    return alarm.check(world.setting_a, world.users[persona].pk)


def _paused(world, persona) -> bool:
    return Membership.objects.get(pk=world.memberships[persona].pk).paused_at is not None


def test_it_stays_quiet_below_the_practitioners_threshold(world):
    looks(world, "practitioner", children(world, 24))
    assert _check(world, "practitioner") is None
    assert not AccessAlert.objects.exists()
    assert not Notification.objects.exists()


def test_it_counts_different_children_not_looks(world):
    kids = children(world, 10)
    for minutes in (1, 2, 3):  # the same ten children three times
        looks(world, "practitioner", kids, minutes_ago=minutes)
    assert _check(world, "practitioner") is None


def test_it_alerts_every_other_manager_at_the_practitioners_threshold(world, sent):
    other = Membership.objects.create(user=world.users["parent"].__class__.objects.create_user(
        "second.manager@example.org", full_name="Sam Second"), setting=world.setting_a,
        role="manager")
    looks(world, "practitioner", children(world, 25))
    with sent():
        alert = _check(world, "practitioner")
    assert alert is not None and alert.count == 25 and alert.threshold == 25
    assert alert.kind == AccessAlert.Kind.MANY_CHILDREN
    assert not _paused(world, "practitioner")
    told = Notification.objects.filter(url=alert.get_absolute_url())
    assert {n.recipient_id for n in told} == {world.users["manager"].pk, other.user_id}
    assert all(n.urgent and n.category == Category.EMERGENCY for n in told)
    assert "Perry Practitioner read the records of 25 children in 10 minutes" in told[0].title
    emails = {m.to[0]: m for m in mail.outbox}
    assert set(emails) == {"manager@example.org", "second.manager@example.org"}
    body = emails["manager@example.org"].body
    assert "Perry Practitioner" in body and "25 different children" in body
    assert alert.get_absolute_url() in body
    assert "Unusual access at Acorn Test Pre-school" in emails["manager@example.org"].subject
    assert AuditEvent.objects.filter(action="privacy.alert_raised").count() == 1


def test_it_pauses_past_the_second_threshold(world, sent):
    looks(world, "practitioner", children(world, 60))
    with sent():
        alert = _check(world, "practitioner")
    assert alert.paused_at is not None
    membership = Membership.objects.get(pk=world.memberships["practitioner"].pk)
    assert membership.paused_at is not None
    assert "60 children" in membership.pause_reason
    # Raised and paused at once: one notification, saying it is paused.
    told = Notification.objects.get(recipient=world.users["manager"])
    assert told.title.startswith("Access paused: Perry Practitioner")
    assert [m.subject for m in mail.outbox] == [
        "Access paused at Acorn Test Pre-school: Perry Practitioner"]
    assert AuditEvent.objects.filter(action="membership.paused").count() == 1


def test_a_whole_setting_export_tells_the_managers_but_never_pauses_its_maker(world):
    everyone = children(world, 160)
    looks(world, "manager", everyone, what="export", object_type="setting_export.SettingExport")
    alert = _check(world, "manager")
    assert alert is not None and alert.count == 160
    assert not _paused(world, "manager")
    # Reading records one by one still counts towards the pause.
    looks(world, "manager", everyone[:150])
    assert _check(world, "manager").paused_at is not None
    assert _paused(world, "manager")


def test_managers_have_their_own_higher_thresholds(world):
    other = Membership.objects.create(user=world.users["parent"].__class__.objects.create_user(
        "second.manager@example.org", full_name="Sam Second"), setting=world.setting_a,
        role="manager")
    looks(world, "manager", children(world, 59))
    assert _check(world, "manager") is None
    looks(world, "manager", children(world, 1))
    alert = _check(world, "manager")
    assert alert is not None and alert.threshold == 60
    # The other manager is told, not the manager the alert is about.
    assert {n.recipient_id for n in Notification.objects.all()} == {other.user_id}


def test_the_only_manager_is_still_told_and_so_are_the_operators(world, settings, sent):
    settings.ADMINS = [("Operators", "ops@example.org")]
    looks(world, "manager", children(world, 60))
    with sent():
        alert = _check(world, "manager")
    assert alert is not None
    assert {n.recipient_id for n in Notification.objects.all()} == {world.users["manager"].pk}
    assert sorted(m.to[0] for m in mail.outbox) == ["manager@example.org", "ops@example.org"]


def test_the_settings_own_thresholds_apply(world):
    PrivacyOptions.objects.create(setting=world.setting_a, practitioner_alert=5,
                                  practitioner_pause=8, window_minutes=3)
    looks(world, "practitioner", children(world, 4), minutes_ago=1)
    looks(world, "practitioner", children(world, 10), minutes_ago=5)  # out of the window
    assert _check(world, "practitioner") is None
    looks(world, "practitioner", children(world, 4), minutes_ago=1)
    alert = _check(world, "practitioner")
    assert alert.count == 8 and alert.threshold == 5 and alert.window_minutes == 3
    assert _paused(world, "practitioner")


def test_one_alert_an_episode_updated_not_repeated(world, sent):
    looks(world, "practitioner", children(world, 30))
    with sent():
        first = _check(world, "practitioner")
        assert _check(world, "practitioner").pk == first.pk  # the same check again
        looks(world, "practitioner", children(world, 5))
        again = _check(world, "practitioner")
    assert again.pk == first.pk and again.count == 35
    assert AccessAlert.objects.count() == 1
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    # Past the pause: told once more (paused), then nothing more.
    with sent():
        looks(world, "practitioner", children(world, 30))
        _check(world, "practitioner")
        _check(world, "practitioner")
    assert AccessAlert.objects.count() == 1
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_closed_episode_is_not_counted_again(world):
    from privacy import services

    looks(world, "practitioner", children(world, 30))
    alert = _check(world, "practitioner")
    services.resume_access(world.users["manager"], alert, "Preparing the termly reports.")
    assert _check(world, "practitioner") is None
    looks(world, "practitioner", children(world, 25), minutes_ago=0)
    new = _check(world, "practitioner")
    assert new is not None and new.pk != alert.pk and new.count == 25


def test_a_family_account_used_from_many_places_raises_an_alert_never_a_pause(world, sent):
    # A household's phone, tablet and laptop: three sessions, one address, one place.
    for session in ("a", "b", "c"):
        looks(world, "parent", [world.child], session=session, ip="192.0.2.1")
    assert _check(world, "parent") is None
    looks(world, "parent", [world.child], session="d", ip="192.0.2.9")
    assert _check(world, "parent") is None
    looks(world, "parent", [world.child], session="e", ip="198.51.100.7")
    with sent():
        alert = _check(world, "parent")
    assert alert.kind == AccessAlert.Kind.MANY_PLACES and alert.count == 3
    assert not _paused(world, "parent")
    told = Notification.objects.get(recipient=world.users["manager"])
    assert "Pat Parent's account was used from 3 places at once" in told.title


def test_a_family_account_from_many_addresses_in_one_session(world):
    for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        looks(world, "parent", [world.child], session="one", ip=ip)
    assert _check(world, "parent").count == 3


def test_the_scan_finds_everyone_over_a_threshold_in_few_queries(
        world, django_assert_max_num_queries):
    looks(world, "practitioner", children(world, 20))
    looks(world, "key_person", children(world, 10))
    with django_assert_max_num_queries(4):  # the thresholds, the window, the aggregate
        assert alarm.candidates() == []
    looks(world, "practitioner", children(world, 5))
    assert alarm.candidates() == [(world.setting_a.pk, world.users["practitioner"].pk)]
    assert alarm.scan() == 1
    assert AccessAlert.objects.get().membership_id == world.memberships["practitioner"].pk
    assert alarm.scan() == 1  # idempotent
    assert AccessAlert.objects.count() == 1


def test_the_scan_reads_each_settings_own_thresholds(world):
    PrivacyOptions.objects.create(setting=world.setting_b, practitioner_alert=3,
                                  practitioner_pause=4, manager_alert=3, manager_pause=5)
    from tests.factories import ChildFactory

    kids = ChildFactory.create_batch(3, setting=world.setting_b)
    looks(world, "other_setting", kids)
    looks(world, "practitioner", children(world, 3))  # Acorn keeps the defaults
    assert alarm.scan() == 1
    assert AccessAlert.objects.get().setting_id == world.setting_b.pk


def test_an_ended_membership_is_not_checked(world):
    looks(world, "practitioner", children(world, 30))
    Membership.objects.filter(pk=world.memberships["practitioner"].pk).update(
        ended_at=timezone.now())
    assert _check(world, "practitioner") is None
