"""Consents' list pages and home sections keep a constant number of queries however many
children and records there are (docs/architecture.md, "Tests": asserted at few rows and at
many), and show long lists a page at a time: page 2 answers with the next records, in as many
queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consents import services
from consents.models import DoubleDoseReview, Outing
from consents.pages import PAGE_SIZE
from tests.consents.factories import accident, calpol, default_forms, dose, outing
from tests.factories import ChildAdultFactory, ChildFactory

FEW, MANY = 5, 120


def _add_children(world, n):
    """``n`` children of Acorn, each with Pat as a parent, answers, and a record in each of
    the lists of the staff's pages: a medicine waiting for its label check, one in force with
    a dose today, an earlier dose flagged as a possible double dose and not acknowledged,
    another flagged and reviewed, a serious accident today, an older one not acknowledged, an
    outing coming up and one past; and on the first outing."""
    forms = list(default_forms(world.setting_a).values())
    trip = Outing.objects.filter(setting=world.setting_a, place="Hadley Park").first() \
        or outing(world)
    now, today = timezone.now(), timezone.localdate()
    for i in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        ChildAdultFactory(child=child, user=world.users["parent"])
        services.answer_consents(world.users["parent"], child,
                                 dict.fromkeys(forms[:1 + i % 3], i % 2 == 0))
        permission = calpol(world, child=child)
        dose(world, permission, given_at=now)
        dose(world, permission, minutes_ago=60 * 30, possible_double_dose=True)
        reviewed = dose(world, permission, minutes_ago=60 * 54, possible_double_dose=True)
        DoubleDoseReview.objects.create(dose=reviewed, note="One dose only.",
                                        reviewed_by=world.users["manager"])
        calpol(world, child=child, status="requested")
        accident(world, child=child, serious=True)
        accident(world, child=child, happened_at=now - timedelta(days=20))
        for day in (today + timedelta(days=3), today - timedelta(days=3)):
            Outing.objects.create(setting=world.setting_a, kind="local_outings", date=day,
                                  place=f"Library {i}", created_by=world.users["manager"]
                                  ).children.add(child)
        trip.children.add(child)


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(ctx.captured_queries)


def _ids(page) -> list:
    return [getattr(item, "pk", None) or item.child.pk for item in page.object_list]


def _outing(world):
    return {"outing_uuid": Outing.objects.get(place="Hadley Park").uuid}


MEDICATION_LISTS = [(name, name) for name in (
    "to_check", "in_force", "today", "unacknowledged_doses", "flagged", "awaiting_ofsted",
    "recent_accidents", "unacknowledged_accidents", "children")]


@pytest.mark.parametrize(("name", "query", "persona", "lists"), [
    ("consents-overview", "", "manager", [("page", "rows")]),
    ("consents-overview", "", "parent", [("page", "rows")]),
    ("consents-medication", "", "manager", MEDICATION_LISTS),
    ("consents-medication", "", "practitioner", [("flagged", "flagged")]),
    ("consents-double-doses", "", "manager", [("page", "page")]),
    ("consents-double-doses", "show=reviewed", "manager", [("page", "page")]),
    ("consents-outings", "", "practitioner", [("upcoming", "upcoming"), ("past", "past")]),
    ("consents-outing", "", "practitioner", []),
])
def test_pages_keep_a_constant_query_count_and_show_page_two(world, name, query, persona,
                                                             lists):
    client = world.client_for(persona)
    _add_children(world, FEW)
    url = reverse(name, kwargs=_outing(world) if name == "consents-outing" else None)
    url += f"?{query}" if query else ""
    few = _get(client, url)[1]
    _add_children(world, MANY - FEW)
    first, many = _get(client, url)
    assert few == many, f"{name}: {few} queries with {FEW} children, {many} with {MANY}"
    for param, context_name in lists:
        assert first.context[context_name].paginator.num_pages > 1, param
        second, queries = _get(client, f"{url}{'&' if query else '?'}{param}=2")
        assert queries == many, f"{name}?{param}=2: {queries} queries, {many} on page 1"
        page = second.context[context_name]
        assert page.number == 2 and len(page.object_list) > 0, param
        assert not set(_ids(page)) & set(_ids(first.context[context_name])), param


def test_page_links_keep_the_other_lists_pages_and_the_filters(world):
    _add_children(world, PAGE_SIZE + 1)
    client = world.client_for("manager")
    html = client.get(reverse("consents-medication") + "?today=2&in_force=1").content.decode()
    # The next page of the medicines in force keeps today's list on its page 2.
    assert 'href="?today=2&amp;in_force=2#medicines"' in html
    html = client.get(reverse("consents-double-doses") + "?show=reviewed").content.decode()
    assert 'href="?show=reviewed&amp;page=2"' in html
    assert 'aria-label="Pages of possible double doses"' in html


def test_a_page_number_out_of_range_or_not_a_number_gives_a_page(world):
    _add_children(world, PAGE_SIZE + 1)
    client = world.client_for("manager")
    url = reverse("consents-double-doses")
    assert client.get(url + "?page=99").context["page"].number == 2
    assert client.get(url + "?page=two").context["page"].number == 1


@pytest.mark.parametrize("persona", ["key_person", "parent"])
def test_the_childs_page_keeps_a_constant_query_count_and_pages_on(world, persona):
    forms = list(default_forms(world.setting_a).values())
    url = reverse("consents-child", args=[world.child.uuid])
    client = world.client_for(persona)

    def add(n):
        for _ in range(n):
            services.answer_consents(world.users["parent"], world.child, {forms[0]: True})
            services.answer_consents(world.users["parent"], world.child, {forms[0]: False})
            dose(world, calpol(world), minutes_ago=600)
            accident(world)

    add(FEW)
    few = _get(client, url)[1]
    add(PAGE_SIZE)
    first, many = _get(client, url)
    assert few == many
    for param in ("doses", "accidents", "answers"):
        second, queries = _get(client, f"{url}?{param}=2")
        assert queries == many, param
        assert second.context[param].number == 2, param
        assert not set(_ids(second.context[param])) & set(_ids(first.context[param])), param
    # The earlier answers, on their page, are shown open.
    assert 'id="answers" open' in second.content.decode()
    assert 'id="answers" open' not in first.content.decode()


def test_the_permissions_page_keeps_a_constant_query_count_and_pages_on(world):
    permission = calpol(world)
    url = reverse("consents-permission", args=[permission.uuid])
    client = world.client_for("key_person")
    for k in range(FEW):
        dose(world, permission, minutes_ago=600 + k)
    few = _get(client, url)[1]
    for k in range(PAGE_SIZE):
        dose(world, permission, minutes_ago=700 + k)
    first, many = _get(client, url)
    assert few == many
    second, queries = _get(client, url + "?doses=2")
    assert queries == many and len(second.context["doses"].object_list) == FEW


@pytest.mark.parametrize("persona", ["manager", "key_person", "parent"])
def test_home_sections_keep_a_constant_query_count(world, persona, home_section):
    _add_children(world, FEW)
    home_section(persona)  # loads the person's memberships once, as a request does
    with CaptureQueriesContext(connection) as ctx:
        home_section(persona)
    few = len(ctx.captured_queries)
    _add_children(world, MANY - FEW)
    with CaptureQueriesContext(connection) as ctx:
        html = home_section(persona)
    assert len(ctx.captured_queries) == few
    assert html


@pytest.mark.parametrize("persona", ["manager", "key_person", "parent"])
def test_the_home_page_keeps_a_constant_query_count_with_consents_records(world, persona):
    client = world.client_for(persona)
    _add_children(world, FEW)
    few = _get(client, reverse("home"))[1]
    _add_children(world, MANY - FEW)
    response, many = _get(client, reverse("home"))
    assert few == many
    if persona == "manager":
        assert f"{MANY} possible double doses to review" in response.content.decode()


def test_children_with_consent_answers_in_one_query_for_many(world,
                                                              django_assert_num_queries):
    _add_children(world, MANY)
    children = list(world.setting_a.children.all())
    with django_assert_num_queries(1):
        services.children_with_consent(children, "emergency_treatment")
    with django_assert_num_queries(1):
        services.children_with_consents(children, ["emergency_treatment", "photos_journal"])


def test_chasing_every_family_takes_as_many_queries_for_few_families_as_for_many(
        world, django_capture_on_commit_callbacks):
    from preschool.models import Reminder
    from tests.factories import MembershipFactory

    default_forms(world.setting_a)

    def families(n):
        for _ in range(n):
            parent = MembershipFactory(setting=world.setting_a).user
            ChildAdultFactory(child=ChildFactory(setting=world.setting_a, room=world.room),
                              user=parent)

    def chase() -> int:
        Reminder.objects.filter(kind="consents-chase").delete()
        with django_capture_on_commit_callbacks(), CaptureQueriesContext(connection) as ctx:
            services.chase_unanswered(world.users["manager"], world.setting_a)
        return len(ctx.captured_queries)

    def inserts(n) -> int:  # SQLite takes a bulk INSERT in batches; PostgreSQL in one
        batch = connection.ops.bulk_batch_size(Reminder._meta.concrete_fields, [None] * n)
        return -(-n // batch)

    families(FEW)
    few = chase() - inserts(FEW)
    families(MANY - FEW)
    many = chase() - inserts(MANY)
    assert few == many, f"{few} queries for {FEW} families, {many} for {MANY}"
    assert Reminder.objects.filter(kind="consents-chase").count() >= MANY
