"""Consents' list pages and home sections keep a constant number of queries however many
children and records there are (DESIGN.md: asserted at 1 row and at many)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consents import services
from consents.models import Outing
from tests.consents.factories import accident, calpol, default_forms, dose, outing
from tests.factories import ChildAdultFactory, ChildFactory


def _add_children(world, n):
    """``n`` children of Acorn, each with Pat as a parent, answers, a medicine, a dose, a
    serious accident, and on the outing."""
    forms = list(default_forms(world.setting_a).values())
    trip = Outing.objects.filter(setting=world.setting_a).first() or outing(world)
    for i in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        ChildAdultFactory(child=child, user=world.users["parent"])
        services.answer_consents(world.users["parent"], child,
                                 dict.fromkeys(forms[:1 + i % len(forms)], i % 2 == 0))
        permission = calpol(world, child=child)
        dose(world, permission)
        accident(world, child=child, serious=True)
        calpol(world, child=child, status="requested")
        trip.children.add(child)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("name", "persona"), [
    ("consents-overview", "manager"),
    ("consents-overview", "parent"),
    ("consents-medication", "manager"),
    ("consents-outing", "practitioner"),
])
def test_pages_keep_a_constant_query_count(world, name, persona):
    client = world.client_for(persona)
    _add_children(world, 1)
    kwargs = {}
    if name == "consents-outing":
        kwargs = {"outing_uuid": Outing.objects.get().uuid}
    url = reverse(name, kwargs=kwargs)
    few = _queries(client, url)
    _add_children(world, 59)
    many = _queries(client, url)
    assert few == many, f"{name}: {few} queries with few rows, {many} with many"


@pytest.mark.parametrize("persona", ["key_person", "parent"])
def test_the_childs_page_keeps_a_constant_query_count(world, persona):
    client = world.client_for(persona)
    forms = list(default_forms(world.setting_a).values())
    url = reverse("consents-child", args=[world.child.uuid])

    def add(n):
        for _ in range(n):
            services.answer_consents(world.users["parent"], world.child,
                                     {forms[0]: True})
            services.answer_consents(world.users["parent"], world.child,
                                     {forms[0]: False})
            dose(world, calpol(world), minutes_ago=600)
            accident(world)

    add(1)
    few = _queries(client, url)
    add(20)
    assert _queries(client, url) == few


@pytest.mark.parametrize("persona", ["manager", "parent"])
def test_home_sections_keep_a_constant_query_count(world, persona, home_section):
    _add_children(world, 1)
    home_section(persona)  # loads the person's memberships once, as a request does
    with CaptureQueriesContext(connection) as ctx:
        home_section(persona)
    few = len(ctx.captured_queries)
    _add_children(world, 59)
    with CaptureQueriesContext(connection) as ctx:
        html = home_section(persona)
    assert len(ctx.captured_queries) == few
    assert html


def test_children_with_consent_answers_in_two_queries_for_sixty(world,
                                                                 django_assert_num_queries):
    _add_children(world, 59)
    children = list(world.setting_a.children.all())
    with django_assert_num_queries(2):
        services.children_with_consent(children, "emergency_treatment")
