"""A parent withdraws consent for group photos: it takes effect at once. Another family, who
saw Ava in a group photo in their own child's journal, no longer sees that photo (the
observation stays, without it, and the photo's address answers 404); staff see the withdrawal
on the manager's overview and the child's page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consents.models import ConsentKind
from consents.services import answer_consents, has_consent
from learning_journal.eyfs import ensure_framework
from learning_journal.models import Media
from tests.consents.factories import default_forms
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_out
from tests.learning_journal.factories import group_observation, photo_consents

pytestmark = pytest.mark.e2e
PHOTOS = ConsentKind.PHOTOS_OTHER_FAMILIES


@pytest.fixture(autouse=True)
def journal(transactional_db):
    """The EYFS framework present (a flushed database loses it)."""
    ensure_framework()


def _group_photo_card(page, live_server, world):
    """Otto's journal, as his father sees it: the card of the group observation."""
    page.goto(f"{live_server.url}{reverse('journal-child', args=[world.other_child.uuid])}")
    page.wait_for_load_state("networkidle")
    return page.locator("article").filter(has_text="Built a tower")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_parent_withdraws_photo_consent(page, live_server, world, sign_in, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    forms = default_forms(world.setting_a)
    answer_consents(world.users["parent"], world.child, dict.fromkeys(forms.values(), True))
    assert has_consent(world.child, PHOTOS)
    photo_consents(world, world.other_child)
    group_observation(world)  # Kim's photo of Ava and Otto, published
    photo_url = f"{live_server.url}{reverse('journal-media', args=[Media.objects.get().uuid])}"

    # Before: Otto's father sees the group photo in Otto's journal.
    sign_in(world.users["other_parent"])
    expect(_group_photo_card(page, live_server, world).locator("img")).to_have_count(1)
    assert page.request.get(photo_url).status == 200
    sign_out(page)

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

    # After: the observation is still in Otto's journal, without the photo of Ava.
    sign_in(world.users["other_parent"])
    card = _group_photo_card(page, live_server, world)
    expect(card).to_contain_text("Built a tower")
    expect(card.locator("img")).to_have_count(0)
    assert page.request.get(photo_url).status == 404
    screenshot(page, f"consents-withdrawn-other-family-journal-{size}")
    assert_accessible(page)
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
