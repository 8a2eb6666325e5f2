"""The reads of a child's journal page.

The journal is the page families open most, and it shows a lot at once: a page of
observations with each one's areas, comment count and next step, how many observations match,
the child's latest next steps, and a chart of the last six months. Each read here is one query
(the page two: its observations, then their areas), whatever the size of the journal, so the
page keeps a fixed number of queries. ``media_of`` serves every page that shows photos.

These functions only read what is in a journal: who may open it is checked before
(families.access.access_child), and who sees which photo is decided after, in
learning_journal/visibility.py. tests/learning_journal/test_reads.py checks them against the
journal's rules.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, F
from django.db.models.functions import TruncMonth

from learning_journal.models import (
    Area,
    Comment,
    Media,
    Observation,
    ObservationChild,
    ProgressCheck,
)


@dataclass
class JournalFilter:
    """What the journal page is filtered by (all optional)."""

    area_id: int | None = None
    source: str = ""
    since: date | None = None
    until: date | None = None


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _journal_where(child, *, staff: bool, filters: JournalFilter) -> tuple[str, list]:
    """The SQL condition for the observations of ``child``'s journal that match ``filters``
    (``o`` the observation, ``link`` its link to the child), with its parameters: the rule
    of ObservationQuerySet.in_journal_of, and the filters."""
    where = ["link.child_id = %s", "o.setting_id = %s"]
    params: list = [child.pk, child.setting_id]
    if not staff:
        where.append("o.status = %s")
        params.append(Observation.Status.PUBLISHED)
    if filters.area_id:
        areas = _table(Observation.areas.through)
        where.append(f"EXISTS (SELECT 1 FROM {areas} a "  # noqa: S608 (a table name)
                     "WHERE a.observation_id = o.id AND a.area_id = %s)")
        params.append(filters.area_id)
    if filters.source:
        where.append("o.source = %s")
        params.append(filters.source)
    if filters.since:
        where.append("o.observed_on >= %s")
        params.append(filters.since)
    if filters.until:
        where.append("o.observed_on <= %s")
        params.append(filters.until)
    return " AND ".join(where), params


def journal_page(child, *, staff: bool, filters: JournalFilter, number: int, per_page: int,
                 areas: Sequence[Area] | None = None) -> tuple[int, list[Observation]]:
    """How many observations of ``child``'s journal match ``filters``, and those on page
    ``number`` (newest first; ``per_page`` to a page). Families see published observations;
    staff also drafts and those waiting for review (ObservationQuerySet.in_journal_of).

    Each observation comes with ``author_name``, ``comment_count`` and ``next_step`` (this
    child's) and ``area_list`` (its areas in the framework's order). Two queries: the page
    with its count, and the areas.

    The page is the one read here in SQL (``QuerySet.raw``, full Observation instances): put
    together by the ORM, its count, comment counts and filters cost several times more than
    running it (bench/README.md). Every value is a query parameter.
    """
    where, params = _journal_where(child, staff=staff, filters=filters)
    # The count rides along: the outer joins keep one row (with the count and no
    # observation) when the page is empty.
    query = f"""
        WITH journal AS (
            SELECT o.id, o.observed_on, o.created_at, link.next_step
            FROM {_table(Observation)} o JOIN {_table(ObservationChild)} link
                 ON link.observation_id = o.id
            WHERE {where}
        ), page AS (
            SELECT id, next_step FROM journal
            ORDER BY observed_on DESC, created_at DESC, id DESC LIMIT %s OFFSET %s
        )
        SELECT o.*, total.n AS total, u.full_name AS author_name, page.next_step,
               (SELECT COUNT(*) FROM {_table(Comment)} c
                WHERE c.observation_id = o.id AND c.child_id = %s) AS comment_count
        FROM (SELECT COUNT(*) AS n FROM journal) total
        LEFT JOIN page ON TRUE
        LEFT JOIN {_table(Observation)} o ON o.id = page.id
        LEFT JOIN {_table(Observation.author.field.related_model)} u ON u.id = o.author_id
        ORDER BY o.observed_on DESC, o.created_at DESC, o.id DESC
    """  # noqa: S608 (table names only: values are parameters)
    rows = list(Observation.objects.raw(
        query, [*params, per_page, (number - 1) * per_page, child.pk]))
    observations = [o for o in rows if o.pk is not None]
    _add_area_lists(observations, areas)
    return rows[0].total, observations  # type: ignore[attr-defined]  # raw()'s extra column


def _add_area_lists(observations: list[Observation], areas: Sequence[Area] | None) -> None:
    """Give each observation ``area_list``: its areas, in the framework's order. ``areas`` is
    the framework's areas if the caller has read them (else they are read: one query more).
    One query: the links, as pairs of ids."""
    if not observations:
        return
    if areas is None:
        areas = list(Area.objects.all())
    linked: dict[int, set[int]] = defaultdict(set)
    for observation_id, area_id in (Observation.areas.through.objects
                                    .filter(observation_id__in=[o.pk for o in observations])
                                    .values_list("observation_id", "area_id")):
        linked[observation_id].add(area_id)
    for o in observations:
        o.area_list = [a for a in areas if a.pk in linked[o.pk]]  # type: ignore[attr-defined]


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
             .filter(observation__child_links__child=child,
                     observation__setting_id=child.setting_id,
                     observation__status=Observation.Status.PUBLISHED,
                     observation__observed_on__gte=since)
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
        # The lists are the item's own attributes for visibility.py, not fields.
        if item is row:
            item.shown_ids, item.looked_after_ids = [], []  # type: ignore[attr-defined]
        if row.shown_id is not None:
            item.shown_ids.append(row.shown_id)  # type: ignore[attr-defined]
            if row.shown_looked_after:
                item.looked_after_ids.append(row.shown_id)  # type: ignore[attr-defined]
    return list(media.values())
