"""The reads of a child's journal page.

The journal is the page families open most, and it shows a lot at once: a page of
observations with each one's areas, comment count and next step, how many observations match,
the child's latest next steps, and a chart of the last six months. Each read here is one query
(the page two: its observations, then their areas), whatever the size of the journal, so the
page keeps a fixed number of queries. ``media_of`` serves every page that shows photos.

These functions only read what is in a journal: who may open it is checked before
(preschool.permissions.access_child), and who sees which photo is decided after, in
learning_journal/visibility.py. tests/learning_journal/test_reads.py checks them against the
journal's rules.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce, TruncMonth

from learning_journal.models import (
    Area,
    Comment,
    Media,
    Observation,
    ObservationChild,
    ProgressCheck,
)

# Newest first; the id settles observations written at the same moment.
NEWEST_FIRST = ("-observed_on", "-created_at", "-id")


@dataclass
class JournalFilter:
    """What the journal page is filtered by (all optional)."""

    area_id: int | None = None
    source: str = ""
    since: date | None = None
    until: date | None = None


def _journal(child, *, staff: bool, filters: JournalFilter):
    """The observations of ``child``'s journal that match ``filters``."""
    journal = Observation.objects.in_journal_of(child, staff=staff)
    if filters.area_id:
        journal = journal.filter(Exists(Observation.areas.through.objects.filter(
            observation=OuterRef("pk"), area_id=filters.area_id)))
    if filters.source:
        journal = journal.filter(source=filters.source)
    if filters.since:
        journal = journal.filter(observed_on__gte=filters.since)
    if filters.until:
        journal = journal.filter(observed_on__lte=filters.until)
    return journal


def journal_page(child, *, staff: bool, filters: JournalFilter, number: int,
                 per_page: int) -> tuple[int, list[Observation]]:
    """How many observations of ``child``'s journal match ``filters``, and those on page
    ``number`` (newest first; ``per_page`` to a page). Families see published observations;
    staff also drafts and those waiting for review (ObservationQuerySet.in_journal_of).

    Each observation comes with ``author_name``, ``comment_count`` and ``next_step`` (this
    child's) and ``area_list`` (its areas in the framework's order). Two queries: the page
    with the number of matching observations, and the areas; a page past the end counts on
    its own.
    """
    journal = _journal(child, staff=staff, filters=filters)
    # Counted in a subquery of its own: the journal is of one setting, so one group.
    total = journal.order_by().values("setting_id").annotate(n=Count("pk")).values("n")
    comments = (Comment.objects.filter(observation=OuterRef("pk"), child=child).order_by()
                .values("observation").annotate(n=Count("pk")).values("n"))
    start = (number - 1) * per_page
    observations = list(
        journal.annotate(total=Subquery(total), author_name=F("author__full_name"),
                         next_step=F("child_links__next_step"),
                         comment_count=Coalesce(Subquery(comments), 0))
        .prefetch_related(Prefetch("areas", queryset=Area.objects.all(), to_attr="area_list"))
        .order_by(*NEWEST_FIRST)[start:start + per_page])
    if observations:
        return observations[0].total, observations
    return (journal.count() if number > 1 else 0), []


def next_steps(child, *, limit: int) -> list[tuple[str, uuid.UUID, date]]:
    """The latest ``limit`` next steps written for ``child`` in published observations, newest
    first: (next step, observation uuid, observed on). One query."""
    steps = (ObservationChild.objects
             .filter(child=child, observation__setting_id=child.setting_id,
                     observation__status=Observation.Status.PUBLISHED)
             .exclude(next_step="")
             .order_by("-observation__observed_on", "-observation__created_at",
                       "-observation__id"))
    return list(steps.values_list("next_step", "observation__uuid",
                                  "observation__observed_on")[:limit])


def observations_per_area_and_month(child, *, since: date) -> dict[tuple[int, date], int]:
    """How many of ``child``'s published observations from ``since`` are linked to each area,
    by month: {(area id, first day of the month): number}. One query."""
    links = (Observation.areas.through.objects
             .filter(observation__in=Observation.objects.in_journal_of(child, staff=False)
                     .filter(observed_on__gte=since))
             .annotate(month=TruncMonth("observation__observed_on")).order_by()
             .values_list("area_id", "month").annotate(n=Count("pk")))
    return {(area_id, month): n for area_id, month, n in links}


def latest_check(child, *, statuses=None) -> ProgressCheck | None:
    """The latest version of ``child``'s progress check at two (only among ``statuses`` if
    given). One query."""
    checks = ProgressCheck.objects.filter(child=child)
    if statuses is not None:
        checks = checks.filter(status__in=statuses)
    return checks.order_by("-version", "-id").first()


def media_of(observation_ids) -> list[Media]:
    """The photos and videos of these observations that have not been removed, in upload
    order, each with ``shown_ids`` (the children shown in it) and ``looked_after_ids`` (those of
    them who are looked after). One query."""
    # One row for each child shown in an item (an item with nobody shown, one row with None):
    # the rows of one item are gathered into the first.
    rows = (Media.objects.filter(observation_id__in=list(observation_ids), removed_at=None)
            .annotate(shown_id=F("children_shown__id"),
                      shown_looked_after=F("children_shown__is_looked_after"))
            .order_by("created_at", "id"))
    media: dict[int, Media] = {}
    for row in rows:
        item = media.setdefault(row.pk, row)
        if item is row:
            item.shown_ids, item.looked_after_ids = [], []
        if row.shown_id is not None:
            item.shown_ids.append(row.shown_id)
            if row.shown_looked_after:
                item.looked_after_ids.append(row.shown_id)
    return list(media.values())
