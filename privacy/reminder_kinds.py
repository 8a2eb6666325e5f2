"""The bulk-access alarm's email (see preschool/lib/reminders.py for how due emails work).

``privacy-alert``: each manager of the setting (and the portal's operators, when the person
is the only manager) hears at once that an alert was raised, or that the person's access was
paused. Rebuilt from the database just before sending; not sent once a manager has closed
the alert.
"""

from django.conf import settings
from django.urls import reverse

from preschool.lib.reminders import ReminderKind, register
from privacy.models import AccessAlert


def _context(reminder):
    uuid, _sep, event = reminder.object_key.partition(":")
    alert = (AccessAlert.objects.select_related("membership__user", "setting")
             .filter(uuid=uuid).first())
    if alert is None or not alert.is_open:
        return None
    return {"alert": alert, "setting": alert.setting, "person": alert.membership.user,
            "paused": event == "paused", "many_places": alert.kind == AccessAlert.Kind.MANY_PLACES,
            "url": settings.SITE_URL + reverse("privacy-alert-detail", args=[alert.uuid])}


register(ReminderKind(name="privacy-alert", template="privacy_alert", context=_context))
