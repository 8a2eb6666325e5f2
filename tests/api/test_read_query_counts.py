"""Every list operation of the API keeps a constant number of queries, with one row or many
(a full pre-school: 60 children)."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance.models import RegularSession
from learning_journal.eyfs import ensure_framework
from progress import services as progress_services
from progress.frameworks import ensure_frameworks
from progress.models import Assessment, AssessmentPoint
from tests.api.helpers import token_client
from tests.attendance.factories import RecordFactory, all_day
from tests.learning_journal.factories import group_observation, photo_consents
from tests.messaging.factories import add_conversations
from tests.news.factories import add_families
from tests.news.factories import post as news_post
from tests.progress.factories import recorded
from tests.test_query_counts import _add_children, _add_the_parents_children

pytestmark = pytest.mark.django_db


def _queries(client, url) -> tuple[int, int]:
    """How many queries the operation ran, and how many rows it answered with."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, response.content
    body = response.json()
    rows = body if isinstance(body, list) else body.get("items", body.get("rows"))
    return len(ctx.captured_queries), len(rows)


def _add_children_here_today(world, n):
    """``n`` children of Ava's room with their allergies, key person and restricted adults,
    signed in today, each expected at a session on every weekday."""
    names = _add_children(world, n)
    session = all_day(world, name=f"Day {RegularSession.objects.count()}")
    for child in world.room.children.exclude(pk__in=[world.child.pk, world.other_child.pk]):
        if not child.attendance.exists():
            RecordFactory(child=child, session=session)
            for weekday in range(7):
                RegularSession.objects.create(setting=world.setting_a, child=child,
                                              session=session, weekday=weekday,
                                              added_by=world.users["manager"])
    return names


def _add_records_of_ava(world, n):
    session = all_day(world, name=f"Day {RecordFactory._meta.model.objects.count()}")
    for _ in range(n):
        RecordFactory(child=world.child, session=session, signed_out_at=None)


def _add_observations_of_ava(world, n):
    if not n:
        return
    photo_consents(world, world.child)
    for _ in range(n):
        group_observation(world, children=[world.child, world.other_child])


def _add_conversations(world, n):
    add_conversations(world.setting_a, world.room, world.memberships["key_person"],
                      world.users["parent"], n)


def _add_posts(world, n):
    add_families(world.setting_a, n, room=world.room)
    for _ in range(n):
        news_post(world, audience="setting", needs_acknowledgement=False)


def _add_assessments_of_ava(world, n):
    """``n`` terms, Ava assessed at each: shared, then every other one a draft (which only
    staff list)."""
    ensure_framework()
    ensure_frameworks()
    today = timezone.localdate()
    for _ in range(n):
        made = AssessmentPoint.objects.filter(setting=world.setting_a).count()
        point = progress_services.add_point(
            world.users["manager"], world.setting_a, kind=AssessmentPoint.Kind.DATED,
            name=f"Term {made + 1}", starts_on=today - timedelta(days=90), ends_on=today)
        shared = Assessment.objects.filter(child=world.child).count() % 2 == 0
        recorded(world, world.child, point, share=shared)


def _url(path: str) -> Callable:
    return lambda world: path.format(child=world.child.uuid, room=world.room.uuid)


@pytest.mark.parametrize(("path", "persona", "add", "many"), [
    ("/api/v1/children", "practitioner", _add_children, 59),
    ("/api/v1/children", "parent", _add_the_parents_children, 59),
    ("/api/v1/register/rooms/{room}", "practitioner", _add_children_here_today, 59),
    ("/api/v1/attendance/records", "manager", _add_children_here_today, 59),
    ("/api/v1/attendance/children/{child}", "parent", _add_records_of_ava, 30),
    ("/api/v1/observations/children/{child}", "parent", _add_observations_of_ava, 12),
    ("/api/v1/observations/children/{child}", "key_person", _add_observations_of_ava, 12),
    ("/api/v1/conversations", "key_person", _add_conversations, 59),
    ("/api/v1/conversations", "parent", _add_conversations, 59),
    ("/api/v1/news", "parent", _add_posts, 30),
    ("/api/v1/news", "manager", _add_posts, 30),
    ("/api/v1/progress/children/{child}", "parent", _add_assessments_of_ava, 8),
    ("/api/v1/progress/children/{child}", "key_person", _add_assessments_of_ava, 8),
])
def test_list_operations_keep_a_constant_query_count(world, path, persona, add, many):
    client = token_client(world.memberships[persona])
    url = _url(path)(world)
    add(world, 1)
    few, few_rows = _queries(client, url)
    add(world, many)
    more, more_rows = _queries(client, url)
    assert more_rows > few_rows >= 1
    assert few == more, f"{path} as {persona}: {few} queries with few rows, {more} with many"
