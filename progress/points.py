"""Which assessment point is current, and the band of a child's age: the rules of "when"
(each read is one query).

- The current point of a setting is the dated point whose dates hold today; between two, the
  latest that has started (its stragglers are still to do); before the first, none.
- A child is due the entry point when they started on or after its date and have no entry
  assessment; a dated point when they were on roll during it.
"""

from datetime import date

from django.db.models import Q

from families.models import Child
from progress.models import AssessmentPoint, Band, Framework


def points_of(setting) -> list[AssessmentPoint]:
    """The setting's points in use, on entry first then by date (one query)."""
    return list(AssessmentPoint.objects.for_setting(setting).in_use())


def current_point(points: list[AssessmentPoint], today: date) -> AssessmentPoint | None:
    """The dated point in progress today, or the latest that has started (no query)."""
    started = [p for p in points if not p.is_entry and p.starts_on <= today]
    if not started:
        return None
    holding = [p for p in started if p.ends_on is not None and p.ends_on >= today]
    return (holding or started)[-1]


def entry_point(points: list[AssessmentPoint]) -> AssessmentPoint | None:
    return next((p for p in points if p.is_entry), None)


def children_due(setting, point: AssessmentPoint):
    """The children of ``setting`` who are due ``point`` (a queryset): on entry, those who
    started on or after its date; a dated point, those on roll during it."""
    children = Child.objects.for_setting(setting)
    if point.is_entry:
        return children.filter(start_date__gte=point.starts_on).filter(
            Q(leaving_date__isnull=True) | Q(leaving_date__gt=point.starts_on))
    return children.filter(Q(start_date__isnull=True) | Q(start_date__lte=point.ends_on)).filter(
        Q(leaving_date__isnull=True) | Q(leaving_date__gt=point.starts_on))


def band_for_age(framework: Framework, child, on: date) -> Band | None:
    """Development Matters: the broad band of the child's age on ``on`` (the oldest band for
    a child past its months). Birth to 5 Matters: none (each judgement names its range)."""
    if framework.uses_ranges:
        return None
    months = child.age_in_months(on)
    bands = list(Band.objects.filter(framework=framework).order_by("order"))
    for band in bands:
        if band.to_months is not None and months < band.to_months:
            return band
    return bands[-1] if bands else None
