"""Web push: what a push carries, and sending it to a person's devices (by a worker).

What a push says is deliberately thin: the setting's name and the kind of thing to read ("New
message from Acorn Tree Pre-school"), and the path of the page to open. Never a child's name,
never the notification's title: a lock screen is seen by whoever picks up the phone, and a
push service is a third party. The page opened asks for sign-in and checks access again.
"""

import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from pywebpush import WebPushException, webpush

from families.access import who_may_hear
from notifications.checks import still_shown
from notifications.models import Category, Notification
from preschool.i18n import override_for
from preschool.metrics import send_failed
from push import vapid
from push.models import PushSubscription

log = logging.getLogger(__name__)

# What a push says, by the notification's category: naming the setting, nothing else. In the
# recipient's language (``deliver`` renders each person's pushes in it).
TITLES = {
    Category.MESSAGE: _("New message from %(setting)s"),
    Category.COMMENT: _("New comment from %(setting)s"),
    Category.PROGRESS: _("Progress news from %(setting)s"),
    Category.WOW_MOMENT: _("New wow moment shared with %(setting)s"),
    Category.CONSENT: _("A consent to answer for %(setting)s"),
    Category.MEDICATION: _("Something to read about medicines from %(setting)s"),
    Category.ACCIDENT: _("A record to read from %(setting)s"),
    Category.MEETING: _("Meeting news from %(setting)s"),
    Category.POST: _("News from %(setting)s"),
    Category.EVENT: _("An event from %(setting)s"),
    Category.POLICY_REVIEW: _("A policy open for comment at %(setting)s"),
    Category.COMPLAINT: _("News about a concern from %(setting)s"),
    Category.SAFEGUARDING: _("Something to read from %(setting)s"),
    Category.EMERGENCY: _("Urgent notice from %(setting)s"),
}
BODY = _("Open the portal to read it.")
# Where a push about several things leads: the notification centre's list.
SEVERAL_URL = reverse_lazy("notifications-list")


def endpoint_allowed(endpoint: str) -> bool:
    """Whether the portal may POST to this push service address: HTTPS (plain HTTP only where
    ``PUSH_ALLOW_HTTP_ENDPOINTS`` allows it, for a local push server) on a host of
    ``PUSH_SERVICE_HOSTS``, so that a subscription cannot aim a worker inside the network."""
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (a bad port raises ValueError)
    except ValueError:
        return False
    schemes = ("https", "http") if settings.PUSH_ALLOW_HTTP_ENDPOINTS else ("https",)
    if parts.scheme not in schemes or not host or parts.username or parts.password:
        return False
    allowed = [entry.lower() for entry in settings.PUSH_SERVICE_HOSTS]
    return any(host == entry or (entry.startswith(".") and host.endswith(entry))
               for entry in allowed)


def _several(count: int, setting: str) -> str:
    return ngettext("%(count)d new notification from %(setting)s",
                    "%(count)d new notifications from %(setting)s",
                    count) % {"count": count, "setting": setting}


def payload_for(notifications: Sequence[Notification]) -> dict:
    """What one push carries about these notifications of one setting: a title naming the
    setting, a fixed line of text and the path of the page to open. Nothing else. In the
    language active when it is called (``deliver``: the recipient's)."""
    setting = notifications[0].setting.name
    if len(notifications) == 1:
        only = notifications[0]
        template = TITLES.get(Category(only.category))
        title = (str(template) % {"setting": setting} if template is not None
                 else _several(1, setting))
        url = only.url if _is_portal_path(only.url) else str(SEVERAL_URL)
    else:
        title = _several(len(notifications), setting)
        url = str(SEVERAL_URL)
    return {"title": title, "body": str(BODY), "url": url}


def _is_portal_path(url: str) -> bool:
    # A path of this site: "/journal/..." but never "//elsewhere" or "https://...".
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def still_may_hear(notifications: Sequence[Notification]) -> list[Notification]:
    """Those of one person's notifications they may still hear of now (the push goes later
    than the notification was made): about a child, as ``who_may_hear`` says today; otherwise
    an active member of the setting; and the page still theirs to see
    (notifications/checks.py: a post withdrawn). One query a child or setting."""
    kept: list[Notification] = []
    answers: dict[tuple, bool] = {}
    for notification in notifications:
        key = ("child", notification.child_id) if notification.child_id else (
            "setting", notification.setting_id)
        if key not in answers:
            user_id = notification.recipient_id
            if notification.child is not None:
                answers[key] = user_id in who_may_hear(notification.child, [user_id])
            else:
                answers[key] = (notification.recipient.is_active
                                and notification.recipient.memberships.active()
                                .filter(setting_id=notification.setting_id).exists())
        if answers[key] and still_shown(notification):
            kept.append(notification)
    return kept


def deliver(notifications: Sequence[Notification]) -> int:
    """Push one person's notifications to each of their devices now: one push a device (and a
    setting), whatever the number of notifications. Returns how many pushes a push service
    took. A device whose address is gone (404, 410) is forgotten; any other failure of one
    device is logged and the others are still sent to. Called by ``push.tasks.send_push``."""
    keys = vapid.configured()
    if keys is None or not notifications:
        return 0
    if len({n.recipient_id for n in notifications}) != 1:
        raise ValueError("deliver() takes the notifications of one person")
    notifications = still_may_hear(notifications)
    devices = list(PushSubscription.objects.filter(user_id=notifications[0].recipient_id)
                   ) if notifications else []
    if not devices:
        return 0
    by_setting: dict[int, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_setting[notification.setting_id].append(notification)
    sent = 0
    recipient = notifications[0].recipient
    with requests.Session() as session:
        session.max_redirects = 0  # a push service answers; it does not send us elsewhere
        for group in by_setting.values():
            with override_for(recipient):
                data = json.dumps(payload_for(group))
            urgency = "high" if any(n.urgent for n in group) else "normal"
            for device in devices:
                if device.pk is not None and _push(device, data, urgency, keys, session):
                    sent += 1
    return sent


def _push(device: PushSubscription, data: str, urgency: str, keys: vapid.VapidKeys,
          session: requests.Session) -> bool:
    if not endpoint_allowed(device.endpoint):
        log.warning("push: device %s has an address outside PUSH_SERVICE_HOSTS; skipped",
                    device.uuid)
        return False
    try:
        webpush(device.subscription_info(), data=data,
                vapid_private_key=keys.private_key,
                # A new dict each time: pywebpush writes the endpoint's origin ("aud") into it.
                vapid_claims={"sub": keys.subject},
                timeout=settings.PUSH_TIMEOUT_SECONDS, ttl=settings.PUSH_TTL_SECONDS,
                headers={"Urgency": urgency}, requests_session=session)
    except WebPushException as exc:
        if exc.status_code in (404, 410):
            log.info("push: device %s is gone (%s); forgotten", device.uuid, exc.status_code)
            device.delete()
        else:
            log.warning("push: device %s refused the push (%s)", device.uuid, exc.status_code)
            send_failed("push")
        return False
    except (requests.RequestException, ValueError) as exc:
        log.warning("push: device %s could not be reached (%s)", device.uuid,
                    type(exc).__name__)
        send_failed("push")
        return False
    PushSubscription.objects.filter(pk=device.pk).update(last_success_at=timezone.now())
    return True
