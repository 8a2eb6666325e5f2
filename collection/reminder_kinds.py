"""Collection emails (see preschool/lib/reminders.py for how due emails work).

- The parent who set a collection password is told when it is used, and when it was refused
  after too many wrong tries.
- A child still here ``late_alert_minutes`` after their session ended: each manager of the
  setting is alerted, and the family (adults with parental responsibility and the right to
  information, with an account) is told.

Each email's context is rebuilt just before sending and is None - nothing is sent - when it is
no longer right: the child was collected meanwhile, or the recipient has lost the right to the
child's information or left the setting. No email ever carries a password.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceRecord, AttendanceSettings
from collection.models import CollectionPassword
from families.access import family_may_hear
from families.models import ChildAdult
from preschool.lib.reminders import Due, ReminderKind, register
from preschool.models import Membership, Role


def _url(name, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _manager_of(user, setting_id) -> bool:
    return bool(user and user.is_active and user.memberships.active()
                .filter(setting=setting_id, role=Role.MANAGER).exists())


# --- A collection password was used, or refused after too many wrong tries -----------------

def _password(reminder):
    return (CollectionPassword.objects.select_related("child__setting", "used_record", "used_by")
            .filter(uuid=reminder.object_key).first())


def _password_used_context(reminder):
    password = _password(reminder)
    if (password is None or password.used_at is None
            or not family_may_hear(reminder.recipient, password.child)):
        return None
    return {"password": password, "child": password.child, "setting": password.child.setting,
            "used_at": timezone.localtime(password.used_at),
            "url": _url("collection-child", password.child.uuid)}


def _password_locked_context(reminder):
    password = _password(reminder)
    if password is None or not family_may_hear(reminder.recipient, password.child):
        return None
    from collection.services import LOCK_MINUTES, MAX_WRONG_ATTEMPTS

    return {"password": password, "child": password.child, "setting": password.child.setting,
            "attempts": MAX_WRONG_ATTEMPTS, "minutes": LOCK_MINUTES,
            "url": _url("collection-child", password.child.uuid)}


# --- A child not collected ----------------------------------------------------------------------

def overdue_records(now, setting=None):
    """Open register rows of today (of one setting, or all) whose session ended more than the
    setting's alert time ago, with the moment each became due."""
    today = timezone.localdate(now)
    records = AttendanceRecord.objects.open().filter(date=today, session__isnull=False)
    if setting is not None:
        records = records.filter(setting=setting)
    records = list(records.select_related("session", "child__setting"))
    minutes = dict(AttendanceSettings.objects.filter(
        setting_id__in={r.setting_id for r in records}).values_list(
        "setting_id", "late_alert_minutes"))
    for record in records:
        due_at = record.late_alert_at(minutes.get(record.setting_id,
                                                  AttendanceSettings().late_alert_minutes))
        if due_at <= now:
            yield record, due_at


def _late_scan(now):
    overdue = list(overdue_records(now))
    if not overdue:
        return
    setting_ids = {r.setting_id for r, _ in overdue}
    managers = {}
    for m in (Membership.objects.active().filter(setting_id__in=setting_ids, role=Role.MANAGER)
              .select_related("user")):
        managers.setdefault(m.setting_id, []).append(m.user)
    family = {}
    for adult in (ChildAdult.objects.filter(
            child__in=[r.child_id for r, _ in overdue], user__isnull=False,
            may_receive_information=True, has_parental_responsibility=True, restriction="")
            .select_related("user")):
        family.setdefault(adult.child_id, []).append(adult.user)
    for record, due_at in overdue:
        key = str(record.uuid)
        for user in managers.get(record.setting_id, []):
            yield "manager", Due(object_key=key, recipient_email=user.email, recipient=user,
                                 due_at=due_at, setting=record.child.setting)
        for user in family.get(record.child_id, []):
            yield "family", Due(object_key=key, recipient_email=user.email, recipient=user,
                                due_at=due_at, setting=record.child.setting)


def _late_manager_scan(now):
    return [due for who, due in _late_scan(now) if who == "manager"]


def _late_family_scan(now):
    return [due for who, due in _late_scan(now) if who == "family"]


def _late_context(reminder, *, for_manager: bool):
    record = (AttendanceRecord.objects.open().select_related("session", "child__setting", "room")
              .filter(uuid=reminder.object_key).first())
    if record is None or record.session_id is None:
        return None  # collected (or corrected) since
    child = record.child
    if for_manager:
        if not _manager_of(reminder.recipient, record.setting_id):
            return None
    elif not family_may_hear(reminder.recipient, child):
        return None
    policy = AttendanceSettings.of(child.setting)
    return {"record": record, "child": child, "setting": child.setting,
            "recipient": reminder.recipient,
            "session_end": timezone.localtime(record.session_end()),
            "procedure": policy.non_collection_procedure,
            "url": _url("collection-late") if for_manager else _url("collection-child",
                                                                    child.uuid)}


register(ReminderKind(name="collection-password-used", template="collection_password_used",
                      context=_password_used_context))
register(ReminderKind(name="collection-password-locked", template="collection_password_locked",
                      context=_password_locked_context))
register(ReminderKind(name="collection-late-manager", template="collection_late_manager",
                      context=lambda r: _late_context(r, for_manager=True),
                      scan=_late_manager_scan))
register(ReminderKind(name="collection-late-family", template="collection_late_family",
                      context=lambda r: _late_context(r, for_manager=False),
                      scan=_late_family_scan))
