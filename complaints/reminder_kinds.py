"""Complaints emails (see preschool/lib/reminders.py for how due emails work).

- ``complaints-new``: the setting's managers hear of a concern raised or logged.
- ``complaints-acknowledged`` and ``complaints-outcome``: the person who raised it is told in
  writing (eyfs.md, "Complaints": complainants are notified of the outcome).
- ``complaints-deadline``: the manager handling an open complaint is reminded on days 14, 21
  and 27 after it was received (``constants.REMINDER_DAYS``); the outcome is due on day 28.

Each email is rebuilt from the database just before sending, and not sent when it is no
longer right (the complaint was closed, the recipient is no longer a manager).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from complaints.constants import OFSTED, REMINDER_DAYS, REMINDER_HOUR, RESPONSE_DAYS
from complaints.models import Concern
from preschool.lib.reminders import Due, ReminderKind, register
from preschool.models import Membership, Role


def _url(concern) -> str:
    return settings.SITE_URL + reverse("complaints-detail", args=[concern.uuid])


def _concern(reminder):
    return (Concern.objects.select_related("setting", "child", "complainant",
                                           "assigned_to__user")
            .filter(uuid=reminder.object_key.split(":")[0]).first())


def _is_manager(user, concern) -> bool:
    return bool(user is not None and user.is_active
                and Membership.objects.active().filter(
                    user=user, setting=concern.setting_id, role=Role.MANAGER).exists())


def _new_context(reminder):
    concern = _concern(reminder)
    if concern is None or not _is_manager(reminder.recipient, concern):
        return None
    return {"concern": concern, "setting": concern.setting, "url": _url(concern)}


def _complainant_context(reminder):
    concern = _concern(reminder)
    if concern is None or concern.is_anonymous:
        return None
    context = {"concern": concern, "setting": concern.setting, "ofsted": OFSTED,
               "url": _url(concern) if concern.complainant_id else ""}
    if reminder.object_key.endswith(":outcome"):
        outcome = getattr(concern, "outcome", None)
        if outcome is None:
            return None
        context["outcome"] = outcome
    return context


def milestone_reached(concern, today) -> int | None:
    """The latest reminder day (14, 21 or 27) reached by an open complaint, if any."""
    received_on = concern.due_on - timedelta(days=RESPONSE_DAYS)
    reached = [d for d in REMINDER_DAYS if received_on + timedelta(days=d) <= today]
    return reached[-1] if reached else None


def _deadline_scan(now):
    """Open complaints within their 28 days that have reached a reminder day: one email to
    the manager handling each (to every manager of the setting while nobody is assigned).

    Only the latest day reached is reminded, so a complaint logged late does not send three
    emails at once; the reminder's unique key makes a second scan create nothing new.
    """
    today = timezone.localdate(now)
    first = min(REMINDER_DAYS)
    complaints = list(
        Concern.objects.complaints().open()
        .filter(due_on__gte=today, due_on__lte=today + timedelta(days=RESPONSE_DAYS - first))
        .select_related("assigned_to__user", "setting"))
    managers = {}
    for m in (Membership.objects.active().filter(role=Role.MANAGER,
                                                 setting__in={c.setting_id for c in complaints})
              .select_related("user")):
        managers.setdefault(m.setting_id, []).append(m.user)
    for concern in complaints:
        day = milestone_reached(concern, today)
        if day is None:
            continue
        received_on = concern.due_on - timedelta(days=RESPONSE_DAYS)
        due_at = timezone.make_aware(datetime.combine(received_on + timedelta(days=day),
                                                      time(REMINDER_HOUR)))
        assigned = concern.assigned_to
        if assigned is not None and assigned.is_active:
            recipients = [assigned.user]
        else:
            recipients = managers.get(concern.setting_id, [])
        for user in recipients:
            yield Due(object_key=f"{concern.uuid}:{day}", recipient_email=user.email,
                      recipient=user, due_at=due_at, setting=concern.setting)


def _deadline_context(reminder):
    concern = _concern(reminder)
    if concern is None or concern.is_closed or not _is_manager(reminder.recipient, concern):
        return None
    day = int(reminder.object_key.split(":")[1])
    return {"concern": concern, "setting": concern.setting, "day": day,
            "days_left": RESPONSE_DAYS - day, "url": _url(concern)}


register(ReminderKind(name="complaints-new", template="complaints_new", context=_new_context))
register(ReminderKind(name="complaints-acknowledged", template="complaints_acknowledged",
                      context=_complainant_context))
register(ReminderKind(name="complaints-outcome", template="complaints_outcome",
                      context=_complainant_context))
register(ReminderKind(name="complaints-deadline", template="complaints_deadline",
                      context=_deadline_context, scan=_deadline_scan))
