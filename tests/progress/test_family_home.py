"""The family's home section and the child's page: where Pat finds Ava's progress, and staff
find it too. A fixed number of queries however many children and assessments."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from preschool.permissions import memberships_of
from progress import family_home, services
from tests.factories import ChildAdultFactory, ChildFactory
from tests.progress.factories import points, recorded

pytestmark = pytest.mark.django_db


def _request(world, rf, persona):
    user = type(world.users[persona]).objects.get(pk=world.users[persona].pk)  # nothing cached
    request = rf.get("/")
    request.user = user
    membership = next(iter(memberships_of(user).values()))
    request.membership, request.setting = membership, membership.setting
    return request


def _sections(world, rf, persona):
    request = _request(world, rf, persona)
    sections = family_home.family_sections(request)
    html = "".join(render_to_string(s.template, {"section": s.context}, request=request)
                   for s in sections)
    return sections, html


def _past(days):
    return timezone.localdate() - timedelta(days=days)


def test_the_family_is_asked_to_read_the_newest_summary_not_yet_commented(world, rf):
    _entry, term1, term2 = points(world)
    first = recorded(world, world.child, term1, assessed_on=_past(60))
    second = recorded(world, world.child, term2)
    sections, html = _sections(world, rf, "parent")
    assert sections[0].needs_attention
    assert reverse("progress-summary", args=[second.uuid]) in html
    assert "is ready: please read it and add your comment" in html

    services.add_family_comment(world.users["parent"], second, "Thanks")
    sections, html = _sections(world, rf, "parent")
    assert reverse("progress-summary", args=[first.uuid]) in html  # not yet commented on

    services.add_family_comment(world.users["parent"], first, "Thanks")
    sections, html = _sections(world, rf, "parent")
    assert reverse("progress-summary", args=[second.uuid]) in html  # the latest, read again
    assert not sections[0].needs_attention
    assert "read it again" in html


def test_nothing_shows_before_anything_is_shared(world, rf):
    _entry, _term1, term2 = points(world)
    recorded(world, world.child, term2, share=False)
    assert _sections(world, rf, "parent") == ([], "")


def test_staff_and_other_families_get_no_family_section(world, rf):
    _entry, _term1, term2 = points(world)
    recorded(world, world.child, term2)
    for persona in ("key_person", "manager", "other_parent", "carer_no_info"):
        assert _sections(world, rf, persona) == ([], ""), persona


def test_the_family_section_keeps_its_query_count_with_more_children(world, rf):
    made = points(world, terms=3)
    recorded(world, world.child, made[1])
    request = _request(world, rf, "parent")
    family_home.family_sections(request)  # the family's children, read once a request
    with CaptureQueriesContext(connection) as few:
        family_home.family_sections(request)
    for n in range(3):
        sibling = ChildFactory(setting=world.setting_a, room=world.room, first_name=f"Sib{n}")
        ChildAdultFactory(child=sibling, user=world.users["parent"])
        for point in made[1:]:
            recorded(world, sibling, point, by="manager")
    request = _request(world, rf, "parent")
    family_home.family_sections(request)
    with CaptureQueriesContext(connection) as many:
        sections = family_home.family_sections(request)
    assert len(sections[0].context["assessments"]) == 4
    assert len(many) == len(few) == 1


def test_the_childs_page_links_the_family_to_the_summaries_and_staff_to_the_progress(world):
    _entry, _term1, term2 = points(world)
    recorded(world, world.child, term2)
    page = world.client_for("parent").get(reverse("child-detail", args=[world.child.uuid]))
    text = page.content.decode()
    assert reverse("progress-child-summaries", args=[world.child.uuid]) in text
    assert "1 summary of Ava" in text
    page = world.client_for("key_person").get(reverse("child-detail", args=[world.child.uuid]))
    assert reverse("progress-child", args=[world.child.uuid]) in page.content.decode()


def test_the_childs_section_costs_at_most_one_count(world, rf, django_assert_max_num_queries):
    staff = _request(world, rf, "key_person")
    family = _request(world, rf, "parent")
    from families.access import access_child

    family.resolver_match = None
    child = access_child(family, world.child.uuid)
    family_home.child_section(family, child)
    with django_assert_max_num_queries(1):
        assert family_home.child_section(family, child)[0].context["shared"] == 0
    child_for_staff = access_child(staff, world.child.uuid)
    family_home.child_section(staff, child_for_staff)
    with django_assert_max_num_queries(0):
        assert family_home.child_section(staff, child_for_staff)[0].context["is_staff"]
