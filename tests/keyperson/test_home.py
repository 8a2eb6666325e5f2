"""The key person's home page sections and navigation, with constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyperson.models import Assignment
from keyperson.services import book_slot
from tests.factories import ChildAdultFactory, ChildFactory, UserFactory
from tests.keyperson.factories import (
    AssignmentFactory,
    ava_meeting,
    kim_slot,
    parents_evening,
)


def _home(world, persona) -> str:
    return world.client_for(persona).get(reverse("home")).content.decode()


def test_a_parent_sees_their_childs_key_person_and_their_bookings(world):
    event = parents_evening(world)
    book_slot(world.users["parent"], world.child, kim_slot(event))
    page = _home(world, "parent")
    assert "Your child's key person" in page
    assert "Kim Keyperson" in page
    assert reverse("keyperson-child", args=[world.child.uuid]) in page
    assert "Spring parents&#x27; evening" in page
    assert 'href="/key-person/meetings/"' in page  # the navigation


def test_a_carer_without_the_right_to_information_sees_no_key_person(world):
    page = _home(world, "carer_no_info")
    assert "Kim Keyperson" not in page
    assert "Your child's key person" not in page


def test_a_key_person_sees_their_key_children_and_waiting_requests(world):
    ava_meeting(world, topic="Biting at home")
    page = _home(world, "key_person")
    assert "My key children" in page and "Ava Parentchild" in page
    assert "Biting at home" in page
    assert "Otto" not in page
    assert "Key people" not in page  # the caseload is for managers


def test_a_manager_sees_how_many_children_have_no_key_person(world):
    page = _home(world, "manager")
    assert "Children without a key person" in page
    section = page.split("Children without a key person")[1]
    assert '<p class="tile-count mb-1">1</p>' in section  # Otto
    assert "2 without a back-up key person" in section
    assert reverse("keyperson-caseload") in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("home")).status_code == 200
    return len(ctx.captured_queries)


def _more_for_parent(world, n):
    for _ in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        ChildAdultFactory(child=child, user=world.users["parent"])
        for kind, who in ((Assignment.Kind.KEY, "key_person"),
                          (Assignment.Kind.BACKUP, "practitioner")):
            AssignmentFactory(child=child, staff=world.memberships[who], kind=kind,
                              assigned_by=world.users["manager"])
        ava_meeting(world, child=child)


def _more_for_key_person(world, n):
    for _ in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        AssignmentFactory(child=child, staff=world.memberships["key_person"],
                          assigned_by=world.users["manager"])
        ava_meeting(world, child=child, requested_by=UserFactory())


def _more_for_manager(world, n):
    for _ in range(n):
        ChildFactory(setting=world.setting_a, room=world.room)


@pytest.mark.parametrize(("persona", "add"), [
    ("parent", _more_for_parent),
    ("key_person", _more_for_key_person),
    ("manager", _more_for_manager),
])
def test_home_sections_keep_a_constant_query_count(world, persona, add):
    client = world.client_for(persona)
    add(world, 1)
    few = _queries(client)
    add(world, 20)
    many = _queries(client)
    assert few == many, f"{persona}: {few} queries with few rows, {many} with many"


def test_the_navigation_has_meetings_for_everyone_in_a_setting(world):
    for persona in ("manager", "practitioner", "parent"):
        assert 'href="/key-person/meetings/"' in _home(world, persona), persona
    assert 'href="/key-person/caseload/"' in world.client_for("manager").get(
        reverse("keyperson-meetings")).content.decode()
    assert 'href="/key-person/caseload/"' not in world.client_for("practitioner").get(
        reverse("keyperson-meetings")).content.decode()
