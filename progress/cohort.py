"""The managers' cohort view: how many children are on track in each area at each assessment
point, for the whole setting and for groups of children (docs/architecture.md, "Progress").

``cohort_figures(setting, dimension, room=None)`` reads, in a fixed number of queries
(whatever the number of children or points): the setting's framework, its points in use, the
areas, its rooms, and one aggregate over the shared assessments' area judgements (aspect
empty), grouped in the database by point, area and the child's group. What counts:

- A child is *assessed* in an area at a point when their shared assessment at that point has
  a judgement of the area; *on track* when that judgement is "on track" (the judgement's
  status, under Development Matters and Birth to 5 Matters alike). Drafts do not count.
- A group of fewer than ``MIN_GROUP_SIZE`` children assessed has its counts but no share.
- Shares are whole percentages (rounded half up); gaps and changes are in percentage points,
  between those whole percentages, so the figures shown add up.
- The gap of a two-valued grouping is its first group against its second (SEND against not
  SEND, boys against girls); of a many-valued one (room, age group), each group against all
  children. A gap's change is from the first point where it has figures to the latest.
- A child's room and age group are those of the day of the assessment: the room kept on it
  when it was shared, the age kept with its date.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Least
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from families.models import Room, SenStatus, Sex
from learning_journal.models import Area
from progress.constants import MIN_GROUP_SIZE
from progress.models import Assessment, AssessmentPoint, Framework, Judgement, ProgressOptions
from progress.points import points_of

# SEND, one definition: the child has SEN support or an education, health and care plan. "Being
# monitored" is not yet an identified need, so it counts with "none identified".
SEND_STATUSES = (SenStatus.SUPPORT, SenStatus.EHCP)

# Age groups at the assessment date: the ages of the EYFS staff:child ratios (eyfs.md, "Staff:
# child ratios"): under 2, aged 2, aged 3 and over.
UNDER_TWO, TWO, THREE_AND_OVER = "under_two", "two", "three_plus"


def _age_in_years_up_to_three() -> Combinable:
    """The child's age in whole years on the day of the assessment (kept on it in months), three
    for any older: ``_age_group`` names the few values."""
    return Least(Cast(F("assessment__age_months") / 12, IntegerField()), Value(3))


def _age_group(years: int) -> str:
    return UNDER_TWO if years < 2 else TWO if years == 2 else THREE_AND_OVER


def _flag(name: str) -> F:
    return F(f"assessment__child__{name}")


@dataclass(frozen=True)
class Dimension:
    """A way of grouping the children: its groups' keys and names, how the database tells a
    judgement's group (``expression``), and for a two-valued grouping the pair whose gap is
    shown."""

    code: str
    label: Promise
    expression: Callable[[], Combinable] | None
    groups: tuple[tuple[object, Promise], ...] = ()
    compare: tuple[object, object] | None = None
    # The group of a value the database gives, where it gives finer values than the groups.
    group_of: Callable[[Any], object] | None = None


DIMENSIONS: dict[str, Dimension] = {d.code: d for d in (
    Dimension("", gettext_lazy("Whole cohort"), None),
    Dimension("room", gettext_lazy("Room"), lambda: F("assessment__room_id")),
    Dimension("age", gettext_lazy("Age group"), _age_in_years_up_to_three, (
        (UNDER_TWO, gettext_lazy("Under two")), (TWO, gettext_lazy("Two-year-olds")),
        (THREE_AND_OVER, gettext_lazy("Three and four-year-olds"))), group_of=_age_group),
    Dimension("send", gettext_lazy("SEND"), lambda: Case(
        When(assessment__child__sen_status__in=SEND_STATUSES, then=Value(True)),
        default=Value(False), output_field=BooleanField()), (
        (True, gettext_lazy("SEND (SEN support or EHC plan)")),
        (False, gettext_lazy("Not SEND"))), (True, False)),
    Dimension("eal", gettext_lazy("EAL"), lambda: _flag("english_additional_language"), (
        (True, gettext_lazy("EAL")), (False, gettext_lazy("Not EAL"))), (True, False)),
    Dimension("looked_after", gettext_lazy("Looked after"), lambda: _flag("is_looked_after"), (
        (True, gettext_lazy("Looked after")), (False, gettext_lazy("Not looked after"))),
        (True, False)),
    Dimension("funded_two", gettext_lazy("Funded two-year-olds"),
              lambda: _flag("funded_two_year_old"), (
                  (True, gettext_lazy("Funded two-year-old place")),
                  (False, gettext_lazy("No funded two-year-old place"))), (True, False)),
    Dimension("eypp", gettext_lazy("Early Years Pupil Premium"),
              lambda: _flag("early_years_pupil_premium"), (
                  (True, gettext_lazy("Early Years Pupil Premium")),
                  (False, gettext_lazy("No Early Years Pupil Premium"))), (True, False)),
    # Boys against girls, as the gap is usually reported; "not recorded" has no gap.
    Dimension("sex", gettext_lazy("Sex"), lambda: _flag("sex"), (
        (Sex.MALE.value, gettext_lazy("Boys")), (Sex.FEMALE.value, gettext_lazy("Girls")),
        ("", gettext_lazy("Sex not recorded"))), (Sex.MALE.value, Sex.FEMALE.value)),
)}
NO_ROOM = gettext_lazy("No room")


def percent(part: int, whole: int) -> int:
    """``part`` of ``whole`` as a whole percentage, rounded half up."""
    return (200 * part + whole) // (2 * whole)


@dataclass
class Cell:
    """One group, one area, one point."""

    assessed: int = 0
    on_track: int = 0

    @property
    def share(self) -> int | None:
        """The share on track (%), or None for a group too small to give one."""
        if self.assessed < MIN_GROUP_SIZE:
            return None
        return percent(self.on_track, self.assessed)

    @property
    def small(self) -> bool:
        return 0 < self.assessed < MIN_GROUP_SIZE


def change_between(values: list[int | None]) -> int | None:
    """From the first value there is to the latest, or None with fewer than two."""
    known = [v for v in values if v is not None]
    return known[-1] - known[0] if len(known) >= 2 else None


@dataclass
class Change:
    """How a share (or a gap) moved from the first point with figures to the latest, in
    percentage points, with words that do not rely on colour or the arrow."""

    points: int | None

    @property
    def arrow(self) -> str:
        if self.points is None:
            return ""
        return "↑" if self.points > 0 else "↓" if self.points < 0 else "→"

    @property
    def words(self) -> str:
        n = self.points
        if n is None:
            return _("not enough figures to compare")
        if n == 0:
            return _("no change")
        if n > 0:
            return ngettext("up %(count)s point", "up %(count)s points", n) % {"count": n}
        return ngettext("down %(count)s point", "down %(count)s points", -n) % {"count": -n}


@dataclass
class GroupRow:
    key: object
    label: str
    cells: list[Cell]

    @property
    def shares(self) -> list[int | None]:
        return [c.share for c in self.cells]

    @property
    def change(self) -> Change:
        return Change(change_between(self.shares))

    @property
    def assessed(self) -> int:
        return max((c.assessed for c in self.cells), default=0)


@dataclass
class GapRow:
    """One group's share less another's (in percentage points) at each point: None where
    either has no share."""

    label: str
    gaps: list[int | None]

    @property
    def signed(self) -> list[str]:
        return [signed(g) for g in self.gaps]

    @property
    def change(self) -> Change:
        return Change(change_between(self.gaps))


def signed(points: int | None) -> str:
    """A gap as it is printed: +5, -5 (a minus sign), 0; a dash when there is none."""
    if points is None:
        return "–"
    return f"+{points}" if points > 0 else f"−{-points}" if points < 0 else "0"


def gap_row(label: str, first: GroupRow, second: GroupRow) -> GapRow:
    return GapRow(label, [a - b if a is not None and b is not None else None
                          for a, b in zip(first.shares, second.shares, strict=True)])


@dataclass
class AreaFigures:
    area: Area
    whole: GroupRow
    groups: list[GroupRow] = field(default_factory=list)
    gaps: list[GapRow] = field(default_factory=list)

    @property
    def rows(self) -> list[GroupRow]:
        return [*self.groups, self.whole]


@dataclass
class Cohort:
    framework: Framework
    points: list[AssessmentPoint]
    dimension: Dimension
    room: Room | None
    rooms: list[Room]
    areas: list[AreaFigures]

    @property
    def any_figures(self) -> bool:
        return any(c.assessed for a in self.areas for c in a.whole.cells)

    @property
    def children_at_points(self) -> list[int]:
        """Children assessed at each point (the most in any area)."""
        return [max((a.whole.cells[i].assessed for a in self.areas), default=0)
                for i in range(len(self.points))]


def shared_judgements(setting, room: Room | None = None):
    """The area judgements (aspect empty) of the setting's shared assessments, at points in
    use."""
    judgements = Judgement.objects.filter(
        assessment__setting=setting, assessment__status=Assessment.Status.SHARED,
        assessment__point__retired_at__isnull=True, aspect__isnull=True).exclude(status="")
    if room is not None:
        judgements = judgements.filter(assessment__room=room)
    return judgements


def rooms_of(setting) -> list[Room]:
    return list(Room.objects.filter(setting=setting).order_by("name"))


def cohort_figures(setting, dimension: Dimension, room: Room | None = None, *,
                   rooms: list[Room] | None = None) -> Cohort:
    """The cohort's figures for ``dimension`` (one of ``DIMENSIONS``), of the children of
    ``room`` if given: at most six queries (one fewer with ``rooms``, the setting's rooms read
    already), whatever the number of children and points."""
    framework = ProgressOptions.of(setting).framework
    points = points_of(setting)
    areas = list(Area.objects.order_by("order"))
    rooms = rooms_of(setting) if rooms is None else rooms
    judgements = shared_judgements(setting, room)
    if dimension.expression is not None:
        judgements = judgements.annotate(group=dimension.expression())
    else:
        judgements = judgements.annotate(group=Value(None, output_field=CharField()))
    counted = (judgements.values("assessment__point_id", "area_id", "group")
               .annotate(assessed=Count("pk"),
                         on_track=Count("pk", filter=Q(status=Judgement.Status.ON_TRACK)))
               .order_by())
    column = {p.pk: i for i, p in enumerate(points)}
    found: dict[tuple[int, object], list[Cell]] = {}
    for row in counted:
        group = dimension.group_of(row["group"]) if dimension.group_of else row["group"]
        cells = found.setdefault((row["area_id"], group), [Cell() for _ in points])
        cell = cells[column[row["assessment__point_id"]]]
        cell.assessed += row["assessed"]
        cell.on_track += row["on_track"]
    groups = _groups(dimension, rooms, {g for _, g in found})
    everyone = _("All children")
    figures = []
    for area in areas:
        rows = [GroupRow(key, label, found.get((area.pk, key), [Cell() for _ in points]))
                for key, label in groups]
        whole = GroupRow("all", everyone, [
            Cell(sum(r.cells[i].assessed for r in rows), sum(r.cells[i].on_track for r in rows))
            for i in range(len(points))] if rows else found.get(
                (area.pk, None), [Cell() for _ in points]))
        figures.append(AreaFigures(area, whole, rows, _gaps(dimension, rows, whole)))
    return Cohort(framework, points, dimension, room, rooms, figures)


def _groups(dimension: Dimension, rooms: list[Room],
            present: set[object]) -> list[tuple[object, str]]:
    """The groups shown: a fixed grouping's every group; rooms with figures, by name, then
    children without a room."""
    if dimension.expression is None:
        return []
    if dimension.code == "room":
        named = [(r.pk, r.name) for r in rooms if r.pk in present]
        return named + ([(None, str(NO_ROOM))] if None in present else [])
    return [(key, str(label)) for key, label in dimension.groups]


def _gaps(dimension: Dimension, rows: list[GroupRow], whole: GroupRow) -> list[GapRow]:
    if not rows:
        return []
    if dimension.compare is not None:
        by_key = {r.key: r for r in rows}
        first, second = (by_key[k] for k in dimension.compare)
        return [gap_row(_("%(group)s against %(other)s") % {
            "group": first.label, "other": second.label}, first, second)]
    return [gap_row(_("%(group)s against all children") % {"group": r.label}, r, whole)
            for r in rows]
