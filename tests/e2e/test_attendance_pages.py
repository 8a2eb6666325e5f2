"""Every page of the register and of collection, for the people who use it, on a phone and a
desktop: each passes axe-core's serious and critical checks (and leaves a screenshot in
/tmp/e2e-shots for a human to look at)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance.models import Absence, RegularSession
from collection.models import AuthorisedCollector, CollectionPassword
from families.models import ChildAdult
from tests.attendance.factories import RecordFactory, ShiftFactory, all_day, ended
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.e2e


def _a_day(world):
    session = all_day(world)
    RegularSession.objects.create(setting=world.setting_a, child=world.other_child,
                                  session=session, weekday=timezone.localdate().weekday(),
                                  added_by=world.users["manager"])
    ChildAdult.objects.filter(user=world.users["parent"]).update(may_collect=True,
                                                                 phone="07700 900111")
    AuthorisedCollector.objects.create(setting=world.setting_a, child=world.child,
                                       name="Gina Gran", relationship="Grandmother",
                                       phone="07700 900222", added_by=world.users["parent"])
    record = RecordFactory(child=world.child, session=ended(world))
    ShiftFactory(membership=world.memberships["key_person"], room=world.room)
    tomorrow = timezone.localdate() + timedelta(days=1)
    Absence.objects.create(setting=world.setting_a, child=world.child, first_day=tomorrow,
                           last_day=tomorrow, reason="appointment", details="Dentist",
                           reported_by=world.users["parent"])
    password = CollectionPassword(setting=world.setting_a, child=world.child,
                                  for_date=tomorrow, collector_name="Uma Uncle",
                                  collector_relationship="Uncle", set_by=world.users["parent"])
    password.set_password("a long phrase")
    password.save()
    return record


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_staff_pages(page, live_server, world, sign_in, viewport):
    record = _a_day(world)
    width = page.viewport_size["width"]
    sign_in(world.users["manager"])
    screenshot(page, f"attendance-manager-home-{width}")
    assert_accessible(page)
    for name, args in [("attendance-index", None), ("attendance-register", [world.room.uuid]),
                       ("attendance-staff", None), ("attendance-day", None),
                       ("attendance-history", None), ("attendance-breaches", None),
                       ("attendance-settings", None), ("attendance-child", [world.child.uuid]),
                       ("attendance-record", [record.uuid]),
                       ("attendance-record-correct", [record.uuid]),
                       ("attendance-absence-new", [world.child.uuid]),
                       ("attendance-regular-new", [world.child.uuid]),
                       ("collection-child", [world.child.uuid]),
                       ("collection-collector-new", [world.child.uuid]),
                       ("collection-sign-out", [record.uuid]), ("collection-late", None)]:
        response = page.goto(live_server.url + reverse(name, args=args))
        assert response.status == 200, name
        screenshot(page, f"{name}-{width}")
        assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_family_pages(page, live_server, world, sign_in):
    _a_day(world)
    sign_in(world.users["parent"])
    screenshot(page, "attendance-family-home-390")
    assert_accessible(page)
    for name in ("attendance-child", "collection-child", "attendance-absence-new",
                 "collection-collector-new"):
        response = page.goto(live_server.url + reverse(name, args=[world.child.uuid]))
        assert response.status == 200, name
        assert "Rex Restricted" not in page.content()
        screenshot(page, f"{name}-family-390")
        assert_accessible(page)
