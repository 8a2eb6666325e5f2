"""Telling people: the one way every app creates notifications."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model

from families.access import who_may_hear
from notifications.models import Category, Notification


def notify(*, setting, recipients: Iterable, category: Category | str, title: str, url: str,
           child=None, urgent: bool = False) -> list[Notification]:
    """Tell ``recipients`` (users or their ids) that something happened, linking to ``url``.

    Only people who may hear it get a row: with ``child``, staff of the child's setting and
    the child's family with the right to information and no restriction
    (``families.access.who_may_hear``); without, active members of ``setting``. The actor is
    the caller's to leave out. Runs two queries, whatever the number of recipients; call it
    inside the service's transaction, so the rows exist only if what they tell of does.
    """
    Category(category)  # an unknown category fails here, not in a digest later
    ids = {getattr(user, "pk", user) for user in recipients}
    if child is not None:
        allowed = who_may_hear(child, ids)
    else:
        allowed = set(get_user_model().objects
                      .filter(pk__in=ids, is_active=True, memberships__setting=setting,
                              memberships__ended_at__isnull=True)
                      .values_list("pk", flat=True))
    return Notification.objects.bulk_create(
        Notification(setting=setting, recipient_id=user_id, category=category, title=title,
                     url=url, child=child, urgent=urgent)
        for user_id in sorted(allowed))
