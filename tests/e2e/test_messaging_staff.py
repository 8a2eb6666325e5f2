"""On a phone: the key person sets her working hours, withdraws a message sent by mistake and
flags a worrying one to the safeguarding lead; the family reads "message withdrawn"."""

import pytest
from playwright.sync_api import expect

from notifications.models import Category, Notification
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_out
from tests.messaging.factories import message, reply

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_key_person_withdraws_and_flags(page, live_server, world, sign_in):
    page.on("dialog", lambda dialog: dialog.accept())
    worrying = message(world, text="Ava said something at home that worried us.")
    mistake = reply(world, worrying.conversation, text="Sorry, this was for another family.")
    sign_in(world.users["key_person"])
    page.goto(f"{live_server.url}/messages/")
    page.get_by_role("link", name="Your working hours").click()
    page.get_by_label("Saturday").check()
    page.get_by_label("You finish at").fill("16:00")
    page.get_by_label("Out-of-office note").fill("On a course on Friday.")
    screenshot(page, "messaging-working-hours-phone")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Your working hours are saved.")

    page.goto(f"{live_server.url}{worrying.conversation.get_absolute_url()}")
    page.locator(f"#m-{mistake.uuid}").get_by_role("button", name="Withdraw").click()
    expect(page.locator(".messages")).to_contain_text("The message is withdrawn")
    page.locator(f"#m-{worrying.uuid}").get_by_role(
        "button", name="Flag to safeguarding lead").click()
    expect(page.locator(".messages")).to_contain_text("flagged to the designated safeguarding")
    expect(page.locator(f"#m-{worrying.uuid}")).to_contain_text("Flagged to the safeguarding lead")
    assert Notification.objects.filter(category=Category.SAFEGUARDING,
                                       recipient=world.users["manager"]).exists()
    screenshot(page, "messaging-flagged-phone")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    screenshot(page, "messaging-flagged-desktop")
    page.set_viewport_size(PHONE)
    sign_out(page)

    sign_in(world.users["parent"])
    page.goto(f"{live_server.url}{worrying.conversation.get_absolute_url()}")
    expect(page.locator(f"#m-{mistake.uuid}")).to_contain_text("Message withdrawn")
    expect(page.locator("#thread")).not_to_contain_text("for another family")
    expect(page.locator("#thread")).not_to_contain_text("Flagged")
    assert_accessible(page)
