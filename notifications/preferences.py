"""How and when a person hears of a notification: their channel for its category, and their
quiet hours.

- Channel: the person's own choice for the category in the setting, else the setting's
  default (set by its managers), else the portal's built-in default
  (``models.BUILT_IN_DEFAULTS``). ``ALWAYS_DELIVERED`` categories are never "off".
- Quiet hours: a family member's own (19:00 to 07:00 unless they changed them); staff are
  quiet outside their working hours (``Membership.is_working_at``). Urgent notifications and
  ``ALWAYS_DELIVERED`` categories break through; everything else waits until the quiet hours
  end (``held_until``).
"""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import (
    ALWAYS_DELIVERED,
    BUILT_IN_DEFAULTS,
    Channel,
    Preference,
    QuietHours,
)
from preschool.models import Membership

# Categories that may not be turned off, and the message the forms give.
CANNOT_BE_OFF = _("Safeguarding and urgent notices cannot be turned off.")
FAMILY_QUIET = QuietHours()  # 19:00 to 07:00, for a family member who has not changed them


def allowed(category: str, channel: str) -> bool:
    return not (category in ALWAYS_DELIVERED and channel == Channel.OFF)


def setting_defaults(setting) -> dict[str, str]:
    """The setting's default channel of every category (its managers' choice, else the
    portal's). One query."""
    chosen = dict(Preference.objects.filter(setting=setting, user__isnull=True)
                  .values_list("category", "channel"))
    return {category: chosen.get(category, default)
            for category, default in BUILT_IN_DEFAULTS.items()}


def person_choices(setting, user) -> dict[str, str]:
    """The categories the person chose themselves in the setting. One query."""
    return dict(Preference.objects.filter(setting=setting, user=user)
                .values_list("category", "channel"))


def channels_for(setting, category: str, user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's channel for ``category`` in ``setting``. One query, however many."""
    ids = list(user_ids)
    rows = list(Preference.objects.filter(Q(user_id__in=ids) | Q(user__isnull=True),
                                          setting=setting, category=category)
                .values_list("user_id", "channel"))
    default = next((channel for user_id, channel in rows if user_id is None),
                   BUILT_IN_DEFAULTS[category])
    own = {user_id: channel for user_id, channel in rows if user_id is not None}
    channels = {user_id: own.get(user_id, default) for user_id in ids}
    if category in ALWAYS_DELIVERED:  # never off, even from a row written before the rule
        channels = {u: Channel.EMAIL if c == Channel.OFF else c for u, c in channels.items()}
    return channels


def _in_window(moment: time, starts: time, ends: time) -> bool:
    if starts == ends:
        return False
    if starts < ends:
        return starts <= moment < ends
    return moment >= starts or moment < ends  # across midnight


def family_held_until(quiet: QuietHours, moment: datetime) -> datetime | None:
    """When the family member's quiet hours around ``moment`` end; None if not quiet."""
    local = timezone.localtime(moment)
    if not quiet.enabled or not _in_window(local.time(), quiet.starts, quiet.ends):
        return None
    day = local.date()
    if quiet.starts > quiet.ends and local.time() >= quiet.starts:
        day += timedelta(days=1)  # the evening: they end tomorrow morning
    return timezone.make_aware(datetime.combine(day, quiet.ends))


def staff_held_until(membership: Membership, moment: datetime) -> datetime | None:
    """When the member of staff is next at work, if they are not at work at ``moment``; None
    if they are (or have no working days at all: nothing is held for ever)."""
    start = membership.next_working_start(moment)
    if start is None or start <= moment:
        return None
    return start


def held_until(notification, *, membership: Membership | None,
               quiet: QuietHours | None) -> datetime | None:
    """When a notification's delivery beyond the portal may start: None for now."""
    if notification.urgent or notification.category in ALWAYS_DELIVERED:
        return None
    moment = notification.created_at
    if membership is not None and membership.is_staff_member:
        return staff_held_until(membership, moment)
    return family_held_until(quiet or FAMILY_QUIET, moment)


def quiet_hours_of(user_ids: Iterable[int]) -> dict[int, QuietHours]:
    """The quiet hours families have set (those who have not: ``FAMILY_QUIET``). One query."""
    return {q.user_id: q for q in QuietHours.objects.filter(user_id__in=list(user_ids))}


def not_quiet(moment: datetime, *, membership: Membership | None,
              quiet: QuietHours | None) -> datetime:
    """``moment``, or the end of the person's quiet hours if it falls within them (for a
    digest's time)."""
    if membership is not None and membership.is_staff_member:
        return staff_held_until(membership, moment) or moment
    return family_held_until(quiet or FAMILY_QUIET, moment) or moment
