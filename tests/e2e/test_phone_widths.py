"""Every role's main pages fit a 390 px phone: nothing makes the page itself scroll sideways
(a wide table may scroll inside its own box). On a 1366 px laptop the manager's navigation
stays on one line and the consents grid fits.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 768}

# What sticks out past the right edge, for a failure message a person can act on.
_WIDE_ELEMENTS = """(width) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 1)
  .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= width + 1)
  .slice(0, 5)
  .map(e => `<${e.tagName.toLowerCase()} class="${e.className}">`
            + ` ends at ${Math.round(e.getBoundingClientRect().right)} px:`
            + ` ${(e.textContent || '').trim().slice(0, 60)}`)"""


def nav_urls(page) -> list[str]:
    """The main navigation's links (read from the DOM, so also when the menu is folded)."""
    links = page.locator("#nav-main ul.navbar-nav.me-auto a.nav-link")
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


def assert_fits(page, live_server, path: str, width: int) -> None:
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, path
    page.wait_for_load_state()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        wide = page.evaluate(_WIDE_ELEMENTS, width)
        pytest.fail(f"{path} is {scroll_width} px wide on a {width} px screen:\n"
                    + "\n".join(wide), pytrace=False)


def _policy_and_agreement(world) -> tuple[str, str]:
    from families.services import current_agreement
    from policies.defaults import ensure_default_policies
    from policies.models import Policy

    ensure_default_policies(world.setting_a, signed_by=("Carol Chair", "Mona Manager"))
    current_agreement(world.setting_a)
    policy = Policy.objects.for_setting(world.setting_a).published().order_by("title").first()
    return (policy.get_absolute_url(),
            f"/children/{world.child.uuid}/registration/")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
@pytest.mark.parametrize("persona", ["manager", "key_person", "parent"])
def test_every_main_page_fits_a_phone(page, live_server, world, sign_in, persona):
    policy_url, agreement_url = _policy_and_agreement(world)
    sign_in(world.users[persona])
    urls = nav_urls(page)
    assert len(urls) >= 5, urls
    extra = [world.child.get_absolute_url(), f"/consents/children/{world.child.uuid}/",
             f"/journal/children/{world.child.uuid}/", policy_url,
             reverse("notifications-list"), reverse("notifications-preferences")]
    if persona == "parent":
        extra.append(agreement_url)
    if persona == "manager":
        extra.append(reverse("notifications-defaults"))
    for path in dict.fromkeys(urls + extra):
        assert_fits(page, live_server, path, PHONE["width"])
    page.goto(f"{live_server.url}/")
    screenshot(page, f"phone-{persona}-home")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_people_list_keeps_its_actions_on_a_phone(page, live_server, world, sign_in):
    sign_in(world.users["manager"])
    assert_fits(page, live_server, "/people/", PHONE["width"])
    change = page.get_by_role("link", name="Change Kim Keyperson")
    expect(change).to_be_visible()
    box = change.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [LAPTOP], ids=["laptop"])
def test_the_managers_navigation_and_consents_grid_fit_a_laptop(page, live_server, world,
                                                                sign_in):
    sign_in(world.users["manager"])
    tops = page.locator("#nav-main a.nav-link, #nav-main button.nav-link").evaluate_all(
        "links => links.map(l => Math.round(l.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, f"the navigation wraps onto {len(set(tops))} lines: {tops}"
    assert_fits(page, live_server, "/consents/", LAPTOP["width"])
    grid = page.locator("table.consent-grid")
    expect(grid).to_be_visible()
    overflow = grid.evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth")
    assert overflow <= 0, f"the consents grid is cut off by {overflow} px"


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_register_fits_a_phone_with_the_family_to_call(page, live_server, world, sign_in):
    """A child expected since midnight and not here: the row lists each family phone to call,
    which must wrap on a phone rather than widen the page. The setting flags a missing child
    at once (no grace period), so that the test holds in the first minutes of the day too."""
    from django.utils import timezone

    from attendance.models import AttendanceSettings, RegularSession
    from tests.attendance.factories import all_day
    from tests.factories import ChildAdultFactory

    AttendanceSettings.objects.create(setting=world.setting_a, arrival_grace_minutes=0)
    RegularSession.objects.create(setting=world.setting_a, child=world.child,
                                  session=all_day(world), weekday=timezone.localdate().weekday(),
                                  started_on=timezone.localdate(),
                                  added_by=world.users["manager"])
    for name in ("Aisha Ahmed-Richardson", "Omar Ahmed-Richardson"):
        ChildAdultFactory(child=world.child, user=None, name=name, phone="07700 900140")
    sign_in(world.users["key_person"])
    assert_fits(page, live_server, f"/attendance/register/{world.room.uuid}/", PHONE["width"])
    expect(page.get_by_role("link", name="Omar Ahmed-Richardson 07700 900140")).to_be_visible()
