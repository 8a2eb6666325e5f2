"""Retention emails (see preschool/lib/reminders.py for how due emails work).

- ``retention-keepsake``: a family adult with the right to information about a child who has
  left (or is leaving) is told, 60 and then 7 days before the journal is erased, to download
  the keepsake. The nightly run schedules it (``retention.nightly``); it is not sent if the
  person may no longer hear of the child, or a legal hold now keeps the journal.
- ``retention-notice``: the setting's managers receive the list of what will be erased or
  anonymised, and why, ``MANAGER_NOTICE_DAYS`` ahead.
"""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from families.access import family_may_hear
from families.models import Child
from preschool.lib.reminders import ReminderKind, register
from preschool.models import Membership, Role
from retention.models import ErasureNotice, LegalHold
from retention.policy import schedule_of
from retention.schedule import Action


def _keepsake_context(reminder):
    child_uuid, _sep, _days = reminder.object_key.partition(":")
    child = Child.objects.select_related("setting").filter(uuid=child_uuid).first()
    if child is None or child.leaving_date is None or reminder.recipient is None:
        return None
    if not family_may_hear(reminder.recipient, child):
        return None
    if LegalHold.objects.filter(setting=child.setting, child=child).in_force().exists():
        return None
    from retention.nightly import journal_erased_on

    erased_on = journal_erased_on(child, schedule_of(child.setting)["journal"].period)
    if erased_on is None or erased_on <= timezone.localdate():
        return None
    return {"child": child, "setting": child.setting, "erased_on": erased_on,
            "url": settings.SITE_URL + reverse("journal-keepsake", args=[child.uuid])}


def _notice_context(reminder):
    setting_id, _sep, sent_on = reminder.object_key.partition(":")
    recipient = reminder.recipient
    if recipient is None or not recipient.is_active or not (
            Membership.objects.active().filter(user=recipient, setting_id=setting_id,
                                               role=Role.MANAGER).exists()):
        return None
    notices = list(ErasureNotice.objects.filter(setting_id=setting_id,
                                                sent_on=date.fromisoformat(sent_on))
                   .select_related("setting"))
    if not notices:
        return None
    current = schedule_of(notices[0].setting)
    for notice in notices:
        period = current[notice.record_type]
        notice.label = period.record_type.label
        notice.action_label = Action(period.record_type.action).label
        notice.rule = period.text()
    return {"notices": notices, "setting": notices[0].setting,
            "for_date": notices[0].for_date,
            "url": settings.SITE_URL + reverse("retention-due")}


register(ReminderKind(name="retention-keepsake", template="retention_keepsake",
                      context=_keepsake_context))
register(ReminderKind(name="retention-notice", template="retention_notice",
                      context=_notice_context))
