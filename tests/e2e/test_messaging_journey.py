"""On phones: a parent messages her child's key person, who replies; each sees the other's
message and "Seen" appear without reloading, and the manager can read the conversation."""

import re

import pytest
from playwright.sync_api import expect

from messaging.models import Message
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


def _open_menu(page):
    nav = page.locator("#nav-main")
    if not nav.is_visible():
        page.locator("button.navbar-toggler").click()
        expect(nav).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    return nav


def _desktop_shot(page, name):
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")
    assert_accessible(page)
    page.set_viewport_size(PHONE)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_and_the_key_person_message_each_other(page, browser, live_server, world,
                                                        sign_in, fresh_totp_secret):
    sign_in(world.users["parent"])
    _open_menu(page).get_by_role("link", name="Messages").click()
    expect(page.locator("h1")).to_have_text("Messages")
    expect(page.locator("main")).to_contain_text("managers can read every conversation")
    page.get_by_role("link", name="Write a message").click()
    page.get_by_label("About").select_option(label="Ava Parentchild")
    expect(page.get_by_label("The key person (and the room's staff)")).to_be_checked()
    # HTML is refused with a message, and nothing is sent.
    page.get_by_label("Message", exact=True).fill("<b>Hello</b>")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("main")).to_contain_text("Please write plain text")
    assert not Message.objects.exists()
    page.get_by_label("Message", exact=True).fill(
        "Ava was up in the night; she may be tired today.")
    screenshot(page, "messaging-new-phone")
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".messages")).to_contain_text("Your message is sent.")
    expect(page.locator("#thread")).to_contain_text("Ava was up in the night")

    # Kim, on her own phone, has one unread conversation.
    kim_context = browser.new_context(viewport=PHONE, locale="en-GB",
                                      timezone_id="Europe/London")
    kim_context.set_default_timeout(TIMEOUT_MS)
    kim = kim_context.new_page()
    try:
        login(kim, live_server, world.users["key_person"].email, PASSWORD,
              totp_secret=fresh_totp_secret(world.users["key_person"]))
        _open_menu(kim).get_by_role("link", name="Messages 1 unread").click()
        screenshot(kim, "messaging-inbox-key-person-phone")
        assert_accessible(kim)
        kim.get_by_role("link", name=re.compile("Ava Parentchild")).click()
        expect(kim.locator("#thread")).to_contain_text("Ava was up in the night")

        # Pat's page shows Kim has seen it, without being reloaded.
        expect(page.locator("#seen")).to_contain_text("Seen by Kim Keyperson",
                                                      timeout=15_000)
        kim.get_by_label("Message", exact=True).fill("Thank you, Pat. We'll give her a quiet rest.")
        kim.get_by_role("button", name="Send").click()
        expect(kim.locator(".messages")).to_contain_text("Your message is sent.")
        # ... and Kim's reply arrives on Pat's page, then Kim's shows Pat has seen it.
        expect(page.locator("#thread")).to_contain_text("We'll give her a quiet rest",
                                                        timeout=15_000)
        expect(kim.locator("#seen")).to_contain_text("Seen by Pat Parent", timeout=15_000)
        screenshot(kim, "messaging-conversation-key-person-phone")
        assert_accessible(kim)
        _desktop_shot(kim, "messaging-conversation-key-person")
    finally:
        kim_context.close()
    screenshot(page, "messaging-conversation-parent-phone")
    assert_accessible(page)
    _desktop_shot(page, "messaging-conversation-parent")

    # The manager reads every conversation of the setting.
    manager_context = browser.new_context(viewport=PHONE, locale="en-GB",
                                          timezone_id="Europe/London")
    manager_context.set_default_timeout(TIMEOUT_MS)
    manager = manager_context.new_page()
    try:
        login(manager, live_server, world.users["manager"].email, PASSWORD,
              totp_secret=fresh_totp_secret(world.users["manager"]))
        _open_menu(manager).get_by_role("link", name=re.compile("^Messages")).click()
        manager.get_by_role("link", name=re.compile("Ava Parentchild")).click()
        expect(manager.locator("#thread")).to_contain_text("Ava was up in the night")
        expect(manager.locator("#thread")).to_contain_text("We'll give her a quiet rest")
        expect(manager.get_by_role("button", name="Flag to safeguarding lead").first) \
            .to_be_visible()
        assert_accessible(manager)
        _desktop_shot(manager, "messaging-conversation-manager")
        manager.goto(f"{live_server.url}/messages/")
        screenshot(manager, "messaging-inbox-manager-phone")
        _desktop_shot(manager, "messaging-inbox-manager")
    finally:
        manager_context.close()
