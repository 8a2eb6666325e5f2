"""Quiet hours hold a notification until they end: a parent sets quiet hours around now on
their preferences page (on a phone); a notification about their child arrives during them and
its email is not sent; when the quiet hours end it is. The bell counts it, the centre lists
it, opening it marks it read, and "Mark all as read" empties the bell in place; axe-core finds
no serious or critical violation on these pages."""

import re
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import expect

from notifications.models import Category, Notification
from notifications.services import notify
from preschool.lib import reminders
from preschool.models import Reminder
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot
from tests.notifications.test_delivery import scan

pytestmark = pytest.mark.e2e


def _open_menu(page):
    nav = page.locator("#nav-main")
    if not nav.is_visible():
        page.locator("button.navbar-toggler").click()
        # Opened once the collapse's transition has ended: a click on the dropdown while
        # it runs can be lost.
        expect(nav).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    toggle = page.locator("#nav-main li.dropdown button.dropdown-toggle").last
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_quiet_hours_hold_a_notification_until_they_end(page, live_server, world, sign_in,
                                                        viewport, monkeypatch):
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)
    size = "phone" if viewport == PHONE else "desktop"
    parent = world.users["parent"]
    now = timezone.localtime()
    starts, ends = now - timedelta(hours=1), now + timedelta(hours=2)

    sign_in(parent)
    _open_menu(page)
    page.get_by_role("link", name="Notification preferences").click()
    expect(page.get_by_role("heading", name="Notification preferences")).to_be_visible()
    page.get_by_label("Hold notifications during quiet hours").check()
    page.get_by_label("From").fill(f"{starts:%H:%M}")
    page.get_by_label("Until").fill(f"{ends:%H:%M}")
    screenshot(page, f"notifications-preferences-{size}")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("preferences are saved")

    # Something about Ava, during the quiet hours: told in the portal, the email waits.
    with scope(setting=world.setting_a):
        notify(setting=world.setting_a, recipients=[parent, world.users["carer_no_info"]],
               category=Category.MESSAGE, title="A new message about Ava",
               url=reverse("child-detail", args=[world.child.uuid]), child=world.child)
    email = Reminder.objects.get(kind="notification-email")
    end_of_quiet = timezone.make_aware(datetime.combine(
        (starts + timedelta(hours=3)).date(), ends.time().replace(second=0, microsecond=0)))
    assert abs(email.due_at - end_of_quiet) < timedelta(minutes=1)
    assert email.recipient == parent  # never the carer without the right to information
    scan(now + timedelta(minutes=10))  # past the batching window, still quiet
    assert mail.outbox == []

    page.goto(f"{live_server.url}{reverse('home')}")
    bell = page.locator("#notification-bell")
    expect(bell).to_contain_text("1 unread")
    expect(page.get_by_role("heading", name="Needs your action")).to_have_count(0)
    screenshot(page, f"notifications-home-{size}")
    bell.click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="A new message about Ava")).to_be_visible()
    screenshot(page, f"notifications-list-{size}")
    assert_accessible(page)

    # The quiet hours end (the worker's clock moved on to then): the email goes, as it was not
    # read in the portal.
    later = email.due_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        scan(later)
    assert [m.to for m in mail.outbox] == [[parent.email]]
    assert "A new message about Ava" in mail.outbox[0].subject

    page.get_by_role("link", name="A new message about Ava").click()
    page.wait_for_url(f"**{reverse('child-detail', args=[world.child.uuid])}")
    assert Notification.objects.get(recipient=parent).read_at is not None
    expect(page.locator("#notification-bell")).not_to_contain_text("unread")

    # Another, then "Mark all as read" empties the bell without leaving the page.
    with scope(setting=world.setting_a):
        notify(setting=world.setting_a, recipients=[parent], category=Category.CONSENT,
               title="Consent forms to answer", url="/consents/", urgent=False)
    page.goto(f"{live_server.url}{reverse('home')}")
    waiting = page.get_by_role("region", name="Needs your action")
    expect(waiting.get_by_role("link", name="Consent forms to answer")).to_be_visible()
    screenshot(page, f"notifications-needs-action-{size}")
    assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('notifications-list')}")
    expect(page.locator("#notification-bell")).to_contain_text("1 unread")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("#notification-bell")).not_to_contain_text("unread")
    expect(page.locator(".badge", has_text="New")).to_have_count(0)
    assert_accessible(page)
