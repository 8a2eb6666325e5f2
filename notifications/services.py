"""Telling people: the one way every app creates notifications; reading them; preferences."""

from collections.abc import Iterable
from datetime import time

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_stubs_ext import StrPromise

from families.access import languages_of_who_may_hear
from notifications import delivery, preferences
from notifications.models import Category, Channel, Notification, Preference, QuietHours
from preschool.i18n import interface_language
from preschool.models import log_action
from preschool.services import ServiceError


def is_local_path(url: str) -> bool:
    """A path of the portal ("/journal/..."): never another site, never a scheme."""
    return (url.startswith("/") and not url.startswith(("//", "/\\"))
            and url_has_allowed_host_and_scheme(url, allowed_hosts=None))


def notify(*, setting, recipients: Iterable, category: Category | str, title: str | StrPromise,
           url: str,
           child=None, urgent: bool = False, emailed_by_app: bool = False
           ) -> list[Notification]:
    """Tell ``recipients`` (users or their ids) that something happened, linking to ``url``.

    Only people who may hear it get a row: with ``child``, staff of the child's setting and
    the child's family with the right to information and no restriction
    (``families.access.who_may_hear``); without, active members of ``setting``. The actor is
    the caller's to leave out. Nobody who turned the category off gets a row (safeguarding and
    urgent notices cannot be turned off); each row carries the person's channel, and what goes
    beyond the portal is delivered by a task after commit (notifications/delivery.py).
    ``title`` is stored in each recipient's language when it is a lazy translation
    (``gettext_lazy``, or ``format_lazy`` around one, for a title with names in it).
    ``emailed_by_app``: the caller sends its own email of this event, so the centre sends
    none. Runs three queries, whatever the number of recipients; call it inside the service's
    transaction, so the rows exist only if what they tell of does.
    """
    Category(category)  # an unknown category fails here, not in a digest later
    if not is_local_path(url):
        raise ValueError(f"A notification links to a path of the portal, not {url!r}.")
    ids = {getattr(user, "pk", user) for user in recipients}
    if child is not None:
        languages = languages_of_who_may_hear(child, ids)
    else:
        languages = dict(get_user_model().objects
                         .filter(pk__in=ids, is_active=True, memberships__setting=setting,
                                 memberships__ended_at__isnull=True)
                         .values_list("pk", "preferred_language"))
    allowed = set(languages)
    channels = preferences.channels_for(setting, category, allowed) if allowed else {}
    titles: dict[str, str] = {}

    def title_in(preferred: str | None) -> str:
        """The title in the person's language (a lazy title), made once per language."""
        language = interface_language(preferred)
        if language not in titles:
            with translation.override(language):
                titles[language] = str(title)[:200]
        return titles[language]

    made = Notification.objects.bulk_create(
        Notification(setting=setting, recipient_id=user_id, category=category,
                     title=title_in(languages[user_id]), url=url, child=child, urgent=urgent,
                     channel=channels[user_id], emailed_by_app=emailed_by_app)
        for user_id in sorted(allowed) if channels[user_id] != Channel.OFF)
    delivery.queue(made)
    return made


def done(url: str, *, user=None) -> int:
    """What a notification asked is done (answered, acknowledged): the unread notifications
    linking to ``url`` (of ``user`` only, if given) in the current setting are marked read, so
    "Needs your action" does not outlive the thing."""
    rows = Notification.objects.unread().filter(url=url)
    if user is not None:
        rows = rows.for_user(user)
    return rows.update(read_at=timezone.now())


def retract(url: str) -> int:
    """What the notifications linking to ``url`` told of has been taken back (a post
    withdrawn): they leave the centre of everyone told, in the current setting, read or not,
    so a title sent to the wrong families is not kept in their bell and list. Emails, digests
    and pushes not yet sent find nothing to send. The thing itself keeps its record (who
    wrote it, who read it, the withdrawal); a notification is not one. Returns how many."""
    deleted, _count = Notification.objects.filter(url=url).delete()
    return deleted


def open_notification(user, notification: Notification) -> str:
    """Mark the person's notification read; the path to go to."""
    if notification.recipient_id != user.pk:
        raise ServiceError(_("This notification is not yours."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now())
    return notification.url if is_local_path(notification.url) else "/"


def mark_all_read(user) -> int:
    """Every unread notification of the person in the current setting."""
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())


def _check(choices: dict[str, str]) -> None:
    for category, channel in choices.items():
        Category(category)
        Channel(channel)
        if not preferences.allowed(category, channel):
            raise ServiceError(str(preferences.CANNOT_BE_OFF))


@transaction.atomic
def set_preferences(actor, setting, choices: dict[str, str]) -> None:
    """The person's channel for each category in ``setting``."""
    _check(choices)
    for category, channel in choices.items():
        Preference.objects.update_or_create(setting=setting, user=actor, category=category,
                                            defaults={"channel": channel})
    log_action(actor, "notifications.preferences", actor, setting=setting,
               changes=dict(choices))


@transaction.atomic
def set_setting_defaults(actor, membership, choices: dict[str, str]) -> None:
    """The setting's default channel for each category (a manager's choice)."""
    if not membership.can_manage_setting:
        raise ServiceError(_("Only a manager can set the setting's defaults."))
    _check(choices)
    setting = membership.setting
    for category, channel in choices.items():
        Preference.objects.update_or_create(setting=setting, user=None, category=category,
                                            defaults={"channel": channel})
    log_action(actor, "notifications.setting_defaults", setting, changes=dict(choices))


@transaction.atomic
def set_quiet_hours(actor, setting, *, enabled: bool, starts: time, ends: time) -> QuietHours:
    """A family member's quiet hours (the setting's local time)."""
    if enabled and starts == ends:
        raise ServiceError(_("Quiet hours must start and end at different times."))
    quiet, _created = QuietHours.objects.update_or_create(
        user=actor, defaults={"enabled": enabled, "starts": starts, "ends": ends})
    log_action(actor, "notifications.quiet_hours", actor, setting=setting,
               changes={"enabled": enabled, "starts": f"{starts:%H:%M}",
                        "ends": f"{ends:%H:%M}"})
    return quiet
