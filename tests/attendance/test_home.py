"""The register's home sections and navigation, and constant query counts on every list page
of the register and of collection."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.models import Absence, RatioBreach, RegularSession
from collection.models import AuthorisedCollector, LateCollection
from tests.attendance.factories import RecordFactory, ShiftFactory, all_day, ended
from tests.factories import ChildAdultFactory, ChildFactory, MembershipFactory, RoomFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_staff_have_the_register_in_their_navigation_families_do_not(world):
    assert b'href="/attendance/"' in world.client_for("practitioner").get("/").content
    assert b'href="/attendance/"' not in world.client_for("parent").get("/").content


def test_the_family_home_shows_the_day_and_the_ways_to_arrange_things(world):
    RecordFactory(child=world.child, session=all_day(world))
    html = world.client_for("parent").get("/").content.decode()
    assert "Signed in at" in html
    assert reverse("collection-password-new", args=[world.child.uuid]) in html
    assert reverse("attendance-absence-new", args=[world.child.uuid]) in html


def test_a_late_child_is_flagged_on_the_staff_home(world):
    RecordFactory(child=world.child, session=ended(world))
    html = world.client_for("practitioner").get("/").content.decode()
    assert "still here after their session" in html


def _busy_day(world, n):
    """``n`` more children and rooms with everything the pages show."""
    today = timezone.localdate()
    for i in range(n):
        room = RoomFactory(setting=world.setting_a)
        child = ChildFactory(setting=world.setting_a, room=room)
        adult = ChildAdultFactory(child=child, user=world.users["parent"], may_collect=True)
        AuthorisedCollector.objects.create(setting=world.setting_a, child=child,
                                           name=f"Gran {i}", relationship="Grandmother",
                                           added_by=adult.user)
        session = all_day(world, f"Session {room.pk}")
        RegularSession.objects.create(setting=world.setting_a, child=child, session=session,
                                      weekday=today.weekday(), added_by=world.users["manager"])
        record = RecordFactory(child=child, session=ended(world, f"Early {room.pk}"))
        done = RecordFactory(child=child, session=session, signed_out_at=timezone.now(),
                             date=today - timedelta(days=1))
        LateCollection.objects.create(setting=world.setting_a, child=child, record=done,
                                      session_ended_at=timezone.now(),
                                      collected_at=timezone.now(), minutes_late=5,
                                      collected_by="Gran", reason="Traffic",
                                      recorded_by=world.users["manager"])
        ShiftFactory(membership=MembershipFactory(setting=world.setting_a, role="practitioner"),
                     room=room)
        RatioBreach.objects.create(setting=world.setting_a, room=room, started_at=timezone.now(),
                                   staff_on_duty=0, staff_required=1, cause="Test")
        Absence.objects.create(setting=world.setting_a, child=child, first_day=today,
                               last_day=today + timedelta(days=2), reason="holiday",
                               reported_by=world.users["parent"])
        assert record.is_open


@pytest.mark.parametrize(("name", "persona", "kwargs"), [
    ("home", "manager", None),
    ("home", "practitioner", None),
    ("home", "parent", None),
    ("attendance-index", "practitioner", None),
    ("attendance-staff", "manager", None),
    ("attendance-day", "practitioner", None),
    ("attendance-history", "manager", None),
    ("attendance-breaches", "manager", None),
    ("collection-late", "practitioner", None),
    ("collection-child", "parent", lambda w: [w.child.uuid]),
    ("attendance-child", "parent", lambda w: [w.child.uuid]),
])
def test_list_pages_keep_a_constant_query_count(world, name, persona, kwargs):
    client = world.client_for(persona)
    url = reverse(name, args=kwargs(world) if kwargs else None)
    _busy_day(world, 1)
    few = _queries(client, url)
    _busy_day(world, 12)
    many = _queries(client, url)
    assert few == many, f"{name} as {persona}: {few} queries with few rows, {many} with many"
