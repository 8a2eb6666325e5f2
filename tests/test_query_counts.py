"""List pages keep a constant number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from families.models import Allergy
from keyperson.models import Assignment
from preschool.models import Role, log_action
from tests.factories import ChildAdultFactory, ChildFactory, MembershipFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_people(world, n):
    for _ in range(n):
        MembershipFactory(setting=world.setting_a, role=Role.PARENT)
        MembershipFactory(setting=world.setting_a, role=Role.PRACTITIONER)


def _add_children(world, n, *, parent=None):
    """``n`` children of setting A, each with an allergy, a key person and an adult under a
    restriction; with ``parent``, that user is their parent too (so the parent's list grows).
    Returns the children's names."""
    names = []
    for _ in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        ChildAdultFactory(child=child, restriction="Court order.")
        if parent is not None:
            ChildAdultFactory(child=child, user=parent)
        Allergy.objects.create(child=child, allergen="Egg", severity="mild", action="Avoid.")
        Assignment.objects.create(setting=world.setting_a, child=child,
                                  staff=world.memberships["key_person"], kind="key",
                                  assigned_by=world.users["manager"])
        names.append(child.full_name)
    return names


def _add_the_parents_children(world, n):
    return _add_children(world, n, parent=world.users["parent"])


def _add_events(world, n):
    for i in range(n):
        log_action(world.users["manager"], f"test.event{i}", world.memberships["parent"])


def _add_changes(world, n):
    from families.models import RecordChange

    for _ in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        RecordChange.objects.create(setting=world.setting_a, child=child, area="allergies",
                                    summary="Allergy added", changed_by=world.users["parent"],
                                    needs_review=True, changes={"Allergic to": ["", "Egg"]})


@pytest.mark.parametrize(("name", "persona", "add"), [
    ("people-list", "manager", _add_people),
    ("child-list", "practitioner", _add_children),
    ("child-list", "parent", _add_the_parents_children),
    ("audit-log", "manager", _add_events),
    ("home", "manager", _add_children),
    ("home", "key_person", _add_children),
    ("child-changes", "manager", _add_changes),
])
def test_list_pages_keep_a_constant_query_count(world, name, persona, add):
    client = world.client_for(persona)
    url = reverse(name)
    add(world, 1)
    few = _queries(client, url)
    added = add(world, 59)  # 60 children: a full pre-school
    many = _queries(client, url)
    assert few == many, f"{name}: {few} queries with few rows, {many} with many"
    if name == "child-list":
        # The list really grew: the count compares a short list with a long one.
        page = client.get(url).content.decode()
        missing = [child for child in added if escape(child) not in page]
        assert not missing, f"{persona} does not see {missing}"
