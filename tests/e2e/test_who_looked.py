"""Who looked: Mona (manager) opens Ava's record, then finds her own look on "Who looked at
what"; Kim (Ava's key person) opens Ava's record, and Pat (Ava's mother), on her phone, sees
that Ava's key person looked, and when, without Kim's name."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, open_manage, screenshot, sign_out

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_manager_sees_who_looked_at_a_childs_record(page, live_server, world, sign_in):
    sign_in(world.users["manager"])
    page.goto(live_server.url + world.child.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("Ava")

    open_manage(page, "Who looked at what")
    expect(page.locator("h1")).to_have_text("Who looked at what")
    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="Child's record")).to_contain_text("Mona Manager")
    expect(rows.filter(has_text="Child's record")).to_contain_text("Ava Parentchild")
    assert_accessible(page)

    page.get_by_label("What").select_option(label="Health and allergies")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Health and allergies")
    expect(page.locator("tbody")).not_to_contain_text("Child's record")

    page.goto(live_server.url + world.child.get_absolute_url())
    section = page.locator("section[aria-labelledby=h-who-looked]")
    expect(section).to_contain_text("Mona Manager")
    section.get_by_role("link", name="Everyone who has looked").click()
    expect(page.locator("h1")).to_have_text("Who has looked at Ava's record")
    expect(page.locator("tbody")).to_contain_text("Mona Manager")
    screenshot(page, "who-looked-manager")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_sees_that_the_key_person_looked(page, live_server, world, sign_in):
    sign_in(world.users["key_person"])
    page.goto(live_server.url + world.child.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("Ava")
    sign_out(page)

    sign_in(world.users["parent"])
    page.goto(live_server.url + world.child.get_absolute_url())
    page.get_by_role("link", name="Who has looked at this record").click()
    expect(page.locator("h1")).to_have_text("Who has looked at Ava's record")
    rows = page.locator("tbody tr")
    expect(rows.filter(has_text="Health and allergies").filter(has_text="Key person")) \
        .to_have_count(1)
    expect(page.locator("main")).not_to_contain_text("Kim Keyperson")
    expect(page.locator("main")).not_to_contain_text("Restrictions on contact")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "who-looked-parent-phone")
    assert_accessible(page)
