"""Web push: turning it on and off for a device, and the push channel.

What a push carries, and the sending itself, are ``push.delivery``'s.
"""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from notifications.models import Notification
from push import vapid
from push.models import PushSubscription
from push.tasks import send_push

# --- Turning push on and off ----------------------------------------------------------------


def device_label(user_agent: str) -> str:
    """"Chrome on Android": enough to tell one's devices apart, from the User-Agent."""
    browsers = [("Edg/", "Edge"), ("SamsungBrowser", "Samsung Internet"), ("OPR/", "Opera"),
                ("Firefox/", "Firefox"), ("CriOS", "Chrome"), ("Chrome/", "Chrome"),
                ("Safari/", "Safari")]
    systems = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
               ("Windows", "Windows"), ("Mac OS X", "Mac"), ("CrOS", "ChromeOS"),
               ("Linux", "Linux")]
    browser = next((name for mark, name in browsers if mark in user_agent), _("A browser"))
    system = next((name for mark, name in systems if mark in user_agent), "")
    return (_("%(browser)s on %(system)s") % {"browser": browser, "system": system} if system
            else browser)


@transaction.atomic
def subscribe(user, *, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
              ) -> PushSubscription:
    """Turn push on for ``user`` on the device the push service knows by ``endpoint``.

    The address is the device's: if another person had turned push on there (a shared
    tablet), the registration becomes this person's and the other no longer hears on it.
    Keys are refreshed (the browser may have made a new subscription)."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth,
                  "label": device_label(user_agent)[:100]})
    return subscription


def unsubscribe(user, *, endpoint: str) -> bool:
    """Turn push off on this device for ``user``; whether there was a registration."""
    deleted, _ = PushSubscription.objects.of(user).filter(endpoint=endpoint).delete()
    return bool(deleted)


def remove_device(user, subscription: PushSubscription) -> None:
    """Forget one of ``user``'s devices (from the devices page)."""
    PushSubscription.objects.of(user).filter(pk=subscription.pk).delete()


# --- The push channel -----------------------------------------------------------------------


def send(notifications: Sequence[Notification]) -> None:
    """The push channel (``notifications.channels``): one person's notifications are pushed to
    each of their devices, by a worker once the transaction commits (never inside a
    request)."""
    ids = [n.pk for n in notifications]
    if ids and vapid.configured() is not None:
        transaction.on_commit(lambda: send_push.delay(ids))
