"""The core's due emails (see preschool/lib/reminders.py)."""

from django.conf import settings
from django.urls import reverse

from preschool.lib.reminders import ReminderKind, register
from preschool.models import Invitation, KnownDevice


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


def _new_device_context(reminder):
    """A sign-in from a new device (preschool.services.sign_in_from_device)."""
    device = KnownDevice.objects.filter(pk=reminder.object_key,
                                        user_id=reminder.recipient_id).first()
    if device is None:
        return None
    return {
        "device": device,
        "sessions_url": settings.SITE_URL + reverse("usersessions_list"),
        "password_url": settings.SITE_URL + reverse("account_change_password"),
    }


register(ReminderKind(name="account-new-device", template="account_new_device",
                      context=_new_device_context))
