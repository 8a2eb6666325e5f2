"""A parent sets a collection password for an uncle the staff do not know (confirming their
own password first); at the door staff type a wrong password, then the right one, and release
the child to him; the parent is told."""


import pytest
from django.core import mail
from playwright.sync_api import expect

from collection.models import CollectionPassword
from tests.attendance.factories import RecordFactory, all_day
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, reauthenticate, screenshot
from tests.e2e.test_attendance_register import sign_out
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

SECRET = "Wobbly Jelly 19"


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_sets_a_password_and_staff_check_it_at_the_door(page, live_server, world,
                                                               sign_in):
    record = RecordFactory(child=world.child, session=all_day(world))

    sign_in(world.users["parent"])
    page.get_by_role("link", name="Set a collection password for Ava").click()
    # A sensitive action: allauth asks for the parent's own password first.
    reauthenticate(page, PASSWORD)
    expect(page.locator("h1")).to_have_text("A collection password for Ava")
    page.get_by_label("Full name of the adult collecting").fill("Uma Uncle")
    page.get_by_label("Who they are to the child").fill("Uncle")
    page.locator("#id_password").fill("short")
    page.locator("#id_password_again").fill("short")
    page.get_by_role("button", name="Set the password").click()
    expect(page.locator("main")).to_contain_text("at least 6 characters")
    page.locator("#id_password").fill(SECRET)
    page.locator("#id_password_again").fill(SECRET)
    # The parent can see what they typed, and hide it again.
    show = page.get_by_role("button", name="Show the collection password")
    expect(show).to_have_attribute("aria-pressed", "false")
    show = page.locator("button[aria-controls=id_password]")  # its name changes
    show.click()
    expect(page.locator("#id_password")).to_have_attribute("type", "text")
    expect(show).to_have_attribute("aria-pressed", "true")
    expect(show).to_contain_text("Hide")
    screenshot(page, "collection-password-form-phone")
    assert_accessible(page)
    show.click()
    expect(page.locator("#id_password")).to_have_attribute("type", "password")
    page.get_by_role("button", name="Set the password").click()
    expect(page.locator(".messages")).to_contain_text("We will not show it again")
    expect(page.locator("main")).to_contain_text("Uma Uncle")
    assert SECRET.lower() not in page.content().lower()
    screenshot(page, "collection-child-phone")
    assert_accessible(page)
    sign_out(page, live_server)

    page.set_viewport_size(DESKTOP)
    sign_in(world.users["key_person"])
    page.goto(f"{live_server.url}/attendance/register/{world.room.uuid}/")
    row = page.locator(f"#row-{world.child.uuid}")
    expect(row).to_contain_text("Collection password set")
    row.get_by_role("link", name="Sign out Ava Parentchild").click()
    panel = page.locator(f"#panel-{world.child.uuid}")
    expect(panel).to_contain_text("set by Pat Parent for Uma Uncle")
    panel.get_by_label("Password the adult gives").fill("wibbly jelly 19")
    panel.get_by_role("button", name="Check the password").click()
    expect(panel).to_contain_text("No match.")
    expect(panel).to_contain_text("4 more tries")
    screenshot(page, "collection-password-no-match")
    assert_accessible(page)
    panel.get_by_label("Password the adult gives").fill("wobbly JELLY 19")
    panel.get_by_role("button", name="Check the password").click()
    expect(panel).to_contain_text("Match.")
    assert SECRET.lower() not in page.content().lower()
    panel.get_by_role("button", name="Uma Uncle").click()
    expect(row).to_contain_text("Gone home")
    expect(row).to_contain_text("with Uma Uncle")
    screenshot(page, "collection-released-with-password")

    record.refresh_from_db()
    password = CollectionPassword.objects.get()
    assert record.collected_by == "Uma Uncle" and password.used_record == record
    assert [m.to for m in mail.outbox if "Uma Uncle" in m.subject] == [
        [world.users["parent"].email]]
