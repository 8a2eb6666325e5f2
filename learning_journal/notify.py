"""Telling people about what happens in a child's journal, as each of them prefers.

``notify(...)`` records one ``Notice`` per recipient and schedules its email through the
reminders mechanism (preschool/lib/reminders.py): at once for people who chose "as it
happens", or in one daily digest per person per day (one Reminder row keyed on the person and
the day) for people who chose a daily email. Called inside the service's transaction; the
emails are queued on commit.

Recipients are chosen here and checked again when the email is sent
(learning_journal/reminder_kinds.py): only adults with the right to receive the child's
information, and staff of the child's setting, are ever sent a child's information.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from families.models import HEARS, ChildAdult
from preschool.lib.reminders import Due, schedule_many
from preschool.models import Role, User

# The daily digest goes out at this local hour (the evening, after the day's observations).
DIGEST_HOUR = 18


def next_digest_at(now=None) -> datetime:
    now = timezone.localtime(now or timezone.now())
    today = timezone.make_aware(datetime.combine(now.date(), time(DIGEST_HOUR)))
    return today if now < today else today + timedelta(days=1)


def family_recipients(child, *, exclude=None) -> list:
    """Adults linked to ``child`` with the right to receive information, with an active family
    membership of the child's setting and an active account."""
    users = (User.objects.filter(is_active=True,
                                 child_links__in=ChildAdult.objects.filter(HEARS, child=child),
                                 memberships__setting_id=child.setting_id,
                                 memberships__ended_at__isnull=True,
                                 memberships__role=Role.PARENT)
             .distinct())
    return [u for u in users if exclude is None or u.pk != exclude.pk]


def staff_recipients(child, *, exclude=None, also=()) -> list:
    """The child's current key person and back-up (the setting's managers when the child has
    neither), plus ``also`` (e.g. the author of an observation) if still staff there."""
    from keyperson.models import Assignment
    from preschool.models import Membership

    memberships = list(Membership.objects.active().staff().filter(
        setting_id=child.setting_id,
        pk__in=Assignment.objects.current().filter(child=child).values("staff_id"),
    ).select_related("user"))
    if not memberships:
        memberships = list(Membership.objects.active().filter(
            setting_id=child.setting_id, role=Role.MANAGER).select_related("user"))
    users = {m.user.pk: m.user for m in memberships}
    extra_ids = [u.pk for u in also if u is not None and u.pk not in users]
    if extra_ids:
        for m in Membership.objects.active().staff().filter(
                setting_id=child.setting_id, user_id__in=extra_ids).select_related("user"):
            users[m.user.pk] = m.user
    return [u for u in users.values()
            if u.is_active and (exclude is None or u.pk != exclude.pk)]


def notify(recipients, *, child, event, observation=None, comment=None, check=None) -> list:
    """Record and schedule one notice per recipient (see the module docstring): one INSERT of
    the notices and one ``schedule_many`` for each way of sending, however many recipients."""
    from learning_journal.models import Notice

    recipients = list(recipients)
    digest_at = next_digest_at()
    notices = Notice.objects.bulk_create([
        Notice(setting_id=child.setting_id, recipient=user, child=child, event=event,
               observation=observation, comment=comment, check_record=check,
               digest_on=timezone.localdate(digest_at) if _daily(user) else None)
        for user in recipients])
    schedule_many("journal-digest", [
        Due(object_key=str(user.uuid), recipient_email=user.email, due_at=digest_at,
            recipient=user, setting=child.setting) for user in recipients if _daily(user)])
    schedule_many("journal-notice", [
        Due(object_key=str(notice.uuid), recipient_email=user.email, recipient=user,
            setting=child.setting)
        for user, notice in zip(recipients, notices, strict=True) if not _daily(user)])
    return notices


def _daily(user) -> bool:
    return user.notification_frequency == User.Frequency.DAILY
