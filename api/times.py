"""When a tap happened: offline capture sends the time of the tap, not of the sending."""

from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from api.errors import ApiError

# A tablet's clock may be a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=2)


def tap_time(at: datetime | None) -> datetime:
    """``at`` if it is earlier today (the setting's day), else the server's now. A time in the
    future, or on an earlier day, is refused: the register of another day is put right with a
    correction, by a person who can see the day."""
    now = timezone.now()
    if at is None:
        return now
    if timezone.is_naive(at):
        raise ApiError(422, _("Give the time with its offset from UTC."), "invalid")
    if at > now + CLOCK_SKEW or timezone.localdate(at) != timezone.localdate(now):
        raise ApiError(422, _("The time must be earlier today. A record of another day is "
                              "put right with a correction on the register."), "invalid")
    return min(at, now)
