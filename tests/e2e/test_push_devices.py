"""A parent turns on notifications on her phone: from the account menu to the devices page,
whose script registers the service worker and asks the browser for a push subscription.
Headless Chromium has no push service, so the page must say so plainly; the subscription the
page would send is then sent by the page's own fetch (with its CSRF token), and the device is
listed and removed. The manifest linked from the page is valid; axe finds nothing serious."""

import re

import pytest
from playwright.sync_api import expect

from push import vapid
from push.models import PushSubscription
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot
from tests.push.push_service import start_push_service

pytestmark = pytest.mark.e2e

SEND_AS_THE_PAGE_WOULD = """async (subscription) => {
  const token = document.querySelector("#push-panel input[name=csrfmiddlewaretoken]").value;
  const response = await fetch("/push/subscribe/", {
    method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRFToken": token},
    body: JSON.stringify(subscription),
  });
  return [response.status, await response.json()];
}"""


@pytest.fixture
def vapid_keys(settings):
    public, private = vapid.generate()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    settings.VAPID_SUBJECT = "mailto:ops@portal.example"


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_turns_on_notifications_on_her_phone(page, live_server, world, sign_in,
                                                      vapid_keys, viewport):
    parent = world.users["parent"]
    sign_in(parent)
    page.context.grant_permissions(["notifications"], origin=live_server.url)

    # The account menu, folded away on a phone.
    page.locator("button.navbar-toggler").click()
    expect(page.locator("#nav-main")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.get_by_role("button", name=parent.get_short_name()).click()
    page.get_by_role("link", name="Notifications on this device").click()
    expect(page.get_by_role("heading", name="Notifications on this device")).to_be_visible()
    expect(page.locator("#push-status")).to_have_text("Notifications are off for this device.")
    screenshot(page, "push-devices-phone")
    assert_accessible(page)

    # The manifest the page links to makes the portal installable.
    manifest = page.request.get(live_server.url + page.locator(
        "link[rel=manifest]").get_attribute("href")).json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"

    page.get_by_role("button", name="Turn on notifications on this phone").click()
    expect(page.locator("#push-status")).to_contain_text(
        "could not reach its push service", timeout=20_000)
    scope = page.evaluate("""async () => {
        const registration = await navigator.serviceWorker.getRegistration("/");
        return registration && registration.scope; }""")
    assert scope == live_server.url + "/"
    screenshot(page, "push-devices-no-push-service-phone")
    assert_accessible(page)

    # What the page sends when the browser has a push service.
    service, server = start_push_service()
    try:
        browser_keys = service.subscription()
    finally:
        server.shutdown()
        server.server_close()
    fake = {**browser_keys.as_json(),
            "endpoint": "https://fcm.googleapis.com/fcm/send/a-phone-of-the-test"}
    status, answer = page.evaluate(SEND_AS_THE_PAGE_WOULD, fake)
    assert status == 200, answer
    device = PushSubscription.objects.get()
    assert device.user == parent and answer["device"] == str(device.uuid)

    page.reload()
    item = page.locator(f"[data-device='{device.uuid}']")
    expect(item).to_contain_text("Chrome on Linux")
    screenshot(page, "push-devices-listed-phone")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    screenshot(page, "push-devices-listed-desktop")
    page.set_viewport_size(PHONE)

    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name=re.compile("Remove")).click()
    expect(page.get_by_text("will no longer show notifications")).to_be_visible()
    assert not PushSubscription.objects.exists()


def test_the_page_says_when_push_is_not_set_up(page, live_server, world, sign_in, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = settings.VAPID_SUBJECT = ""
    sign_in(world.users["parent"])
    page.goto(live_server.url + "/push/devices/")
    expect(page.get_by_text("not set up for this portal yet")).to_be_visible()
    screenshot(page, "push-devices-off-desktop")
    assert_accessible(page)
