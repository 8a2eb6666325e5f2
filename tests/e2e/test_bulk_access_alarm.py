"""The bulk-access alarm in a browser, on a 390 px phone: the paused practitioner sees whom to
contact; the manager sees the alert on their home page, opens it, and resumes the access.
Every page passes axe-core's serious and critical checks."""

import pytest
from playwright.sync_api import expect

from preschool.models import Membership
from tests.e2e.conftest import PHONE, assert_accessible, screenshot, sign_out
from tests.privacy.factories import alarm

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_manager_resumes_a_paused_practitioner(page, live_server, world, sign_in, viewport):
    alert = alarm(world, "practitioner", n=60)
    assert alert.paused_at is not None

    sign_in(world.users["practitioner"])
    expect(page.get_by_role("heading", name="Your access is paused")).to_be_visible()
    expect(page.get_by_text("Mona Manager")).to_be_visible()
    screenshot(page, "alarm-paused-phone")
    assert_accessible(page)
    sign_out(page)

    sign_in(world.users["manager"])
    section = page.locator("section[aria-labelledby=alarm-heading]")
    expect(section).to_contain_text("Perry Practitioner")
    expect(section).to_contain_text("60 children's records in 10 minutes")
    screenshot(page, "alarm-home-phone")
    assert_accessible(page)
    section.get_by_role("link", name="Perry Practitioner").click()
    expect(page.get_by_role("heading", name="The 60 children whose records were read")) \
        .to_be_visible()
    screenshot(page, "alarm-detail-phone")
    assert_accessible(page)

    page.get_by_label("This was expected: resume access").check()
    page.get_by_label("Note").fill("Perry was preparing the termly reports, as agreed.")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Perry Practitioner's access is resumed.")).to_be_visible()
    expect(page.get_by_text("Expected: access resumed")).to_be_visible()
    assert_accessible(page)
    membership = Membership.objects.get(pk=world.memberships["practitioner"].pk)
    assert membership.paused_at is None
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
