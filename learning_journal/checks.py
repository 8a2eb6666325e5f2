"""When the progress check at two is due (eyfs.md, "Progress check at age two").

The ages live in learning_journal/eyfs.py. A child is "due" from CHECK_DUE_FROM_MONTHS until
CHECK_DUE_BY_MONTHS, as long as they have no completed check.
"""

import calendar
from datetime import date

from django.db.models import Exists, OuterRef

from learning_journal.eyfs import CHECK_DUE_BY_MONTHS, CHECK_DUE_FROM_MONTHS


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), on the last day of the month when the
    month is shorter (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def born_between_for_age(today: date, from_months: int, to_months: int) -> tuple[date, date]:
    """Dates of birth (after, on or before) of children aged at least ``from_months`` and less
    than ``to_months`` on ``today``."""
    return add_months(today, -to_months), add_months(today, -from_months)


def is_check_age(child, today: date) -> bool:
    """``child`` is aged 24-36 months on ``today``: the age the progress check at two is for
    (eyfs.md). Outside it, a check is started only with a recorded reason."""
    return (add_months(child.date_of_birth, CHECK_DUE_FROM_MONTHS) <= today
            < add_months(child.date_of_birth, CHECK_DUE_BY_MONTHS))


def completed_check_exists():
    from learning_journal.models import ProgressCheck

    return Exists(ProgressCheck.objects.completed().filter(child=OuterRef("pk")))


def children_due(children, today: date):
    """Of ``children`` (a Child queryset), those aged 24-36 months on ``today`` without a
    completed check, oldest first."""
    born_after, born_by = born_between_for_age(today, CHECK_DUE_FROM_MONTHS,
                                               CHECK_DUE_BY_MONTHS)
    return (children.filter(date_of_birth__gt=born_after, date_of_birth__lte=born_by)
            .filter(~completed_check_exists()).order_by("date_of_birth", "first_name"))
