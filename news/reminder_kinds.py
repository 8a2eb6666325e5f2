"""News emails (see preschool/lib/reminders.py for how due emails work).

- ``news-acknowledgement-chase``: a reminder to confirm a post, to those who have not.
- ``news-weekly``: one email a week to each family member (news.weekly).

A published post sends no email of its own: the notification centre delivers its notification
as each person chose (notifications/delivery.py), and asks ``still_told`` first
(notifications/checks.py), so a post withdrawn, or a family who no longer hears of a child in
its audience, gets no email, digest line or push of it.

Each email is rebuilt from the database just before sending and is not sent when it is no
longer right: the post was withdrawn, already acknowledged, or the person no longer hears of
any child in its audience (families.access: the right to information, no restriction).
"""

import uuid

from django.conf import settings
from django.urls import reverse

from families.access import families_who_may_hear
from news.models import Acknowledgement, Post
from news.services import CHASE_EMAIL
from news.weekly import WEEKLY_EMAIL, weekly_context, weekly_scan
from preschool.lib.reminders import ReminderKind, register


def _post_for(reminder):
    """The published post of the reminder, if its recipient still hears of it; else None."""
    post = (Post.objects.select_related("setting", "author", "room")
            .filter(uuid=reminder.object_key, setting_id=reminder.setting_id).first())
    if post is None or not post.is_published or reminder.recipient_id is None:
        return None
    if not (families_who_may_hear(post.setting_id, post.audience_children())
            .filter(pk=reminder.recipient_id).exists()):
        return None
    return post


def still_told(notification, *, post_uuid: str) -> bool:
    """Whether the recipient of a notification linking to the post may still see it: it is
    published (not withdrawn) and they hear of a child in its audience. Two queries."""
    try:
        key = uuid.UUID(post_uuid)
    except ValueError:
        return False
    post = Post.objects.filter(uuid=key, setting_id=notification.setting_id).first()
    return (post is not None and post.is_published
            and families_who_may_hear(post.setting_id, post.audience_children())
            .filter(pk=notification.recipient_id).exists())


def _context(post, reminder) -> dict:
    return {"post": post, "setting": post.setting, "recipient": reminder.recipient,
            "url": settings.SITE_URL + reverse("news-detail", args=[post.uuid])}


def _chase_context(reminder):
    post = _post_for(reminder)
    if post is None or Acknowledgement.objects.filter(post=post,
                                                      user_id=reminder.recipient_id).exists():
        return None
    return _context(post, reminder)


register(ReminderKind(name=CHASE_EMAIL, template="news_acknowledgement_chase",
                      context=_chase_context))
register(ReminderKind(name=WEEKLY_EMAIL, template="news_weekly", context=weekly_context,
                      scan=weekly_scan))
