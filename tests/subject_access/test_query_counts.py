"""The requests' list pages, the child's page and a request's page keep a constant number of
queries, whatever the number of requests."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from subject_access.models import SubjectAccessRequest
from tests.subject_access.factories import sar


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add(world, n):
    for i in range(n):
        sar(world, received_at=timezone.now() - timedelta(days=i * 3))
        sar(world, child=None, subject_user=world.users["parent"],
            status=SubjectAccessRequest.Status.RELEASED)
        sar(world, persona=None, logged_by=world.users["practitioner"], received_how="phone",
            extended_to=timezone.localdate() + timedelta(days=40))


@pytest.mark.parametrize(("name", "query", "persona"), [
    ("subject-access-list", "", "manager"),
    ("subject-access-list", "?status=all", "manager"),
    ("subject-access-list", "?status=answered", "manager"),
    ("subject-access-list", "", "parent"),
    ("child-detail", "", "manager"),
    ("child-detail", "", "parent"),
    ("home", "", "manager"),
])
def test_list_pages_keep_a_constant_query_count(world, name, query, persona):
    client = world.client_for(persona)
    url = (reverse(name, args=[world.child.uuid]) if name == "child-detail"
           else reverse(name)) + query
    _add(world, 1)
    few = _queries(client, url)
    _add(world, 30)
    many = _queries(client, url)
    assert few == many, f"{name}{query} as {persona}: {few} queries with few rows, {many} with many"


def test_the_list_shows_open_requests_first_by_deadline_and_overdue_in_red(world):
    late = sar(world, received_at=timezone.now() - timedelta(days=40))
    soon = sar(world, received_at=timezone.now() - timedelta(days=20))
    sar(world, status=SubjectAccessRequest.Status.CLOSED)
    page = world.client_for("manager").get(reverse("subject-access-list"))
    rows = list(page.context["page"])
    assert rows == [late, soon]
    html = page.content.decode()
    assert html.index(str(late.uuid)) < html.index(str(soon.uuid))
    assert 'class="table-danger"' in html
    assert '<strong class="text-danger">1 overdue</strong>' in html


def test_the_list_has_25_a_page(world):
    _add(world, 10)  # 20 open, 10 answered
    page = world.client_for("manager").get(reverse("subject-access-list") + "?status=all")
    assert len(page.context["page"]) == 25 and page.context["page"].paginator.count == 30


def test_the_managers_home_counts_open_requests_due_soon_and_overdue(world):
    assert "Requests for a copy of data" not in world.client_for("manager").get(
        reverse("home")).content.decode()
    sar(world, received_at=timezone.now() - timedelta(days=40))  # overdue
    sar(world, received_at=timezone.now() - timedelta(days=27))  # due within a week
    sar(world)
    home = world.client_for("manager").get(reverse("home")).content.decode()
    assert "Requests for a copy of data" in home
    assert "1 overdue." in home and "1 due within a week." in home
    assert "Requests for a copy of data" not in world.client_for("practitioner").get(
        reverse("home")).content.decode()
