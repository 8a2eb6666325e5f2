"""A manager arranges a parents' evening; a parent books a time with their child's key person
and downloads the calendar file. The booking page passes axe-core's checks, on a phone too.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from keyperson.models import Booking, Event
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.e2e


def _open_nav_link(page, name):
    if not page.locator("#nav-main").is_visible():
        page.locator("button.navbar-toggler").click()
    page.locator("#nav-main").get_by_role("link", name=name).click()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_manager_arranges_a_parents_evening_and_a_parent_books_it(page, live_server, world,
                                                                  sign_in, viewport):
    day = timezone.localdate() + timedelta(days=10)
    sign_in(world.users["manager"])

    # Meetings -> Arrange one.
    _open_nav_link(page, "Meetings")
    page.wait_for_url(f"{live_server.url}/key-person/meetings/")
    page.get_by_role("link", name="Arrange one").click()
    page.wait_for_url(f"{live_server.url}/key-person/events/new/")
    expect(page.locator("h1")).to_have_text("Arrange a parents' evening or drop-in")
    assert_accessible(page)
    page.get_by_label("Parents' evening").check()
    page.get_by_label("Title").fill("Autumn parents' evening")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("17:30")
    page.get_by_label("End time").fill("18:30")
    page.get_by_label("Length of each slot").select_option("15")
    screenshot(page, f"keyperson-event-new-{viewport['width']}")
    page.get_by_role("button", name="Create and open for booking").click()
    page.wait_for_url(re.compile(r"/key-person/events/[0-9a-f-]{36}/$"))
    event = Event.objects.get()
    assert page.url == f"{live_server.url}/key-person/events/{event.uuid}/"
    expect(page.locator(".messages .alert-success")).to_contain_text("ready for families")
    expect(page.get_by_role("heading", name="Kim Keyperson")).to_be_visible()
    expect(page.locator("main")).to_contain_text("17:30–17:45")
    screenshot(page, f"keyperson-event-staff-{viewport['width']}")
    assert_accessible(page)

    # The parent, on their own device, finds the evening on their home page and books a time
    # with Kim, Ava's key person.
    page.context.clear_cookies()
    sign_in(world.users["parent"])
    page.get_by_role("link", name="Autumn parents' evening").first.click()
    page.wait_for_url(f"{live_server.url}/key-person/events/{event.uuid}/")
    expect(page.get_by_role("heading", name="Ava with Kim Keyperson")).to_be_visible()
    screenshot(page, f"keyperson-booking-page-{viewport['width']}")
    assert_accessible(page)

    page.get_by_role("button", name="17:45 book for Ava").click()
    expect(page.locator(".messages .alert-success")).to_contain_text(
        "Booked: Ava with Kim Keyperson at 17:45.")
    booking = Booking.objects.get()
    assert booking.child == world.child and booking.booked_by == world.users["parent"]
    screenshot(page, f"keyperson-booked-{viewport['width']}")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"autumn-parents-evening-{day:%Y-%m-%d}.ics"
    with open(download.path(), "rb") as f:
        [vevent] = Calendar.from_ical(f.read()).walk("VEVENT")
    assert vevent.decoded("dtstart") == booking.slot.starts_at
    assert str(vevent["summary"]) == "Autumn parents' evening: Ava with Kim Keyperson"

    # The time is no longer offered to anyone else, and the parent can cancel.
    expect(page.get_by_role("button", name="17:45 book for Ava")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel booking").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("The booking is cancelled")
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
