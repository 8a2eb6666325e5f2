from functools import cache

from notifications.models import Notification


def bell(request):
    """The unread count of the bell in every page's navigation: one query (an index on the
    unread rows of a person), made only when a page shows the bell. It counts what the centre
    shows (``NotificationQuerySet.shown_to``). A function the template calls, once: a number
    of its own, as the plural rules of Polish and Romanian need (``n % 10``)."""
    if getattr(request, "membership", None) is None:
        return {}
    user, setting = request.user, request.setting
    return {"bell_unread": cache(
        lambda: Notification.objects.shown_to(user, setting).unread().count())}
