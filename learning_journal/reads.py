"""The reads of a child's journal page, in SQL.

The journal is the page families open most, and it shows a lot at once: a page of
observations with each one's areas, comment count and next step, how many observations match,
the child's latest next steps, and a chart of the last six months. Built with the ORM, putting
these queries together cost more than running them (bench/journal_page.py), so they are
written here in SQL, a fixed number of queries whatever the size of the journal.

The SQL runs on PostgreSQL (production, CI) and on SQLite (the demo of ``make run``), with the
helpers of ``preschool.lib.sql``. Table names come from the models; every value is a query
parameter, never part of the SQL. ``media_of`` serves every page that shows photos. These
functions only read what is in a journal: who may open it is checked before
(preschool.permissions.access_child), and who sees which photo is decided after, in
learning_journal/visibility.py. tests/learning_journal/test_reads.py checks them against the
journal's rules.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from django.db import connection

from families.models import Child
from learning_journal.models import Comment, Media, Observation, ObservationChild, ProgressCheck
from preschool.lib import sql


def _tables() -> dict:
    return {"observation": sql.table(Observation), "link": sql.table(ObservationChild),
            "comment": sql.table(Comment), "area": sql.table(Observation.areas.through),
            "user": sql.table(Observation._meta.get_field("author").related_model),
            "media": sql.table(Media), "shown": sql.table(Media.children_shown.through),
            "child": sql.table(Child), "check": sql.table(ProgressCheck)}


@dataclass
class JournalFilter:
    """What the journal page is filtered by (all optional)."""

    area_id: int | None = None
    source: str = ""
    since: date | None = None
    until: date | None = None


def journal_page(child, *, staff: bool, filters: JournalFilter, number: int,
                 per_page: int) -> tuple[int, list[Observation]]:
    """How many observations of ``child``'s journal match ``filters``, and those on page
    ``number`` (newest first; ``per_page`` to a page). Families see published observations;
    staff also drafts and those waiting for review (ObservationQuerySet.in_journal_of).

    Each observation comes with ``author_name``, and ``comment_count``, ``next_step`` (this
    child's) and ``area_ids``. One query.
    """
    where = ["link.child_id = %s", "o.setting_id = %s"]
    params: list = [child.pk, child.setting_id]
    if not staff:
        where.append("o.status = %s")
        params.append(Observation.Status.PUBLISHED)
    if filters.area_id:
        where.append("EXISTS (SELECT 1 FROM {area} a WHERE a.observation_id = o.id "
                     "AND a.area_id = %s)")
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
    # The count rides along: the outer joins keep one row (with the count) when the page is
    # empty.
    query = ("""
        WITH journal AS (
            SELECT o.id, o.observed_on, o.created_at, link.next_step
            FROM {observation} o JOIN {link} link ON link.observation_id = o.id
            WHERE """ + " AND ".join(where) + """
        ), page AS (
            SELECT id, next_step FROM journal
            ORDER BY observed_on DESC, created_at DESC, id DESC LIMIT %s OFFSET %s
        )
        SELECT total.n, o.id, o.uuid, o.source, o.status, o.observed_on, o.text, o.author_id,
               u.full_name,
               (SELECT COUNT(*) FROM {comment} c
                WHERE c.observation_id = o.id AND c.child_id = %s),
               page.next_step,
               (SELECT """ + sql.id_list("a.area_id") + """ FROM {area} a
                WHERE a.observation_id = o.id)
        FROM (SELECT COUNT(*) AS n FROM journal) total
        LEFT JOIN page ON TRUE
        LEFT JOIN {observation} o ON o.id = page.id
        LEFT JOIN {user} u ON u.id = o.author_id
        ORDER BY o.observed_on DESC, o.created_at DESC, o.id DESC
    """).format(**_tables())  # noqa: S608 (table names only: values are parameters)
    params += [per_page, (number - 1) * per_page, child.pk]
    rows = sql.rows(query, params)
    observations = []
    for (_, pk, uuid_, source, status, observed_on, text, author_id, author_name,
         comment_count, next_step, area_ids) in rows:
        if pk is None:
            continue  # an empty page: the row only carries the count
        observation = Observation(id=pk, uuid=sql.as_uuid(uuid_), setting_id=child.setting_id,
                                  source=source, status=status, observed_on=observed_on,
                                  text=text, author_id=author_id)
        # Read-only extras the journal page shows beside the row's own fields.
        observation.author_name = author_name  # type: ignore[attr-defined]
        observation.comment_count = comment_count  # type: ignore[attr-defined]
        observation.next_step = next_step or ""  # type: ignore[attr-defined]
        observation.area_ids = sql.ids(area_ids)  # type: ignore[attr-defined]
        observations.append(observation)
    return rows[0][0], observations


def next_steps(child, *, limit: int) -> list[tuple[str, uuid.UUID, date]]:
    """The latest ``limit`` next steps written for ``child`` in published observations, newest
    first: (next step, observation uuid, observed on). One query."""
    query = """
        SELECT s.next_step, o.uuid, o.observed_on
        FROM {link} s JOIN {observation} o ON o.id = s.observation_id
        WHERE s.child_id = %s AND o.setting_id = %s AND o.status = %s AND s.next_step <> ''
        ORDER BY o.observed_on DESC, o.created_at DESC, o.id DESC LIMIT %s
    """.format(**_tables())  # noqa: S608 (table names only)
    rows = sql.rows(query, [child.pk, child.setting_id, Observation.Status.PUBLISHED, limit])
    return [(text, sql.as_uuid(uuid_), observed_on) for text, uuid_, observed_on in rows]


def observations_per_area_and_month(child, *, since: date) -> dict[tuple[int, date], int]:
    """How many of ``child``'s published observations from ``since`` are linked to each area,
    by month: {(area id, first day of the month): number}. One query."""
    # The database's own month truncation, as Django's TruncMonth writes it for each backend.
    month, month_params = connection.ops.date_trunc_sql("month", "o.observed_on", ())
    query = ("""
        SELECT a.area_id, """ + month + """, COUNT(*)
        FROM {area} a JOIN {observation} o ON o.id = a.observation_id
             JOIN {link} s ON s.observation_id = o.id
        WHERE s.child_id = %s AND o.setting_id = %s AND o.status = %s AND o.observed_on >= %s
        GROUP BY 1, 2
    """).format(**_tables())  # noqa: S608 (table names only)
    rows = sql.rows(query, [*month_params, child.pk, child.setting_id,
                            Observation.Status.PUBLISHED, since])
    # PostgreSQL answers a timestamp, SQLite a text: the first day of the month either way.
    return {(area_id, date.fromisoformat(str(first)[:10])): n for area_id, first, n in rows}


def latest_check(child, *, statuses=None) -> ProgressCheck | None:
    """The latest version of ``child``'s progress check at two (only among ``statuses`` if
    given), with its uuid, version and status. One query."""
    table = _tables()["check"]
    query = f"SELECT id, uuid, version, status FROM {table} WHERE child_id = %s"  # noqa: S608
    params: list = [child.pk]
    if statuses is not None:
        statuses = [str(s) for s in statuses]
        query += f" AND status IN ({sql.placeholders(statuses)})"
        params += statuses
    rows = sql.rows(query + " ORDER BY version DESC, id DESC LIMIT 1", params)
    if not rows:
        return None
    pk, uuid_, version, status = rows[0]
    return ProgressCheck(id=pk, uuid=sql.as_uuid(uuid_), version=version, status=status,
                         child=child, setting_id=child.setting_id)


def media_of(observation_ids) -> list[Media]:
    """The photos and videos of these observations that have not been removed, in upload
    order, each with ``shown_ids`` (the children shown in it) and ``looked_after_ids`` (those of
    them who are looked after). One query."""
    ids = list(observation_ids)
    t = _tables()
    query = f"""
        SELECT {sql.columns(Media, "m")},
               (SELECT {sql.id_list("s.child_id")} FROM {t["shown"]} s WHERE s.media_id = m.id),
               (SELECT {sql.id_list("s.child_id")} FROM {t["shown"]} s
                JOIN {t["child"]} c ON c.id = s.child_id
                WHERE s.media_id = m.id AND c.is_looked_after)
        FROM {t["media"]} m
        WHERE m.observation_id IN ({sql.placeholders(ids)}) AND m.removed_at IS NULL
        ORDER BY m.created_at, m.id
    """  # noqa: S608 (table and column names only)
    media, width = [], sql.width(Media)
    for row in sql.rows(query, ids):
        item = sql.instance(Media, row[:width])
        item.shown_ids, item.looked_after_ids = sql.ids(row[width]), sql.ids(row[width + 1])
        media.append(item)
    return media
