"""The notification centre's emails (see preschool/lib/reminders.py for how due emails work,
and notifications/delivery.py for when they are made).

- ``notification-email``: one notification, by email, after the batching window; not sent if
  the person read it in the portal meanwhile.
- ``notification-daily`` / ``notification-weekly``: one email per person, setting and period,
  listing the notifications of the period still unread when it is sent; none if all are read.

Each is rebuilt just before sending: a notification about a child is left out when the person
may no longer hear of the child (``families.access.who_may_hear``: a restriction recorded since,
the right to information withdrawn, the membership ended), or when the app whose page it links
to says the page is no longer theirs to see (notifications/checks.py: a post withdrawn).
"""

from django.conf import settings

from families.access import who_may_hear
from notifications.checks import still_shown
from notifications.models import Channel, Notification
from preschool.lib.reminders import ReminderKind, register
from preschool.models import Membership


def may_still_hear(notification) -> bool:
    return _hears_of(notification) and still_shown(notification)


def _hears_of(notification) -> bool:
    """Of the child, or (without one) as a member of the setting."""
    user = notification.recipient
    if user is None or not user.is_active:
        return False
    if notification.child is not None:
        return user.pk in who_may_hear(notification.child, [user.pk])
    return Membership.objects.active().filter(user=user,
                                              setting_id=notification.setting_id).exists()


def _link(notification) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("notifications-open", args=[notification.uuid])


def _email_context(reminder):
    notification = (Notification.objects.select_related("recipient", "child", "setting")
                    .filter(uuid=reminder.object_key).first())
    if (notification is None or notification.recipient_id != reminder.recipient_id
            or notification.is_read or not may_still_hear(notification)):
        return None
    return {"notification": notification, "setting": notification.setting,
            "recipient": notification.recipient, "url": _link(notification)}


def _digest_context(reminder, channel):
    _, day = reminder.object_key.rsplit(":", 1)
    rows = list(Notification.objects
                .filter(recipient_id=reminder.recipient_id, setting_id=reminder.setting_id,
                        channel=channel, digest_on=day, read_at__isnull=True,
                        emailed_by_app=False)
                .select_related("recipient", "child", "setting").order_by("created_at"))
    heard = {}

    def may_hear(n):  # one recipient: ask once per child, and each page
        if n.child_id not in heard:
            heard[n.child_id] = _hears_of(n)
        return heard[n.child_id] and still_shown(n)

    items = [{"notification": n, "url": _link(n)} for n in rows if may_hear(n)]
    if not items:
        return None
    return {"items": items, "setting": rows[0].setting, "recipient": rows[0].recipient,
            "weekly": channel == Channel.WEEKLY}


register(ReminderKind(name="notification-email", template="notification",
                      context=_email_context))
register(ReminderKind(name="notification-daily", template="notification_digest",
                      context=lambda r: _digest_context(r, Channel.DAILY)))
register(ReminderKind(name="notification-weekly", template="notification_digest",
                      context=lambda r: _digest_context(r, Channel.WEEKLY)))
