"""The journal's list pages keep a constant number of queries however many rows they show."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyperson.models import Assignment
from learning_journal import services
from learning_journal.models import Area, DailyBoard, Observation
from tests.factories import ChildAdultFactory, ChildFactory
from tests.learning_journal.factories import (
    group_observation,
    make_two,
    photo_consents,
    processed_photo,
)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _observations(world, n):
    """``n`` published observations of Ava (with Otto, or alone), photos, areas, next steps,
    comments and wow moments."""
    photo_consents(world, world.child)
    photo_consents(world, world.other_child)
    areas = list(Area.objects.all())
    for i in range(n):
        children = [world.child] if i % 2 else [world.child, world.other_child]
        observation = services.create_observation(
            world.users["key_person"], world.setting_a, observed_on=timezone.localdate(),
            text=f"Observation {i}", children=children, areas=areas[i % 7: i % 7 + 2],
            media=[processed_photo(), processed_photo()], publish=True,
            next_steps={world.child.pk: f"Step {i}"})
        services.add_comment(world.users["parent"], observation, world.child, "Lovely")
        if i % 3 == 0:
            services.add_wow_moment(world.users["parent"], world.child,
                                    observed_on=timezone.localdate(), text=f"Wow {i}",
                                    media=[processed_photo()])


def _children(world, n):
    for _ in range(n):
        child = make_two(ChildFactory(setting=world.setting_a, room=world.room), 27)
        ChildAdultFactory(child=child, user=world.users["parent"])
        Assignment.objects.create(setting=world.setting_a, child=child,
                                  staff=world.memberships["key_person"], kind="key",
                                  assigned_by=world.users["manager"])
        group_observation(world, children=[child], photos=0)
        services.start_check(world.users["key_person"], child)


def _boards(world, n):
    start = DailyBoard.objects.count()
    for i in range(start, start + n):
        DailyBoard.objects.create(setting=world.setting_a, room=world.room,
                                  day=timezone.localdate() - timedelta(days=i + 1),
                                  what_we_did=f"Day {i}", author=world.users["key_person"])


def _diary(world, n):
    for i in range(n):
        services.add_diary_entry(world.users["parent"], world.child, {
            "day": timezone.localdate() - timedelta(days=i % 5), "notes": f"n{i}"})


def _review(world, n):
    from learning_journal.models import JournalSettings

    JournalSettings.objects.get_or_create(setting=world.setting_a,
                                          defaults={"require_review": True})
    for _ in range(n):
        group_observation(world, photos=0)
    assert Observation.objects.filter(status="review").exists()


@pytest.mark.parametrize(("name", "persona", "add", "kwargs"), [
    ("journal-child", "parent", _observations, "child"),
    ("journal-child", "key_person", _observations, "child"),
    ("journal-child", "other_parent", _observations, "other_child"),
    ("journal-child-side", "parent", _observations, "child"),
    ("journal-child-side", "key_person", _observations, "child"),
    ("journal-home", "key_person", _children, None),
    ("journal-home", "parent", _children, None),
    ("journal-check-list", "manager", _children, None),
    ("home", "key_person", _children, None),
    ("home", "manager", _children, None),
    ("home", "parent", _children, None),
    ("journal-today", "parent", _boards, None),
    ("journal-diary", "parent", _diary, "child"),
    ("journal-review", "manager", _review, None),
])
def test_list_pages_keep_a_constant_query_count(world, name, persona, add, kwargs):
    client = world.client_for(persona)
    url = reverse(name, args=[getattr(world, kwargs).uuid] if kwargs else None)
    add(world, 1)
    few = _queries(client, url)
    add(world, 24)  # more than a page
    many = _queries(client, url)
    assert few == many, f"{name} as {persona}: {few} queries with few rows, {many} with many"


def test_the_journal_page_shows_only_what_the_family_may_see_at_any_size(world):
    _observations(world, 3)
    client = world.client_for("other_parent")
    page = client.get(reverse("journal-child", args=[world.other_child.uuid])).content.decode()
    assert "Observation 0" in page and "Observation 2" in page
    assert "Observation 1" not in page and "Wow" not in page
    side = client.get(reverse("journal-child-side", args=[world.other_child.uuid]),
                      headers={"HX-Request": "true"}).content.decode()
    assert "Step 0" not in side  # Ava's next step


def test_the_journal_page_filters_by_area_author_and_date(world):
    _observations(world, 6)
    client = world.client_for("parent")
    url = reverse("journal-child", args=[world.child.uuid])
    by_family = client.get(url, {"source": "family"})
    assert by_family.context["page"].paginator.count == 2
    area = Area.objects.get(code="PSED")
    by_area = client.get(url, {"area": area.code})
    assert all(area in o.areas.all() for o in by_area.context["observations"])
    assert by_area.context["page"].paginator.count == 2
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert client.get(url, {"since": tomorrow}).context["page"].paginator.count == 0
    side = client.get(reverse("journal-child-side", args=[world.child.uuid]),
                      headers={"HX-Request": "true"})
    chart = side.context["chart"]
    assert sum(row["total"] for row in chart["rows"]) == 12  # 6 observations, 2 areas each
    assert side.context["next_steps"][0]["text"] == "Step 5"
    assert client.get(url, {"source": "family"}).context.get("chart") is None  # not filtered


def test_the_side_column_is_a_page_of_its_own_without_scripts(world):
    _observations(world, 2)
    client = world.client_for("parent")
    url = reverse("journal-child-side", args=[world.child.uuid])
    assert url in client.get(reverse("journal-child", args=[world.child.uuid])).content.decode()
    page = client.get(url)
    assert page.templates[0].name == "learning_journal/journal_side.html"
    assert "Next steps" in page.content.decode() and "<html" in page.content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Step 1" in fragment and "<html" not in fragment
