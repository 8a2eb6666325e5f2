"""A parent withdraws consent for group photos: it takes effect at once, and staff see it on
the manager's overview and the child's page.

The journal that hides the photos is being built by another engineer at the same time; here
we assert what it relies on: has_consent(child, PHOTOS_OTHER_FAMILIES) turns False."""

import pytest
from playwright.sync_api import expect

from consents.models import ConsentKind
from consents.services import answer_consents, has_consent
from tests.consents.factories import default_forms
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_out

pytestmark = pytest.mark.e2e
PHOTOS = ConsentKind.PHOTOS_OTHER_FAMILIES


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_parent_withdraws_photo_consent(page, live_server, world, sign_in, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    forms = default_forms(world.setting_a)
    answer_consents(world.users["parent"], world.child, dict.fromkeys(forms.values(), True))
    assert has_consent(world.child, PHOTOS)

    sign_in(world.users["parent"])
    page.goto(f"{live_server.url}/consents/")
    page.get_by_role("link", name="Ava Parentchild").click()
    page.get_by_role("link", name="Give or change answers").click()
    group = page.get_by_role("group", name="Photos seen by other families")
    group.get_by_label("No, I do not agree").check()
    screenshot(page, f"consents-answer-{size}")
    assert_accessible(page)
    page.get_by_role("button", name="Save my answers").click()
    expect(page.locator(".messages")).to_contain_text("Withdrawn from now")
    assert not has_consent(world.child, PHOTOS)
    assert has_consent(world.child, ConsentKind.PHOTOS_JOURNAL)  # the others stand
    sign_out(page)

    sign_in(world.users["manager"])
    page.goto(f"{live_server.url}/consents/")
    withdrawals = page.locator("section.alert-warning")
    expect(withdrawals).to_contain_text("Ava Parentchild")
    expect(withdrawals).to_contain_text("Photos seen by other families")
    row = page.locator("tr").filter(has_text="Ava Parentchild")
    expect(row).to_contain_text("Withdrawn")
    screenshot(page, f"consents-overview-{size}")
    assert_accessible(page)
    page.get_by_role("link", name="Ava Parentchild").first.click()
    item = page.locator("li").filter(has_text="Photos seen by other families")
    expect(item.first).to_contain_text("Withdrawn")
    screenshot(page, f"consents-child-staff-{size}")
    assert_accessible(page)
