"""A parent raises a complaint about her child; the manager acknowledges it, investigates and
closes it with an outcome well within the 28 days; the parent reads the outcome."""

import pytest
from playwright.sync_api import expect

from complaints.models import Concern
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_out

pytestmark = pytest.mark.e2e


def _phone_shot(page, name):
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_complaint_is_raised_investigated_and_answered(page, live_server, world, sign_in):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(world.users["parent"])
    page.locator("#nav-main").get_by_role("link", name="Concerns").click()
    expect(page.locator("h1")).to_have_text("Concerns, compliments and suggestions")
    expect(page.locator("main")).to_contain_text("enquiries@ofsted.gov.uk")
    page.get_by_role("link", name="Write to us").click()
    page.get_by_label("Complaint", exact=True).check()
    page.get_by_label("Is it about one of your children?").select_option(
        label="Ava Parentchild")
    page.get_by_label("In a few words").fill("Ava came home in wet clothes")
    # Nothing written: a clear message, nothing saved.
    page.get_by_role("button", name="Send").click()
    expect(page.locator("main")).to_contain_text("Tell us what happened")
    assert not Concern.objects.exists()
    page.get_by_label("Tell us more").fill("After water play her spare clothes were not used.")
    screenshot(page, "complaints-raise")
    assert_accessible(page)
    _phone_shot(page, "complaints-raise")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messages")).to_contain_text("We will tell you the outcome in writing")
    concern = Concern.objects.get()
    assert concern.complainant == world.users["parent"]
    sign_out(page)

    sign_in(world.users["manager"])
    expect(page.locator("main")).to_contain_text("Open complaints")
    page.locator("#nav-main").get_by_role("link", name="Complaints").click()
    expect(page.locator("main")).to_contain_text("1 not yet acknowledged")
    screenshot(page, "complaints-manager-list")
    assert_accessible(page)
    _phone_shot(page, "complaints-manager-list")
    page.get_by_role("link", name="Ava came home in wet clothes", exact=True).click()
    expect(page.locator("main")).to_contain_text("The outcome must be sent by")
    page.get_by_role("button", name="Send acknowledgement").click()
    expect(page.locator(".messages")).to_contain_text("Acknowledged")
    page.get_by_label("Handled by").select_option(label="Mona Manager")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Being looked into")
    page.get_by_label("Note (staff only)").fill("Spoke to Kim: the spare bag was missed.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.locator("main")).to_contain_text("Spoke to Kim")
    screenshot(page, "complaints-manager-detail")
    assert_accessible(page)
    page.get_by_role("link", name="Close with an outcome").click()
    page.get_by_label("The outcome").fill(
        "We are sorry. The spare bag was missed after water play.")
    page.get_by_label("Action taken").fill("Spare bags are now checked at lunch.")
    assert_accessible(page)
    page.get_by_role("button", name="Send the outcome and close").click()
    expect(page.locator(".messages")).to_contain_text("Closed.")
    concern.refresh_from_db()
    assert concern.is_closed and concern.outcome.within_deadline
    sign_out(page)

    sign_in(world.users["parent"])
    page.get_by_role("link", name="Ava came home in wet clothes", exact=True).click()
    expect(page.locator("main")).to_contain_text(
        "We are sorry. The spare bag was missed after water play.")
    expect(page.locator("main")).not_to_contain_text("Spoke to Kim")
    screenshot(page, "complaints-parent-outcome")
    assert_accessible(page)
    _phone_shot(page, "complaints-parent-outcome")
