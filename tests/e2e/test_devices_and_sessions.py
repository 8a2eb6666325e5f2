"""A parent signed in on her phone and on a laptop: from the phone's account menu she opens
"Your devices and sessions", sees both, and signs the laptop out; the laptop is then signed
out. Signed in again on two more browsers, "Sign out everywhere else" signs both out.
390 px phone; axe-core finds nothing serious."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    TIMEOUT_MS,
    assert_accessible,
    login,
    screenshot,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

FIREFOX_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
                   "Firefox/133.0")


def _other_browser(browser, live_server, email, user_agent=FIREFOX_WINDOWS):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB",
                                  timezone_id="Europe/London", user_agent=user_agent)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    login(page, live_server, email, PASSWORD)
    return context, page


def _is_signed_out(page, live_server) -> bool:
    page.goto(f"{live_server.url}/")
    return "/accounts/login/" in page.url


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_signs_her_laptop_out_from_her_phone(page, browser, live_server, world,
                                                      sign_in, viewport):
    parent = world.users["parent"]
    laptop_context, laptop = _other_browser(browser, live_server, parent.email)
    try:
        sign_in(parent)  # the phone

        # The account menu, folded away on a phone.
        page.locator("button.navbar-toggler").click()
        expect(page.locator("#nav-main")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
        page.get_by_role("button", name=parent.get_short_name()).click()
        page.get_by_role("link", name="Your devices and sessions").click()
        expect(page.get_by_role("heading", name="Your devices and sessions",
                                level=1)).to_be_visible()
        sessions = page.locator("[data-session]")
        expect(sessions).to_have_count(2)
        expect(sessions.filter(has_text="This device")).to_have_count(1)
        expect(page.get_by_text("Firefox on Windows")).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the page is {width}px wide on a 390px phone"
        screenshot(page, "sessions-phone")
        assert_accessible(page)

        page.get_by_role("button", name="Sign out Firefox on Windows").click()
        expect(page.get_by_text("That device is signed out.")).to_be_visible()
        expect(page.locator("[data-session]")).to_have_count(1)
        expect(page.get_by_text("You are signed in on this device only.")).to_be_visible()
        assert_accessible(page)

        assert _is_signed_out(laptop, live_server)
        assert not _is_signed_out(page, live_server)
    finally:
        laptop_context.close()


def test_sign_out_everywhere_else(page, browser, live_server, world, sign_in):
    parent = world.users["parent"]
    others = [_other_browser(browser, live_server, parent.email),
              _other_browser(browser, live_server, parent.email, user_agent=None)]
    try:
        sign_in(parent)
        page.goto(f"{live_server.url}/accounts/sessions/")
        expect(page.locator("[data-session]")).to_have_count(3)
        page.get_by_role("button", name="Sign out everywhere else").click()
        expect(page.get_by_text("Signed out of all other sessions.")).to_be_visible()
        expect(page.locator("[data-session]")).to_have_count(1)
        assert_accessible(page)
        for _context, other in others:
            assert _is_signed_out(other, live_server)
        assert not _is_signed_out(page, live_server)
    finally:
        for context, _page in others:
            context.close()
