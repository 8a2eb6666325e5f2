"""Subject access emails (see preschool/lib/reminders.py for how due emails work).

- ``subject-access-new``: the setting's managers hear of a request asked for or logged.
- ``subject-access-due``: the managers are reminded of an open request 7 and 2 days before its
  deadline (``constants.REMINDER_DAYS_BEFORE``), and once the day after it has passed. An
  extension moves the deadline, and the reminders with it.

Each email is rebuilt from the database just before sending, and not sent when it is no
longer right (the request was answered, the recipient is no longer a manager). The download
link of a released bundle is not a reminder: its token exists only in the email, sent by
``subject_access.tasks.send_bundle_link``.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from preschool.lib.reminders import Due, ReminderKind, register
from preschool.models import Membership, Role
from subject_access.constants import REMINDER_DAYS_BEFORE, REMINDER_HOUR
from subject_access.models import SubjectAccessRequest

OVERDUE = "overdue"


def _url(sar) -> str:
    return settings.SITE_URL + sar.get_absolute_url()


def _request(reminder):
    return (SubjectAccessRequest.objects
            .select_related("setting", "child", "subject_user", "requester", "logged_by")
            .filter(uuid=reminder.object_key.split(":")[0]).first())


def _is_manager(user, sar) -> bool:
    return bool(user is not None and user.is_active
                and Membership.objects.active().filter(
                    user=user, setting=sar.setting_id, role=Role.MANAGER).exists())


def _new_context(reminder):
    sar = _request(reminder)
    if sar is None or not sar.is_open or not _is_manager(reminder.recipient, sar):
        return None
    return {"sar": sar, "setting": sar.setting, "url": _url(sar)}


def milestone(deadline, today) -> str | None:
    """The latest reminder reached on ``today`` for ``deadline``: "7", "2" (days before) or
    "overdue" (past it); None before the first."""
    if today > deadline:
        return OVERDUE
    reached = [str(d) for d in sorted(REMINDER_DAYS_BEFORE, reverse=True)
               if today >= deadline - timedelta(days=d)]
    return reached[-1] if reached else None


def _due_at(deadline, mark: str) -> datetime:
    day = deadline + timedelta(days=1) if mark == OVERDUE else deadline - timedelta(days=int(mark))
    return timezone.make_aware(datetime.combine(day, time(REMINDER_HOUR)))


def _due_scan(now):
    """Open requests whose deadline is within the first reminder's days, or past: one email
    to each manager of the setting for the latest milestone reached (a request logged late
    does not send three at once; the unique key makes a second scan create nothing new)."""
    today = timezone.localdate(now)
    first = max(REMINDER_DAYS_BEFORE)
    requests = list(SubjectAccessRequest.objects.open()
                    .filter(due_on__lte=today + timedelta(days=first + 92))
                    .select_related("setting"))
    requests = [r for r in requests if r.deadline <= today + timedelta(days=first)]
    managers: dict[int, list] = {}
    for m in (Membership.objects.active()
              .filter(role=Role.MANAGER, setting__in={r.setting_id for r in requests})
              .select_related("user")):
        managers.setdefault(m.setting_id, []).append(m.user)
    for sar in requests:
        mark = milestone(sar.deadline, today)
        if mark is None:
            continue
        for user in managers.get(sar.setting_id, []):
            yield Due(object_key=f"{sar.uuid}:{sar.deadline.isoformat()}:{mark}",
                      recipient_email=user.email, recipient=user,
                      due_at=_due_at(sar.deadline, mark), setting=sar.setting)


def _due_context(reminder):
    sar = _request(reminder)
    if sar is None or not sar.is_open or not _is_manager(reminder.recipient, sar):
        return None
    _, deadline, mark = reminder.object_key.split(":")
    if deadline != sar.deadline.isoformat():  # extended since: a new reminder is due
        return None
    return {"sar": sar, "setting": sar.setting, "url": _url(sar), "overdue": mark == OVERDUE,
            "days_left": (sar.deadline - timezone.localdate()).days}


register(ReminderKind(name="subject-access-new", template="subject_access_new",
                      context=_new_context))
register(ReminderKind(name="subject-access-due", template="subject_access_due",
                      context=_due_context, scan=_due_scan))
