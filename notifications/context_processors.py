from django.utils.functional import SimpleLazyObject

from notifications.models import Notification


def bell(request):
    """The unread count of the bell in every page's navigation: one query (an index on the
    unread rows of a person), made only when a page shows the bell."""
    if getattr(request, "membership", None) is None:
        return {}
    user = request.user
    return {"bell_unread": SimpleLazyObject(
        lambda: Notification.objects.for_user(user).unread().count())}
