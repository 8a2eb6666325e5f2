"""A manager invites a new family; the parent follows the emailed link, creates an account and
lands on their home page. The link then no longer works.
"""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from preschool.models import Invitation, Membership, Role
from tests.e2e.conftest import DESKTOP, assert_accessible, open_manage, screenshot, sign_out

pytestmark = pytest.mark.e2e

NEW_EMAIL = "new.family@example.org"
NEW_NAME = "Nell Newfamily"
NEW_PASSWORD = "Wren-meadow-4417"


def invitation_email(to: str, timeout: float = 5.0):
    """The invitation email to ``to`` from ``mail.outbox``.

    The live server is a thread of this process, and Celery tasks run eagerly in it, so the
    locmem backend's outbox is the same list the test sees.
    """
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in mail.outbox if to in m.to]
        if found or time.monotonic() > deadline:
            return found[-1] if found else None
        time.sleep(0.1)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_manager_invites_a_parent_who_signs_up(page, live_server, world, sign_in):
    manager = world.users["manager"]
    sign_in(manager)

    # People -> Invite someone.
    open_manage(page, "People")
    page.wait_for_url(f"{live_server.url}/people/")
    page.get_by_role("link", name="Invite someone").click()
    page.wait_for_url(f"{live_server.url}/people/invite/")
    expect(page.locator("h1")).to_have_text("Invite someone to Acorn Test Pre-school")
    screenshot(page, "invite-form")
    assert_accessible(page)

    page.get_by_label("Email address").fill(NEW_EMAIL)
    page.get_by_label("Parent or carer").check()
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(f"{live_server.url}/people/")
    expect(page.locator(".messages .alert-success")).to_contain_text(
        f"Invitation sent to {NEW_EMAIL}.")
    invitations_table = page.locator("table").filter(has_text=NEW_EMAIL)
    expect(invitations_table.get_by_role("row").filter(has_text=NEW_EMAIL)).to_contain_text(
        "Waiting")
    screenshot(page, "invite-sent")

    # The email went out (through the eager Celery task, in the live server's thread).
    message = invitation_email(NEW_EMAIL)
    assert message is not None, f"no invitation email to {NEW_EMAIL} in {mail.outbox!r}"
    assert "Acorn Test Pre-school" in message.subject
    links = re.findall(r"https?://\S+/invitation/\S+/", message.body)
    assert len(links) == 1, message.body
    invitation = Invitation.objects.get(email=NEW_EMAIL)
    assert invitation.role == Role.PARENT
    assert urlsplit(links[0]).path == invitation.get_accept_url()
    # The body's links start with SITE_URL (http://testserver): follow it on the live server.
    accept_url = live_server.url + urlsplit(links[0]).path

    sign_out(page)
    expect(page.locator("h1")).to_have_text("Sign In")

    # The new parent opens the link: allauth's sign-up page, for this address only.
    page.goto(accept_url)
    page.wait_for_url(f"{live_server.url}/accounts/signup/")
    expect(page.locator("h1")).to_have_text("Sign Up")
    email_field = page.locator("form[action='/accounts/signup/'] [name=email]")
    expect(email_field).to_have_value(NEW_EMAIL)
    expect(email_field).to_have_attribute("readonly", "")
    screenshot(page, "signup")
    assert_accessible(page)

    page.get_by_label("Your full name").fill(NEW_NAME)
    page.locator("[name=password1]").fill(NEW_PASSWORD)
    page.locator("[name=password2]").fill(NEW_PASSWORD)
    page.locator("form[action='/accounts/signup/'] button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("h1")).to_have_text("Hello, Nell")
    expect(page.locator("main")).to_contain_text("Welcome to Acorn Test Pre-school's portal")
    expect(page.locator(".navbar-brand")).to_have_text("Acorn Test Pre-school")
    screenshot(page, "new-parent-home")
    assert_accessible(page)

    membership = Membership.objects.get(user__email=NEW_EMAIL)
    assert membership.setting == world.setting_a
    assert membership.role == Role.PARENT
    assert membership.user.full_name == NEW_NAME
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED

    # The link works once.
    response = page.goto(accept_url)
    assert response.status == 410
    expect(page.locator("h1")).to_have_text("This invitation can no longer be used")
    expect(page.locator("main")).to_contain_text("It has already been accepted.")
    screenshot(page, "invitation-used")
    assert_accessible(page)
