"""The notification centre's part of the home pages (preschool.registry): "Needs your
action", the person's unread notifications that ask something of them.

The things waiting are the apps' own sections (consents to answer, records to acknowledge,
complaints to handle), read from the database and true until done. This list adds what the
portal has told the person and they have not opened yet; an app that sees a thing done marks
its notifications read (``services.done``), so the list does not outlive the thing.
"""

from notifications.models import ACTION_CATEGORIES, Notification
from preschool.registry import HomeSection

SHOWN = 5


def needs_action(request) -> list[HomeSection]:
    if request.membership is None:
        return []
    rows = list(Notification.objects.shown_to(request.user, request.setting).unread()
                .filter(category__in=sorted(ACTION_CATEGORIES))
                .only("uuid", "title", "category", "created_at", "urgent")[:SHOWN + 1])
    if not rows:
        return []
    return [HomeSection("notifications/sections/needs_action.html",
                        {"items": rows[:SHOWN], "more": len(rows) > SHOWN}, order=1)]
