"""The complaints list pages and home sections keep a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from complaints.models import Concern, Note, Outcome
from tests.complaints.factories import concern


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add(world, n):
    for i in range(n):
        c = concern(world, subject=f"Concern {i}", kind=Concern.Kind.COMPLAINT,
                    assigned_to=world.memberships["manager"])
        Note.objects.create(concern=c, kind="action", text="Done.", author=world.users["manager"])
        if i % 2:
            Outcome.objects.create(concern=c, outcome="Resolved.", notified_via="email",
                                   notified_at=timezone.now(), decided_by=world.users["manager"])
            Concern.objects.filter(pk=c.pk).update(status="closed", closed_at=timezone.now())
        concern(world, kind=Concern.Kind.COMPLIMENT, subject=f"Thanks {i}",
                shared_with_staff_at=timezone.now())


@pytest.mark.parametrize(("name", "query", "persona"), [
    ("complaints-list", "", "manager"),
    ("complaints-list", "?status=all", "manager"),
    ("complaints-list", "", "parent"),
    ("complaints-list", "", "practitioner"),
    ("complaints-record", "", "manager"),
    ("complaints-record", "?include=all&date_from=2000-01-01&date_to=2100-01-01", "manager"),
    ("home", "", "manager"),
    ("home", "", "parent"),
    ("home", "", "practitioner"),
])
def test_list_pages_keep_a_constant_query_count(world, name, query, persona):
    client = world.client_for(persona)
    url = reverse(name) + query
    _add(world, 1)
    few = _queries(client, url)
    _add(world, 30)
    many = _queries(client, url)
    assert few == many, f"{name}{query} as {persona}: {few} queries with few rows, {many} with many"
