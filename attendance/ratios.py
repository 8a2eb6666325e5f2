"""Staff:child ratios: the numbers, in one place, and how a room's ratio is worked out.

EYFS statutory framework for group settings (England, 2024), staff:child ratios; shared
reference eyfs.md, "Staff:child ratios (group settings)":

- under 2: one adult for every 3 children;
- aged 2: one adult for every 5 children (from September 2023; it was 1:4);
- aged 3 and over: one adult for every 8 children, or for every 13 children where a person with
  Qualified Teacher Status, Early Years Teacher Status, Early Years Professional Status or
  another approved level 6 qualification works directly with the children.

A setting under another framework (Wales, a future edition) changes these numbers here and
nowhere else.

A room often holds children of more than one age group. Each child then needs a share of an
adult - a third, a fifth, an eighth (or a thirteenth) - and the room needs the sum of those
shares, rounded up to whole adults. Fractions are exact, so 3 children under two and 5 two-year
olds need exactly 2 adults, never 2.0000001.
"""

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils.translation import gettext_lazy, ngettext

UNDER_TWO_CHILDREN_PER_ADULT = 3
AGED_TWO_CHILDREN_PER_ADULT = 5
THREE_AND_OVER_CHILDREN_PER_ADULT = 8
THREE_AND_OVER_WITH_LEVEL_6_CHILDREN_PER_ADULT = 13

UNDER_TWO, AGED_TWO, THREE_AND_OVER = "under_two", "aged_two", "three_and_over"
BAND_LABELS = {UNDER_TWO: gettext_lazy("under 2"), AGED_TWO: gettext_lazy("aged 2"),
               THREE_AND_OVER: gettext_lazy("aged 3 and over")}


def years_before(day: date, years: int) -> date:
    """The same date ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def band_limits(on: date) -> tuple[date, date]:
    """Children born after the first date are under 2 on ``on``; born after the second (and not
    after the first), aged 2; anyone else is 3 and over."""
    return years_before(on, 2), years_before(on, 3)


def age_band(date_of_birth: date, on: date) -> str:
    """The ratio age group of a child born on ``date_of_birth``, on the day ``on``."""
    second_birthday_limit, third_birthday_limit = band_limits(on)
    if date_of_birth > second_birthday_limit:
        return UNDER_TWO
    if date_of_birth > third_birthday_limit:
        return AGED_TWO
    return THREE_AND_OVER


@dataclass(frozen=True)
class RoomRatio:
    """Who is in a room now: children by age group, adults on duty, and whether one of them
    holds a level 6 qualification (which allows 1:13 for the children aged 3 and over)."""

    under_two: int = 0
    aged_two: int = 0
    three_and_over: int = 0
    staff: int = 0
    level_6: bool = False

    @classmethod
    def count(cls, dates_of_birth, *, staff: int, level_6: bool, on: date) -> "RoomRatio":
        bands = {UNDER_TWO: 0, AGED_TWO: 0, THREE_AND_OVER: 0}
        for born in dates_of_birth:
            bands[age_band(born, on)] += 1
        return cls(under_two=bands[UNDER_TWO], aged_two=bands[AGED_TWO],
                   three_and_over=bands[THREE_AND_OVER], staff=staff, level_6=level_6)

    @property
    def children(self) -> int:
        return self.under_two + self.aged_two + self.three_and_over

    @property
    def three_and_over_per_adult(self) -> int:
        return (THREE_AND_OVER_WITH_LEVEL_6_CHILDREN_PER_ADULT if self.level_6
                else THREE_AND_OVER_CHILDREN_PER_ADULT)

    @property
    def required(self) -> int:
        """Adults the room needs now (0 with no children)."""
        need = (Fraction(self.under_two, UNDER_TWO_CHILDREN_PER_ADULT)
                + Fraction(self.aged_two, AGED_TWO_CHILDREN_PER_ADULT)
                + Fraction(self.three_and_over, self.three_and_over_per_adult))
        return math.ceil(need)

    @property
    def is_breach(self) -> bool:
        return self.staff < self.required

    @property
    def shortfall(self) -> int:
        return max(self.required - self.staff, 0)

    @property
    def summary(self) -> str:
        """"5 children here (2 under 2, 3 aged 2): 2 adults needed, 2 on duty"."""
        adults = ngettext("%(count)s adult needed", "%(count)s adults needed",
                          self.required) % {"count": self.required}
        if not self.children:
            return ngettext("No children here: %(staff)s on duty",
                            "No children here: %(staff)s on duty",
                            self.staff) % {"staff": self.staff}
        groups = {
            UNDER_TWO: ngettext("%(count)s under 2", "%(count)s under 2", self.under_two),
            AGED_TWO: ngettext("%(count)s aged 2", "%(count)s aged 2", self.aged_two),
            THREE_AND_OVER: ngettext("%(count)s aged 3 and over", "%(count)s aged 3 and over",
                                     self.three_and_over),
        }
        parts = ", ".join(groups[band] % {"count": n} for band, n in (
            (UNDER_TWO, self.under_two), (AGED_TWO, self.aged_two),
            (THREE_AND_OVER, self.three_and_over)) if n)
        return ngettext(
            "%(count)s child here (%(groups)s): %(adults)s, %(staff)s on duty",
            "%(count)s children here (%(groups)s): %(adults)s, %(staff)s on duty",
            self.children) % {"count": self.children, "groups": parts, "adults": adults,
                              "staff": self.staff}
