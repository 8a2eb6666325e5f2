"""The nightly retention run: keepsake notices, the managers' list, then the erasures.

For each setting, in its scope and one transaction (the setting's row locked, so two runs of
one night follow each other and the second finds nothing left to do):

1. Families of a child whose journal is erased ``schedule.KEEPSAKE_NOTICE_DAYS`` (60, then 7)
   days from now are emailed (the ``retention-keepsake`` reminder, each adult with the right
   to information in their own language, linking to the journal's keepsake page) and told in
   the portal. A child under a legal hold is not: their journal is kept.
2. What is erased today is what ``erasers.find`` says is due today (not under a hold) AND was
   on a notice sent to the managers at least ``MANAGER_NOTICE_DAYS`` days ago (shared
   reference: nothing is erased without the manager having had the list in advance). Each
   erasure writes one ``ErasureLog`` row: the kind, the count, the rule, the dates.
3. What falls due within ``MANAGER_NOTICE_DAYS`` and was on no notice yet is a new
   ``ErasureNotice``, and the managers are emailed the list and told in the portal.

Queries: a fixed number a setting (the schedule, the holds, the notices, each record type's
finds, the keepsake children and their families), however many children it has; a keepsake
notice tells a child's family with ``notify`` (three queries), only on its two nights.
"""

import logging
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from families.access import hearing_links
from families.models import Child
from notifications.models import Category
from notifications.services import notify
from preschool.lib.reminders import Due, schedule_many
from preschool.models import Membership, Reminder, Role, Setting
from preschool.tenancy import setting_scope
from retention.models import ErasureLog, ErasureNotice
from retention.policy import add_period, erasers, holds_of, schedule_of, subtract_period
from retention.schedule import BY_KEY, KEEPSAKE_NOTICE_DAYS, MANAGER_NOTICE_DAYS, SCHEDULE

log = logging.getLogger(__name__)

# A notice stands for this long: a record due later than that (a hold lifted months after)
# is put on a new list before it is erased.
NOTICE_VALID_DAYS = 90
# Emails of the run go out at this hour of the day they are due.
EMAIL_HOUR = 9
KEEPSAKE_KIND = "retention-keepsake"
NOTICE_KIND = "retention-notice"


def run(today: date | None = None) -> dict[str, int]:
    """The run over every setting, each in its own scope and transaction. A setting whose
    run fails is logged and rolled back, and the others still run (it is tried again the
    next night, and nothing of it was erased)."""
    today = today or timezone.localdate()
    totals: dict[str, int] = defaultdict(int)
    for setting in Setting.objects.order_by("pk"):
        try:
            done = run_setting(setting, today)
        except Exception:
            log.exception("The retention run failed for setting %s.", setting.pk)
            totals["failed"] += 1
            continue
        for key, value in done.items():
            totals[key] += value
    return dict(totals)


def run_setting(setting, today: date) -> dict[str, int]:
    with setting_scope(setting), transaction.atomic(), translation.override(
            settings.LANGUAGE_CODE):
        # Two runs of the same night for one setting follow each other.
        Setting.objects.select_for_update().filter(pk=setting.pk).values_list("pk").first()
        schedule = schedule_of(setting)
        holds = holds_of(setting)
        told = _keepsake_notices(setting, today, schedule, holds)
        on_notice = _noticed_on(setting, today)
        erased = _erase_what_was_noticed(setting, today, schedule, holds, on_notice)
        noticed = _notices(setting, today, schedule, holds, on_notice)
    return {"keepsake_notices": told, "erased": erased, "noticed": noticed}


def _erasable_types() -> list[str]:
    names = erasers().ERASABLE
    return [record_type.key for record_type in SCHEDULE if record_type.key in names]


def _noticed_on(setting, today: date) -> dict[str, dict[str, date]]:
    """For each record type, the keys on a notice still standing, with the day the first
    notice naming each was sent."""
    noticed: dict[str, dict[str, date]] = defaultdict(dict)
    for record_type, keys, sent_on in (
            ErasureNotice.objects.filter(setting=setting,
                                         sent_on__gt=today - timedelta(days=NOTICE_VALID_DAYS))
            .order_by("-sent_on").values_list("record_type", "keys", "sent_on")):
        for key in keys:
            noticed[record_type][key] = sent_on  # the earliest wins: read last
    return noticed


def _erase_what_was_noticed(setting, today, schedule, holds, noticed) -> int:
    module = erasers()
    latest_notice = today - timedelta(days=MANAGER_NOTICE_DAYS)
    logs = []
    for record_type in _erasable_types():
        batch = module.find(record_type, setting, schedule[record_type].period, today, holds)
        on_notice = noticed.get(record_type, {})
        ripe = [key for key in batch.keys
                if key in on_notice and on_notice[key] <= latest_notice]
        if not ripe:
            continue
        count = module.erase(record_type, setting, ripe, holds)
        if count:
            logs.append(ErasureLog(
                setting=setting, record_type=record_type,
                action=BY_KEY[record_type].action, count=count,
                rule=schedule[record_type].text(),
                notice_sent_on=min(on_notice[key] for key in ripe), run_on=today))
    ErasureLog.objects.bulk_create(logs)
    return sum(entry.count for entry in logs)


def _notices(setting, today, schedule, holds, noticed) -> int:
    """New notices of what falls due within ``MANAGER_NOTICE_DAYS``; the managers told."""
    module = erasers()
    for_date = today + timedelta(days=MANAGER_NOTICE_DAYS)
    notices = []
    for record_type in _erasable_types():
        batch = module.find(record_type, setting, schedule[record_type].period, for_date,
                            holds)
        if not any(key not in noticed.get(record_type, {}) for key in batch.keys):
            continue
        notices.append(ErasureNotice(setting=setting, record_type=record_type, sent_on=today,
                                     for_date=for_date, keys=list(batch.keys),
                                     lines=list(batch.lines), count=batch.count))
    if not notices:
        return 0
    ErasureNotice.objects.bulk_create(notices, ignore_conflicts=True)
    managers = list(Membership.objects.active()
                    .filter(setting=setting, role=Role.MANAGER, user__is_active=True)
                    .select_related("user"))
    due_at = _at(today)
    schedule_many(NOTICE_KIND, [
        Due(object_key=f"{setting.pk}:{today.isoformat()}", recipient_email=m.user.email,
            recipient=m.user, setting=setting, due_at=due_at) for m in managers])
    notify(setting=setting, recipients=[m.user for m in managers], category=Category.DATA,
           title=format_lazy(_("Records due for erasure on {date}"), date=_long_date(for_date)),
           url=reverse("retention-due"), emailed_by_app=True)
    return sum(notice.count for notice in notices)


# A date in the reader's language, when the title is stored in it.
_long_date = lazy(lambda day: date_format(day, "j E Y"), str)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(EMAIL_HOUR)))


def journal_erased_on(child, journal_period) -> date | None:
    if child.leaving_date is None:
        return None
    return add_period(child.leaving_date, journal_period)


def _keepsake_notices(setting, today, schedule, holds) -> int:
    """Families of children whose journal is erased 60, then 7, days from now."""
    period = schedule["journal"].period
    longest = max(KEEPSAKE_NOTICE_DAYS)
    # A bound on the leaving dates, a few days wide for the months' lengths; the exact test
    # on each child follows.
    children = list(Child.objects.filter(
        setting=setting, leaving_date__gt=subtract_period(today, period) - timedelta(days=4),
        leaving_date__lte=subtract_period(today + timedelta(days=longest), period)
        + timedelta(days=4)).exclude(pk__in=holds.child_ids))
    due: dict[int, tuple[Child, int, date]] = {}
    for child in children:
        erased_on = journal_erased_on(child, period)
        if erased_on is None or not today < erased_on:
            continue
        # The nearest notice day reached: a child who left late hears once, not twice.
        reached = [days for days in KEEPSAKE_NOTICE_DAYS
                   if erased_on - timedelta(days=days) <= today]
        if reached:
            days = min(reached)
            due[child.pk] = (child, days, erased_on - timedelta(days=days))
    if not due:
        return 0
    family = defaultdict(list)
    for child_id, user_id, email, user in _family_of(setting, due):
        family[child_id].append((user_id, email, user))
    keys = {child.pk: f"{child.uuid}:{days}" for child, days, _day in due.values()}
    already = set(Reminder.objects.filter(kind=KEEPSAKE_KIND, object_key__in=keys.values())
                  .values_list("object_key", flat=True))
    dues: list[Due] = []
    told = 0
    for child_id, (child, days, notice_day) in due.items():
        if keys[child_id] in already or not family[child_id]:
            continue
        told += 1
        dues.extend(Due(object_key=keys[child_id], recipient_email=email, recipient=user,
                        setting=setting, due_at=_at(notice_day))
                    for _user_id, email, user in family[child_id])
        erased_on = notice_day + timedelta(days=days)
        notify(setting=setting, recipients=[user_id for user_id, _e, _u in family[child_id]],
               category=Category.DATA, child=child, emailed_by_app=True,
               title=format_lazy(_("Download {name}'s keepsake: the journal is erased on "
                                   "{date}"), name=child.known_as, date=_long_date(erased_on)),
               url=reverse("journal-keepsake", args=[child.uuid]))
    schedule_many(KEEPSAKE_KIND, dues)
    return told


def _family_of(setting, due):
    """(child id, user id, email, user) of the family who may hear of each child: the right
    to information, no restriction, an active family membership and account. One query."""
    links = (hearing_links(list(due))
             .filter(user__is_active=True, user__memberships__setting=setting,
                     user__memberships__ended_at__isnull=True,
                     user__memberships__role=Role.PARENT)
             .select_related("user").distinct())
    return [(link.child_id, link.user_id, link.user.email, link.user) for link in links]
