"""The core's due emails (see preschool/lib/reminders.py)."""

from django.conf import settings

from preschool.lib.reminders import ReminderKind, register
from preschool.models import Invitation


def _invitation_context(reminder):
    uuid = reminder.object_key.split(":")[0]
    invitation = Invitation.objects.select_related("setting", "invited_by").filter(
        uuid=uuid).first()
    if invitation is None or not invitation.is_usable:
        return None
    return {
        "invitation": invitation,
        "setting": invitation.setting,
        "accept_url": settings.SITE_URL + invitation.get_accept_url(),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }


register(ReminderKind(name="invitation", template="invitation", context=_invitation_context))
