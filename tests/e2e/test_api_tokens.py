"""Mona makes an API token from the Manage menu: her password again, the form with the read
scopes ticked, the token shown once with a copy button, used by a program, then revoked. The
API's documentation renders from the portal's own files under its Content-Security-Policy.
axe finds nothing serious on the token pages."""

import re

import pytest
from playwright.sync_api import expect

from api.models import ApiToken, ApiTokenUse
from api.scopes import READ_SCOPES
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    open_manage,
    reauthenticate,
    screenshot,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_manager_makes_uses_and_revokes_a_token(page, live_server, world, sign_in, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    sign_in(world.users["manager"])
    open_manage(page, "API tokens")
    expect(page.locator("h1")).to_have_text("API tokens")
    assert_accessible(page)

    page.get_by_role("link", name="Make a token").click()
    # Making a token is a sensitive action: allauth asks for Mona's password again.
    reauthenticate(page, PASSWORD)
    expect(page.locator("h1")).to_have_text("Make an API token")
    expect(page.get_by_label("children:read", exact=False)).to_be_checked()
    expect(page.get_by_label("register:write", exact=False)).not_to_be_checked()
    screenshot(page, f"api-token-new-{size}")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    page.locator("#id_name").fill("Register tablet")
    page.get_by_label("register:write", exact=False).check()
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Make the token").click()
    expect(page.locator("h1")).to_have_text("Your new API token")
    expect(page.get_by_role("alert")).to_contain_text("you will not see it again")
    secret = page.locator("#api-token-secret").input_value()
    assert secret.startswith("ppat_")
    page.get_by_role("button", name="Copy").click()
    expect(page.locator("#api-token-copy-status")).to_have_text("Copied")
    screenshot(page, f"api-token-made-{size}")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    token = ApiToken.objects.get()
    assert token.scopes == ["children:read", "register:read", "register:write",
                            "attendance:read", "observations:read", "consents:read",
                            "messages:read", "news:read", "progress:read"]
    # A program uses it.
    answer = page.request.get(f"{live_server.url}/api/v1/me",
                              headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200 and answer.json()["name"] == "Mona Manager"

    page.get_by_role("link", name="I have copied it").click()
    expect(page.locator("h1")).to_contain_text("Register tablet")
    expect(page.locator("table")).to_contain_text("/api/v1/me")
    assert secret not in page.content()
    screenshot(page, f"api-token-{size}")
    assert_accessible(page)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke this token").click()
    expect(page.locator(".messages")).to_contain_text("no longer works")
    expect(page.locator("h1")).to_contain_text("Revoked")
    answer = page.request.get(f"{live_server.url}/api/v1/me",
                              headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 401
    # The refused use is kept too.
    assert list(ApiTokenUse.objects.order_by("at").values_list("status", flat=True)) == [200, 401]

    page.goto(f"{live_server.url}/api/tokens/")
    expect(page.locator("tbody")).to_contain_text("Register tablet")
    screenshot(page, f"api-tokens-{size}")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_documentation_renders_the_operations(page, live_server, viewport):
    """Anyone may read it; Swagger UI from ninja's static files, no CDN, and the page's
    fixture fails on any Content-Security-Policy refusal in the console."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Pre-school portal API")
    operation = page.locator(".opblock-summary-path").filter(has_text="/api/v1/me")
    expect(operation).to_be_visible()
    expect(page.locator(".swagger-ui .info")).to_contain_text("Idempotency-Key")
    size = "phone" if viewport == PHONE else "desktop"
    screenshot(page, f"api-docs-{size}")
    outside = [url for url in requests if not url.startswith(live_server.url)
               and not url.startswith("data:")]
    assert not outside, f"the documentation loads from elsewhere: {outside}"


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_makes_a_reading_token_from_the_account_menu(page, live_server, world, sign_in,
                                                              viewport):
    parent = world.users["parent"]
    sign_in(parent)
    page.locator("button.navbar-toggler").click()
    expect(page.locator("#nav-main")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.get_by_role("button", name=parent.get_short_name()).click()
    page.get_by_role("link", name="API tokens").click()
    expect(page.locator("h1")).to_have_text("API tokens")
    expect(page.locator("main, body").first).to_contain_text("No tokens yet.")
    assert_accessible(page)
    page.get_by_role("link", name="Make a token").click()
    reauthenticate(page, PASSWORD)
    expect(page.locator("h1")).to_have_text("Make an API token")
    # A family member's token only reads.
    expect(page.locator("input[name=scopes]")).to_have_count(len(READ_SCOPES))
    expect(page.locator("input[name=scopes][value$=':write']")).to_have_count(0)
    expect(page.locator("[name=person]")).to_have_count(0)
    screenshot(page, "api-token-new-parent-phone")
    assert_accessible(page)
    page.locator("#id_name").fill("Family calendar")
    page.get_by_role("button", name="Make the token").click()
    expect(page.locator("#api-token-secret")).to_have_value(re.compile(r"^ppat_"))
    assert ApiToken.objects.get().user == parent
