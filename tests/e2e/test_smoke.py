"""Each role signs in through the browser, sees its home page and navigation, and the pages it
lands on pass axe-core's serious and critical checks (staff on a desktop, the parent on a phone).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, open_manage, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


def nav_labels(page) -> list[str]:
    """The labels of the main navigation and its "Manage" menu (read from the DOM, so also
    when it is collapsed)."""
    links = page.locator("#nav-main ul.navbar-nav.me-auto :is(a.nav-link, a.dropdown-item)")
    return [label.strip() for label in links.all_text_contents()]


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_manager_home_and_people(page, live_server, world, sign_in):
    sign_in(world.users["manager"])

    assert page.url == f"{live_server.url}/"
    expect(page.locator("h1")).to_have_text("Good to see you, Mona")
    labels = nav_labels(page)
    assert "People" in labels
    assert "Audit log" in labels
    assert "Children" in labels
    screenshot(page, "manager-home")
    assert_accessible(page)

    open_manage(page, "People")
    page.wait_for_url(f"{live_server.url}/people/")
    expect(page.locator("h1")).to_have_text("Staff and families")
    expect(page.get_by_role("cell", name="Kim Keyperson SENCO")).to_be_visible()
    screenshot(page, "manager-people")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_practitioner_home_and_children(page, live_server, world, sign_in):
    sign_in(world.users["key_person"])

    assert page.url == f"{live_server.url}/"
    expect(page.locator("h1")).to_have_text("Good to see you, Kim")
    labels = nav_labels(page)
    assert "Children" in labels
    assert "People" not in labels
    assert "Audit log" not in labels
    screenshot(page, "practitioner-home")
    assert_accessible(page)

    page.locator("#nav-main").get_by_role("link", name="Children").click()
    page.wait_for_url(f"{live_server.url}/children/")
    expect(page.locator("h1")).to_have_text("Children on roll")
    expect(page.get_by_role("link", name="Ava Parentchild")).to_be_visible()
    screenshot(page, "practitioner-children")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_parent_home_menu_and_child(page, live_server, world, sign_in):
    sign_in(world.users["parent"])

    assert page.url == f"{live_server.url}/"
    expect(page.locator("h1")).to_have_text("Hello, Pat")
    labels = nav_labels(page)
    assert "My children" in labels
    assert "Children" not in labels
    assert "People" not in labels
    screenshot(page, "parent-home-phone")
    assert_accessible(page)

    # On a phone the navigation is collapsed behind the toggler.
    my_children = page.locator("#nav-main").get_by_role("link", name="My children")
    toggler = page.locator("button.navbar-toggler")
    expect(toggler).to_be_visible()
    expect(my_children).to_be_hidden()
    toggler.click()
    expect(my_children).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    # Bootstrap ignores the toggler while the menu is still sliding open.
    expect(page.locator("#nav-main")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    screenshot(page, "parent-menu-open-phone")
    toggler.click()
    expect(my_children).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")

    # The child's tile on the home page leads to the child's page.
    page.get_by_role("link", name="Ava Parentchild").click()
    page.wait_for_url(f"{live_server.url}{world.child.get_absolute_url()}")
    expect(page.locator("h1")).to_contain_text("Ava Parentchild")
    # Families never see an adult under a court or safeguarding restriction; they do see
    # their own childminder (who may not receive information) among the adults.
    expect(page.locator("main")).not_to_contain_text("Rex Restricted")
    expect(page.locator("main")).not_to_contain_text("Court order")
    expect(page.locator("main")).to_contain_text("Casey Carer")
    screenshot(page, "parent-child-phone")
    assert_accessible(page)


def test_login_page_wrong_password(page, live_server, world):
    response = page.goto(f"{live_server.url}/accounts/login/")
    # axe is injected under the site's real, strict policy (see assert_accessible).
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("h1")).to_have_text("Sign In")
    assert_accessible(page)

    form = page.locator("form[action='/accounts/login/']")
    form.locator("[name=login]").fill(world.users["parent"].email)
    form.locator("[name=password]").fill(PASSWORD + "-wrong")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    expect(page.get_by_text(
        "The email address and/or password you specified are not correct.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator("h1")).to_have_text("Sign In")
    # Still signed out: no user menu.
    expect(page.locator("#nav-main")).to_have_count(0)
    screenshot(page, "login-wrong-password")
    assert_accessible(page)
