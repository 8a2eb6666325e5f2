"""What the key person's progress pages read (progress/record_views.py): each read runs a fixed
number of queries, however many children, points or observations there are
(tests/progress/test_record_queries.py).

- A caseload: the children a person is key person or back-up of; a manager's is every child
  on roll.
- A child is "not yet assessed" at a point until an assessment of theirs at it is shared with
  the family; a draft is "in progress".
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import Child
from keyperson.models import Assignment
from learning_journal.models import Area, Observation
from progress.models import (
    STATUS_LEVEL,
    Assessment,
    AssessmentPoint,
    FrameworkStatement,
    Judgement,
    JudgementEvidence,
    ProgressOptions,
    SettingStatement,
)
from progress.points import children_due, current_point, entry_point, points_of

# The observations shown beside each area of the form: those of the last three months, at most
# this many an area (those already linked are always shown).
RECENT_DAYS = 92
RECENT_PER_AREA = 6


def caseload(setting, membership) -> QuerySet[Child]:
    """The children on roll whose progress ``membership`` follows: a manager every child, a
    practitioner those they are key person or back-up of now."""
    children = Child.objects.for_setting(setting).current()
    if membership.can_manage_setting:
        return children
    return children.filter(pk__in=Subquery(
        Assignment.objects.current().filter(staff=membership).values("child_id")))


@dataclass
class Row:
    child: Child
    assessment: Assessment | None = None


@dataclass
class PointToDo:
    """The children of a caseload due ``point`` and not yet assessed at it."""

    point: AssessmentPoint
    rows: list[Row] = field(default_factory=list)
    done: int = 0


def _to_do(children: QuerySet[Child], setting, point: AssessmentPoint) -> PointToDo:
    """Two queries: the children due, and their assessments at ``point``."""
    due = list(children_due(setting, point).filter(pk__in=children.values("pk"))
               .select_related("room").order_by("room__name", "first_name", "last_name"))
    found = {a.child_id: a for a in Assessment.objects.filter(point=point, child__in=due)
             .only("uuid", "child_id", "status")}
    todo = PointToDo(point)
    for child in due:
        assessment = found.get(child.pk)
        if assessment is not None and assessment.is_shared:
            todo.done += 1
        else:
            todo.rows.append(Row(child, assessment))
    return todo


def caseload_page(setting, membership, today: date | None = None) -> dict:
    """The caseload page: the current point and the point on entry, each with the children
    still to assess (five queries)."""
    points = points_of(setting)
    children = caseload(setting, membership)
    current = current_point(points, today or timezone.localdate())
    entry = entry_point(points)
    return {
        "points": points,
        "current": _to_do(children, setting, current) if current else None,
        "entry": _to_do(children, setting, entry) if entry else None,
    }


def not_yet_assessed(setting, membership, today: date | None = None
                     ) -> tuple[AssessmentPoint | None, int]:
    """The current point and how many of the caseload due it are not yet assessed at it (two
    queries; none and 0 when the setting has no current point)."""
    current = current_point(points_of(setting), today or timezone.localdate())
    if current is None:
        return None, 0
    shared = Assessment.objects.filter(point=current).shared().values("child_id")
    count = (children_due(setting, current).filter(pk__in=caseload(setting, membership)
                                                   .values("pk"))
             .exclude(pk__in=shared).count())
    return current, count


# --- A child's progress over time -------------------------------------------------------------

# The chart's geometry (SVG user units): a column a point, a row a level.
COLUMN = 64
ROW = 16
MARGIN = 12


@dataclass
class Cell:
    assessment: Assessment
    judgement: Judgement | None
    level: int | None = None

    @property
    def text(self) -> str:
        judgement = self.judgement
        if judgement is None or not (judgement.status or judgement.band_id):
            return _("Not judged")
        parts = [judgement.get_status_display()] if judgement.status else []
        if judgement.band is not None:
            parts.append(judgement.band.label)
        return ", ".join(parts)


@dataclass
class AreaRow:
    area: Area
    cells: list[Cell]
    levels: int
    width: int = 0
    height: int = 0
    dots: list[tuple[int, int, str]] = field(default_factory=list)
    line: str = ""
    guides: list[int] = field(default_factory=list)

    def draw(self) -> None:
        """The dots (x, y, what) and the step line through them, from left to right: higher
        is further along."""
        self.width = MARGIN * 2 + COLUMN * max(len(self.cells) - 1, 0)
        self.height = MARGIN * 2 + ROW * (self.levels - 1)
        self.guides = [MARGIN + ROW * level for level in range(self.levels)]
        steps: list[str] = []
        for index, cell in enumerate(self.cells):
            if cell.level is None:
                continue
            x = MARGIN + COLUMN * index
            y = MARGIN + ROW * (self.levels - 1 - cell.level)
            self.dots.append((x, y, cell.text))
            if steps:
                steps.append(f"H{x} V{y}")
            else:
                steps.append(f"M{x} {y}")
        self.line = " ".join(steps) if len(self.dots) > 1 else ""

    @property
    def summary(self) -> str:
        return "; ".join(f"{cell.assessment.point.name}: {cell.text}" for cell in self.cells)


def child_progress(child: Child) -> dict:
    """A child's assessments (drafts too: the page is for staff), and for each area its
    judgements across them: levels from ``STATUS_LEVEL``, or under Birth to 5 Matters the
    range's order (four queries)."""
    options = ProgressOptions.of(child.setting)
    assessments = list(
        Assessment.objects.filter(child=child)
        .select_related("point", "framework", "band", "recorded_by", "shared_by",
                        "family_commented_by")
        .order_by("-point__kind", "point__starts_on", "point__name"))
    judgements = {(j.assessment_id, j.area_id): j for j in Judgement.objects.filter(
        assessment__in=assessments, aspect__isnull=True).select_related("band")}
    by_ranges = options.framework.uses_ranges
    levels = (options.framework.bands.count() if by_ranges else len(STATUS_LEVEL))
    rows = []
    for area in Area.objects.order_by("order"):
        cells = []
        for assessment in assessments:
            judgement = judgements.get((assessment.pk, area.pk))
            cell = Cell(assessment, judgement)
            if judgement is not None and by_ranges:
                band = judgement.band
                if band is not None and band.framework_id == options.framework_id:
                    cell.level = band.order - 1
            elif judgement is not None and judgement.status:
                cell.level = STATUS_LEVEL[Judgement.Status(judgement.status)]
            cells.append(cell)
        row = AreaRow(area, cells, max(levels, 2))
        row.draw()
        rows.append(row)
    return {"options": options, "assessments": assessments, "rows": rows,
            "by_ranges": by_ranges}


# --- The form's guide: observations and statements ---------------------------------------------


def recent_observations(child: Child, assessment: Assessment, today: date | None = None
                        ) -> dict[int, list[Observation]]:
    """By area id, the child's published observations tagged with it of the last
    ``RECENT_DAYS`` (at most ``RECENT_PER_AREA`` an area, newest first), plus those linked as
    evidence already (two queries)."""
    since = (today or timezone.localdate()) - timedelta(days=RECENT_DAYS)
    linked = set(JudgementEvidence.objects.filter(judgement__assessment=assessment)
                 .values_list("observation_id", flat=True))
    through = Observation.areas.through
    links = (through.objects
             .filter(observation__in=Observation.objects.in_journal_of(child, staff=False))
             .filter(Q(observation__observed_on__gte=since) | Q(observation_id__in=linked))
             .select_related("observation")
             .order_by("-observation__observed_on", "-observation__created_at"))
    found: dict[int, list[Observation]] = {}
    for link in links:
        shown = found.setdefault(link.area_id, [])
        if len(shown) < RECENT_PER_AREA or link.observation_id in linked:
            shown.append(link.observation)
    return found


# A statement as the form reads it: (area id, aspect id, band id, text).
Statement = tuple[int, int | None, int | None, str]


def statements(assessment: Assessment) -> list[Statement]:
    """What to look for: the setting's own statements in use and the framework's, of the
    assessment's framework, as (area id, aspect id, band id, text) (two queries)."""
    own = (SettingStatement.objects.filter(setting_id=assessment.setting_id,
                                           framework_id=assessment.framework_id,
                                           retired_at__isnull=True)
           .values_list("area_id", "aspect_id", "band_id", "text"))
    published = (FrameworkStatement.objects.filter(framework_id=assessment.framework_id)
                 .values_list("area_id", "aspect_id", "band_id", "text"))
    found: list[Statement] = [*own, *published]
    return found


def statements_for(found: list[Statement], judgement: Judgement,
                   band_id: int | None) -> list[str]:
    """Of ``found``, those of the judgement's area (and aspect) and of ``band_id`` (the
    child's band, or the range judged), or of every band."""
    return [text for area_id, aspect_id, statement_band, text in found
            if area_id == judgement.area_id
            and (aspect_id is None or aspect_id == judgement.aspect_id)
            and (statement_band is None or statement_band == band_id)]
