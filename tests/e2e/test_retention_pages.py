"""The retention pages in a browser, at phone and desktop sizes: a manager reaches them from
the Manage menu, changes a period with a reason, places a legal hold from the child's page
and lifts it; every page is accessible (axe-core) and fits a 390 px phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from retention.models import ErasureLog, ErasureNotice, LegalHold, RetentionRule
from retention.policy import period_for
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, open_manage, screenshot

pytestmark = pytest.mark.e2e


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def _lists_and_log(world):
    today = timezone.localdate()
    ErasureNotice.objects.create(
        setting=world.setting_a, record_type="journal", sent_on=today,
        for_date=today + timedelta(days=14), keys=["k"], count=34,
        lines=["Ava Parentchild, left 20 July 2031: 34 observations, 80 photos"])
    ErasureLog.objects.create(
        setting=world.setting_a, record_type="attendance", action="erase", count=120,
        rule="3 years after the child leaves (the portal's default)",
        notice_sent_on=today - timedelta(days=14), run_on=today)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_retention_page_is_accessible_and_fits(page, live_server, world, sign_in,
                                                     viewport):
    _lists_and_log(world)
    size = "phone" if viewport == PHONE else "desktop"
    sign_in(world.users["manager"])
    for path, name, shows in [
        ("/", "home", "Records due for erasure"),
        ("/retention/", "schedule", "Learning journal"),
        ("/retention/rules/journal/", "rule", "Save the period"),
        ("/retention/holds/", "holds", "Place a legal hold"),
        ("/retention/holds/new/", "hold-new", "Place the hold"),
        ("/retention/due/", "due", "34 observations"),
        ("/retention/log/", "log", "120"),
        (f"/children/{world.child.uuid}/", "child", "Place a legal hold on Ava"),
    ]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert shows in page.locator("main").inner_text(), path
        screenshot(page, f"retention-{name}-{size}")
        assert_accessible(page)
        _fits(page)


def test_a_manager_changes_a_period_and_holds_a_child_s_records(page, live_server, world,
                                                                sign_in):
    sign_in(world.users["manager"])
    open_manage(page, "Retention")
    page.get_by_role("link", name=re.compile(r"^Change\W+Learning journal")).click()
    page.get_by_label("Years").fill("1")
    page.get_by_label("Days").fill("0")
    page.get_by_role("button", name="Save the period").click()
    assert "Say why" in page.locator("main").inner_text() or (
        "required" in page.locator("main").inner_text())
    assert not RetentionRule.objects.exists()
    page.get_by_label("Why (recorded with the change)").fill(
        "Families asked for a year to download the journal.")
    page.get_by_role("button", name="Save the period").click()
    assert "The period is changed" in page.locator("main").inner_text()
    assert period_for(world.setting_a, "journal").years == 1

    page.goto(live_server.url + f"/children/{world.child.uuid}/")
    page.get_by_role("link", name="Place a legal hold on Ava's records").click()
    page.get_by_label("Reason").select_option("safeguarding")
    page.get_by_label("Details").fill("A case is open with the local authority.")
    page.get_by_role("button", name="Place the hold").click()
    assert "The hold is placed" in page.locator("main").inner_text()
    hold = LegalHold.objects.get()
    assert hold.child == world.child

    page.get_by_role("link", name="Lift").click()
    page.get_by_label("Why the hold is lifted").fill("The case is closed.")
    page.get_by_role("button", name="Lift the hold").click()
    assert "The hold is lifted" in page.locator("main").inner_text()
    hold.refresh_from_db()
    assert not hold.is_in_force
