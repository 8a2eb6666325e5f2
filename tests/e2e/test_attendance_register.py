"""The register on a tablet: staff sign a room's children in with one tap each and sign one
out to an adult the family named; a ratio breach appears when a practitioner signs out."""

from datetime import date

import pytest
from playwright.sync_api import expect

from families.models import ChildAdult
from tests.attendance.factories import RecordFactory, ShiftFactory, all_day
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot
from tests.factories import ChildFactory

pytestmark = pytest.mark.e2e

TABLET = {"width": 820, "height": 1180}


def sign_out(page, live_server):
    """Sign out through allauth's own page (steadier than the menu while it animates)."""
    page.goto(f"{live_server.url}/accounts/logout/")
    page.locator("main form[action='/accounts/logout/'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" in url)  # after the wiping page


def _row(page, child):
    return page.locator(f"#row-{child.uuid}")


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet", "phone"])
def test_staff_sign_children_in_and_one_out_to_a_named_adult(page, live_server, world,
                                                             sign_in, viewport):
    all_day(world)
    ChildAdult.objects.filter(user=world.users["parent"]).update(may_collect=True)
    sign_in(world.users["key_person"])
    # The register is in the navigation and on the home page.
    nav = page.locator("#nav-main ul.navbar-nav.me-auto a.nav-link").all_text_contents()
    assert "Register" in [label.strip() for label in nav]
    page.get_by_role("link", name="Open the register").click()
    expect(page.locator("h1")).to_contain_text("Register")
    page.get_by_role("link", name="Caterpillars").click()
    expect(page.locator("h1")).to_contain_text("Caterpillars")
    page.get_by_role("button", name="Sign me in here").click()
    expect(page.locator(".messages")).to_contain_text("You are signed in, in Caterpillars")

    # One tap per child: the button names who dropped them off.
    _row(page, world.child).get_by_role(
        "button", name="Sign in Ava Parentchild with Pat Parent").click()
    expect(_row(page, world.child)).to_contain_text("dropped off by Pat Parent")
    _row(page, world.other_child).get_by_role(
        "button", name="Sign in Otto Otherchild with Olly Otherparent").click()
    expect(_row(page, world.other_child)).to_contain_text("dropped off by Olly Otherparent")
    # The ratio is updated with each tap, without reloading the page.
    expect(page.locator("#ratio-banner")).to_contain_text(
        "2 children here (2 aged 3 and over): 1 adult needed, 1 on duty")
    screenshot(page, f"attendance-register-{page.viewport_size['width']}")
    assert_accessible(page)

    # Signing Ava out: who is collecting? Only the named adults can be chosen; the restricted
    # father is shown as someone who must not collect.
    _row(page, world.child).get_by_role("link", name="Sign out Ava Parentchild").click()
    panel = page.locator(f"#panel-{world.child.uuid}")
    expect(panel).to_contain_text("Who is collecting Ava?")
    expect(panel).to_contain_text("Must not collect")
    screenshot(page, f"attendance-sign-out-panel-{page.viewport_size['width']}")
    assert_accessible(page)
    panel.get_by_role("button", name="Pat Parent").click()
    expect(_row(page, world.child)).to_contain_text("Gone home")
    expect(_row(page, world.child)).to_contain_text("with Pat Parent")
    expect(page.locator("#ratio-banner")).to_contain_text("1 child here")

    record = world.child.attendance.get()
    assert record.collected_by == "Pat Parent" and record.signed_out_by == world.users["key_person"]


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_ratio_breach_appears_when_a_practitioner_signs_out(page, live_server, world,
                                                             sign_in):
    session = all_day(world)
    today = date.today()
    for i in range(4):  # four children under two need two adults
        baby = ChildFactory(setting=world.setting_a, room=world.room, first_name=f"Baby{i}",
                            date_of_birth=today.replace(year=today.year - 1, day=1))
        RecordFactory(child=baby, session=session)
    ShiftFactory(membership=world.memberships["key_person"], room=world.room)
    ShiftFactory(membership=world.memberships["practitioner"], room=world.room)

    sign_in(world.users["practitioner"])
    page.goto(f"{live_server.url}/attendance/register/{world.room.uuid}/")
    expect(page.locator("#ratio-banner")).to_contain_text("2 adults needed, 2 on duty")
    expect(page.locator("#ratio-banner")).not_to_contain_text("Ratio breach")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign me out").click()
    expect(page.locator("#ratio-banner")).to_contain_text("Ratio breach")
    expect(page.locator("#ratio-banner")).to_contain_text("2 adults needed, 1 on duty")
    expect(page.locator(".messages")).to_contain_text("Bring another adult into the room")
    screenshot(page, "attendance-ratio-breach")
    assert_accessible(page)

    sign_out(page, live_server)
    sign_in(world.users["manager"])
    expect(page.locator("main")).to_contain_text("Ratio breach in Caterpillars")
    page.get_by_role("link", name="Ratio log").click()
    expect(page.locator("main")).to_contain_text("Perry Practitioner signed out")
    screenshot(page, "attendance-ratio-log")
    assert_accessible(page)
