"""The nightly run, day by day (a frozen clock: each night is run for the date it stands
for): the managers' list 14 days ahead, erasure on the day and only after such a list,
legal holds, a changed period, the families' keepsake emails, idempotence, and an erasure
log that names nobody."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from preschool.lib import reminders
from preschool.models import Reminder, Role
from retention import services
from retention.models import ErasureLog, ErasureNotice
from retention.nightly import run, run_setting
from retention.policy import add_period
from retention.schedule import BY_KEY, KEEPSAKE_NOTICE_DAYS, MANAGER_NOTICE_DAYS, SCHEDULE
from tests.complaints.factories import concern
from tests.factories import ChildAdultFactory, ChildFactory, MembershipFactory, UserFactory

NIGHT = date(2031, 3, 2)


def _night(world, day, times=1):
    for _ in range(times):
        run_setting(world.setting_a, day)


def _nights(world, first, last):
    day = first
    while day <= last:
        _night(world, day)
        day += timedelta(days=1)


def test_the_notice_is_two_weeks():
    assert MANAGER_NOTICE_DAYS == 14 and KEEPSAKE_NOTICE_DAYS == (60, 7)


@pytest.mark.parametrize("record_type", [t.key for t in SCHEDULE])
def test_it_lists_each_record_type_14_days_ahead_and_erases_it_on_the_day(
        world, fake_erasers, record_type):
    start = date(2020, 5, 17)
    record = fake_erasers.add(record_type, world.setting_a, start, child=world.child,
                              name="Ava Parentchild")
    due = add_period(start, BY_KEY[record_type].default)
    _night(world, due - timedelta(days=15))
    assert not ErasureNotice.objects.exists()
    _night(world, due - timedelta(days=14))
    notice = ErasureNotice.objects.get()
    assert (notice.record_type, notice.keys, notice.count) == (record_type, [record.key], 1)
    assert notice.for_date == due and notice.lines == ["Ava Parentchild: 1 record"]
    managers = Reminder.objects.filter(kind="retention-notice")
    assert {r.recipient for r in managers} == {world.users["manager"]}
    _nights(world, due - timedelta(days=13), due - timedelta(days=1))
    assert not record.erased and not ErasureLog.objects.exists()
    _night(world, due)
    assert record.erased
    entry = ErasureLog.objects.get()
    assert (entry.record_type, entry.count, entry.run_on) == (record_type, 1, due)
    assert entry.action == BY_KEY[record_type].action
    assert entry.notice_sent_on == due - timedelta(days=14)
    assert "default" in entry.rule


def test_nothing_is_erased_without_a_list_14_days_old(world, fake_erasers):
    """A record long past its period (the setting just joined) is listed first."""
    record = fake_erasers.add("attendance", world.setting_a, date(2010, 1, 1))
    _night(world, NIGHT)
    assert ErasureNotice.objects.get().sent_on == NIGHT
    _nights(world, NIGHT + timedelta(days=1), NIGHT + timedelta(days=13))
    assert not record.erased and not fake_erasers.erase_calls
    _night(world, NIGHT + timedelta(days=14))
    assert record.erased
    assert fake_erasers.erase_calls == [("attendance", [record.key])]


def test_a_list_of_another_setting_or_type_does_not_count(world, fake_erasers):
    record = fake_erasers.add("attendance", world.setting_a, date(2010, 1, 1))
    ErasureNotice.objects.create(setting=world.setting_b, record_type="attendance",
                                 sent_on=NIGHT, for_date=NIGHT, keys=[record.key])
    ErasureNotice.objects.create(setting=world.setting_a, record_type="journal",
                                 sent_on=NIGHT, for_date=NIGHT, keys=[record.key])
    _night(world, NIGHT + timedelta(days=20))
    assert not record.erased


def test_a_list_older_than_it_stands_is_sent_again(world, fake_erasers):
    record = fake_erasers.add("attendance", world.setting_a, date(2010, 1, 1))
    ErasureNotice.objects.create(setting=world.setting_a, record_type="attendance",
                                 sent_on=NIGHT - timedelta(days=120), for_date=NIGHT,
                                 keys=[record.key])
    _night(world, NIGHT)
    assert not record.erased
    assert ErasureNotice.objects.filter(sent_on=NIGHT).exists()


@pytest.mark.parametrize("on", ["child", "adult", "record"])
def test_nothing_under_a_legal_hold_is_listed_or_erased_until_it_is_lifted(
        world, fake_erasers, on):
    complaint = concern(world)
    record = fake_erasers.add("complaints", world.setting_a, date(2010, 1, 1),
                              child=world.child, user=world.users["parent"],
                              record=("complaints.concern", str(complaint.uuid)))
    target = {"child": {"child": world.child}, "adult": {"adult": world.users["parent"]},
              "record": {"record_label": "complaints.concern",
                         "record_uuid": str(complaint.uuid)}}[on]
    hold = services.place_hold(world.users["manager"], world.setting_a,
                               reason="claim", details="A claim from the family.", **target)
    _nights(world, NIGHT, NIGHT + timedelta(days=30))
    assert not record.erased and not ErasureNotice.objects.exists()
    services.lift_hold(world.users["manager"], hold, lift_reason="The claim was settled.")
    _night(world, NIGHT + timedelta(days=31))
    assert ErasureNotice.objects.get().sent_on == NIGHT + timedelta(days=31)
    _night(world, NIGHT + timedelta(days=44))
    assert not record.erased
    _night(world, NIGHT + timedelta(days=45))
    assert record.erased


def test_a_hold_placed_after_the_list_still_keeps_the_record(world, fake_erasers):
    record = fake_erasers.add("journal", world.setting_a, date(2010, 1, 1), child=world.child)
    _night(world, NIGHT)
    services.place_hold(world.users["manager"], world.setting_a, child=world.child,
                        reason="safeguarding", details="A case is open.")
    _nights(world, NIGHT + timedelta(days=14), NIGHT + timedelta(days=20))
    assert not record.erased
    assert all(not keys for _type, keys in fake_erasers.erase_calls)


def test_a_changed_period_is_the_one_used_and_logged(world, fake_erasers):
    left = date(2030, 1, 10)
    record = fake_erasers.add("journal", world.setting_a, left, child=world.child)
    services.change_rule(world.users["manager"], world.setting_a, "journal", years=1,
                         reason="Families asked for a year to download the journal.")
    default_due = add_period(left, BY_KEY["journal"].default)
    _night(world, default_due - timedelta(days=14))
    _night(world, default_due)
    assert not record.erased and not ErasureNotice.objects.exists()
    due = date(2031, 1, 10)
    _night(world, due - timedelta(days=14))
    _night(world, due)
    assert record.erased
    rule = ErasureLog.objects.get().rule
    assert "1 year" in rule and "Families asked for a year" in rule
    # Back to the default: a row too, and the default again.
    services.change_rule(world.users["manager"], world.setting_a, "journal",
                         back_to_default=True, reason="The year is over.")
    from retention.policy import period_for

    assert period_for(world.setting_a, "journal") == BY_KEY["journal"].default


def test_running_twice_a_night_does_nothing_twice(world, fake_erasers):
    record = fake_erasers.add("attendance", world.setting_a, date(2010, 1, 1))
    world.child.leaving_date = _left_for_journal_erased_on(NIGHT + timedelta(days=60))
    world.child.save()
    _night(world, NIGHT, times=2)
    assert ErasureNotice.objects.count() == 1
    assert Reminder.objects.filter(kind="retention-notice").count() == 1
    assert Reminder.objects.filter(kind="retention-keepsake").count() == 1
    assert Notification.objects.filter(recipient=world.users["parent"]).count() == 1
    assert Notification.objects.filter(recipient=world.users["manager"]).count() == 1
    _night(world, NIGHT + timedelta(days=14), times=2)
    assert record.erased
    assert ErasureLog.objects.get().count == 1
    assert [keys for _t, keys in fake_erasers.erase_calls] == [[record.key]]


def test_the_erasure_log_names_nobody(world, fake_erasers):
    for record_type in ("child_record", "journal", "accounts"):
        fake_erasers.add(record_type, world.setting_a, date(2001, 1, 1), child=world.child,
                         user=world.users["parent"], name=world.child.full_name)
    _night(world, NIGHT)
    _night(world, NIGHT + timedelta(days=14))
    entries = list(ErasureLog.objects.all())
    assert len(entries) == 3
    names = {world.child.first_name, world.child.last_name, world.users["parent"].full_name,
             world.users["parent"].email, str(world.child.uuid)}
    for entry in entries:
        for field in ErasureLog._meta.concrete_fields:
            value = str(getattr(entry, field.attname))
            assert not any(name in value for name in names), (field.name, value)


def _left_for_journal_erased_on(erased_on):
    """A leaving date whose journal (the default 90 days) is erased on ``erased_on``."""
    return erased_on - timedelta(days=90)


def test_families_are_told_to_download_the_keepsake_60_and_7_days_before(world, fake_erasers):
    erased_on = NIGHT + timedelta(days=70)
    world.child.leaving_date = _left_for_journal_erased_on(erased_on)
    world.child.save()
    _nights(world, NIGHT, erased_on + timedelta(days=2))
    rows = Reminder.objects.filter(kind="retention-keepsake").order_by("due_on")
    # Pat, with the right to information: never Casey (no right) or Olly (another child).
    assert [(r.object_key, r.recipient, r.due_on) for r in rows] == [
        (f"{world.child.uuid}:60", world.users["parent"], erased_on - timedelta(days=60)),
        (f"{world.child.uuid}:7", world.users["parent"], erased_on - timedelta(days=7))]
    told = Notification.objects.filter(url=f"/journal/children/{world.child.uuid}/keepsake/")
    assert [n.recipient for n in told] == [world.users["parent"]] * 2


def test_a_leaving_recorded_late_sends_only_the_nearest_notice(world, fake_erasers):
    erased_on = NIGHT + timedelta(days=5)
    world.child.leaving_date = _left_for_journal_erased_on(erased_on)
    world.child.save()
    _nights(world, NIGHT, erased_on)
    assert [r.object_key for r in Reminder.objects.filter(kind="retention-keepsake")] == [
        f"{world.child.uuid}:7"]


def test_a_held_child_s_family_is_not_told(world, fake_erasers):
    world.child.leaving_date = _left_for_journal_erased_on(NIGHT + timedelta(days=60))
    world.child.save()
    services.place_hold(world.users["manager"], world.setting_a, child=world.child,
                        reason="authority", details="The police asked us to keep it.")
    _night(world, NIGHT)
    assert not Reminder.objects.filter(kind="retention-keepsake").exists()


def test_the_keepsake_email_links_to_the_keepsake_page_in_the_family_s_language(
        world, fake_erasers):
    today = timezone.localdate()
    world.child.leaving_date = _left_for_journal_erased_on(today + timedelta(days=60))
    world.child.save()
    pat = world.users["parent"]
    pat.preferred_language = "pl"
    pat.save()
    _night(world, today)
    reminder = Reminder.objects.get(kind="retention-keepsake")
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
    assert reminders.deliver(reminder.pk) == "sent"
    email = mail.outbox[-1]
    assert email.to == [pat.email]
    assert f"/journal/children/{world.child.uuid}/keepsake/" in email.body


def test_the_managers_email_lists_what_and_why(world, fake_erasers):
    today = timezone.localdate()
    fake_erasers.add("journal", world.setting_a, date(2010, 1, 1), name="Ava Parentchild")
    _night(world, today)
    reminder = Reminder.objects.get(kind="retention-notice")
    Reminder.objects.filter(pk=reminder.pk).update(due_at=timezone.now())
    assert reminders.deliver(reminder.pk) == "sent"
    email = mail.outbox[-1]
    assert email.to == [world.users["manager"].email]
    assert "Ava Parentchild: 1 record" in email.body
    assert "/retention/due/" in email.body and "90 days" in email.body


def _grow(world, fake_erasers, n, *, leaving_in=None):
    """``n`` more children with records due, and families who may hear of them; with
    ``leaving_in``, their journal is erased that many days after NIGHT."""
    for i in range(n):
        left = (_left_for_journal_erased_on(NIGHT + timedelta(days=leaving_in))
                if leaving_in else date(2012, 1, 1))
        child = ChildFactory(setting=world.setting_a, room=world.room, first_name=f"C{i}",
                             leaving_date=left)
        parent = UserFactory()
        MembershipFactory(user=parent, setting=world.setting_a, role=Role.PARENT)
        ChildAdultFactory(child=child, user=parent, relationship="Mother")
        for record_type in ("journal", "attendance", "complaints"):
            fake_erasers.add(record_type, world.setting_a, date(2010, 1, 1), child=child)


def _queries(world, day) -> int:
    with CaptureQueriesContext(connection) as queries:
        run_setting(world.setting_a, day)
    return len(queries)


def test_the_run_s_queries_do_not_grow_with_the_children(world, fake_erasers):
    """The same queries for 2 children as for 27: the list night, then the erasure night."""
    _grow(world, fake_erasers, 2)
    small = [_queries(world, NIGHT + timedelta(days=d)) for d in (1, 15)]
    ErasureNotice.objects.all().delete()
    _grow(world, fake_erasers, 25)
    large = [_queries(world, NIGHT + timedelta(days=d)) for d in (2, 16)]
    assert large == small


def test_a_keepsake_notice_costs_only_its_notification(world, fake_erasers):
    """Telling a child's family is one ``notify`` (three queries); the rest is shared."""
    _grow(world, fake_erasers, 2, leaving_in=60)
    two = _queries(world, NIGHT)
    _grow(world, fake_erasers, 10, leaving_in=61)
    twelve = _queries(world, NIGHT + timedelta(days=1))
    assert Reminder.objects.filter(kind="retention-keepsake").count() == 12
    assert twelve - two <= 3 * (10 - 2)


def test_the_run_goes_over_every_setting_in_its_own_scope(world, fake_erasers):
    a = fake_erasers.add("attendance", world.setting_a, date(2010, 1, 1))
    b = fake_erasers.add("attendance", world.setting_b, date(2010, 1, 1))
    run(NIGHT)
    run(NIGHT + timedelta(days=14))
    assert a.erased and b.erased
    assert set(ErasureLog.objects.values_list("setting", flat=True)) == {
        world.setting_a.pk, world.setting_b.pk}


def test_beat_runs_it_once_a_night(world, fake_erasers, settings):
    from celery.schedules import crontab

    from preschool.celery import app
    from retention.tasks import nightly_run

    entry = settings.CELERY_BEAT_SCHEDULE["retention-nightly"]
    assert entry["task"] == "retention.tasks.nightly_run" and entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=2, minute=30)
    record = fake_erasers.add("attendance", world.setting_a, date(2010, 1, 1))
    assert nightly_run.apply().get()["noticed"] == 1
    assert ErasureNotice.objects.get().keys == [record.key]


def test_a_setting_whose_run_fails_does_not_stop_the_others(world, fake_erasers, monkeypatch):
    a = fake_erasers.add("attendance", world.setting_a, date(2010, 1, 1))
    b = fake_erasers.add("attendance", world.setting_b, date(2010, 1, 1))
    run(NIGHT)
    erase = fake_erasers.erase

    def failing(record_type, setting, keys, holds):
        if setting.pk == world.setting_a.pk:
            raise RuntimeError("The disk is full.")
        return erase(record_type, setting, keys, holds)

    monkeypatch.setattr(fake_erasers, "erase", failing)
    totals = run(NIGHT + timedelta(days=14))
    assert totals["failed"] == 1 and b.erased and not a.erased
    assert list(ErasureLog.objects.values_list("setting", flat=True)) == [world.setting_b.pk]
