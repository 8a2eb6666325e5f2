"""The browser journey of an adult's right to erasure:

Ava left last month and Pat, her mother, asks the setting to erase her data. Mona, at her
desk, records the request from the Manage menu; the page shows what will be erased (Pat's
account, her link to Ava, the diary entry she wrote) and what must be kept and why (her name
on the medication permission she signed: the Limitation Act 1980, until Ava is 21 and three
months). Mona confirms her password and processes it; the page shows what was done, Pat's
account is anonymised, the permission is still there and Pat is emailed. On her phone, Mona
then tries the same for Olly, whose son Otto is still on roll: the portal refuses, saying why.
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from consents.models import MedicationPermission
from families.models import ChildAdult
from learning_journal.models import DiaryEntry
from preschool.models import User
from retention.adults import AdultErasure
from tests.consents.factories import calpol
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


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def _record_request(page, name: str):
    """From the list of requests: choose the person, then record when and how it came."""
    page.get_by_label("Record a new request from").select_option(label=name)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_contain_text(f"Request from {name} to erase their data")


def test_a_manager_erases_a_leaver_s_parent_and_is_refused_for_a_parent_on_roll(
        page, live_server, world, sign_in):
    today = timezone.localdate()
    pat, olly = world.users["parent"], world.users["other_parent"]
    world.child.leaving_date = today - timedelta(days=30)
    world.child.save()
    for persona in ("parent", "other_parent"):
        world.memberships[persona].ended_at = timezone.now() - timedelta(days=30)
        world.memberships[persona].save()
    permission = calpol(world)  # Pat signed it: kept
    diary = DiaryEntry.objects.create(setting=world.setting_a, child=world.child, day=today,
                                      author=pat, notes="Slept badly.")  # may go

    # Mona records Pat's request, received by email.
    sign_in(world.users["manager"])
    open_manage(page, "Erasure requests")
    expect(page.locator("h1")).to_contain_text("Requests to erase an adult's data")
    assert_accessible(page)
    _record_request(page, "Pat Parent")
    erased = page.locator("section[aria-labelledby=h-erased]")
    kept = page.locator("section[aria-labelledby=h-kept]")
    expect(erased).to_contain_text("Account details: email address, phone, password")
    expect(erased).to_contain_text("Links to children who have left")
    expect(erased).to_contain_text("Diary entries they wrote")
    medication = kept.locator("div.border").filter(has_text="Medication permissions")
    expect(medication).to_contain_text("Limitation Act 1980")
    expect(medication).to_contain_text("until 3 years after turning 18")
    expect(medication).to_contain_text(
        "Their name on 1 medication permission for Ava Parentchild")
    expect(page.locator(".alert-warning")).to_have_count(0)
    screenshot(page, "adult-erasure-new-desktop")
    assert_accessible(page)
    page.get_by_label("Received on").fill(today.isoformat())
    page.get_by_label("How it was received").select_option(label="By email")
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".messages")).to_contain_text("The request is recorded")
    erasure = AdultErasure.objects.get(user=pat)
    assert erasure.is_pending and erasure.received_how == "email"
    expect(page.locator("main")).to_contain_text("Waiting to be processed")
    expect(page.locator("main")).to_contain_text("Limitation Act 1980")
    assert_accessible(page)

    # Processing asks for Mona's password first, then carries on.
    page.get_by_role("button", name="Erase what may be erased").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert AdultErasure.objects.get(pk=erasure.pk).is_pending
    reauthenticate(page, PASSWORD)
    expect(page.locator(".messages")).to_contain_text("Done. The person has been told by email")
    main = page.locator("main")
    expect(main).to_contain_text("Processed")
    expect(main).to_contain_text("by Mona")
    done = page.locator("section[aria-labelledby=h-kept-done]")
    expect(done).to_contain_text("What was kept, and why")
    expect(done.locator("div.border").filter(has_text="Medication permissions")).to_contain_text(
        "Limitation Act 1980")
    expect(page.get_by_role("button", name="Erase what may be erased")).to_have_count(0)
    screenshot(page, "adult-erasure-done-desktop")
    assert_accessible(page)

    # The account is anonymised; the kept record still names Pat; what may go has gone.
    pat.refresh_from_db()
    assert not pat.is_active and not pat.has_usable_password()
    assert pat.email.endswith("@erased.invalid")
    assert not EmailAddress.objects.filter(user=pat).exists()
    assert not ChildAdult.objects.filter(user=pat).exists()
    assert not DiaryEntry.objects.filter(pk=diary.pk).exists()
    assert MedicationPermission.objects.get(pk=permission.pk).requested_by_id == pat.pk
    erasure.refresh_from_db()
    assert erasure.outcome == AdultErasure.Outcome.DONE
    assert erasure.processed_by == world.users["manager"]
    assert "medication" in {row["type"] for row in erasure.kept}

    # Pat is emailed, at the address she had, what was erased and what is kept.
    emails = [m for m in mail.outbox if m.to == ["parent@example.org"]]
    assert len(emails) == 1
    assert "Your request to erase your data" in emails[0].subject
    assert "Diary entries they wrote" in emails[0].body
    assert "Limitation Act 1980" in emails[0].body

    # On her phone, Mona tries the same for Olly, whose son Otto is still on roll.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/retention/adults/")
    _record_request(page, "Olly Otherparent")
    refusal = page.locator(".alert-warning")
    expect(refusal).to_contain_text("It cannot be processed yet")
    expect(refusal).to_contain_text(
        "Otto Otherchild is on roll and this person is one of their contacts")
    expect(refusal).to_contain_text("End the link first")
    page.get_by_label("Received on").fill(today.isoformat())
    page.get_by_label("How it was received").select_option(label="By phone")
    page.get_by_role("button", name="Record the request").click()
    expect(page.locator(".messages")).to_contain_text("The request is recorded")
    expect(page.locator(".alert-warning")).to_contain_text("Otto Otherchild is on roll")
    expect(page.get_by_role("button", name="Erase what may be erased")).to_have_count(0)
    screenshot(page, "adult-erasure-refused-phone")
    assert_accessible(page)
    _fits(page)
    refused = AdultErasure.objects.get(user=olly)
    assert refused.is_pending
    olly.refresh_from_db()
    assert olly.email == "other.parent@example.org"
    assert ChildAdult.objects.filter(user=olly, child=world.other_child).exists()
    # A forged post is refused too, with the same reason, and changes nothing.
    page.set_viewport_size(DESKTOP)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    answer = page.request.post(
        f"{live_server.url}/retention/adults/requests/{refused.uuid}/process/",
        form={"csrfmiddlewaretoken": token}, headers={"Referer": page.url})
    assert answer.status == 200
    refused.refresh_from_db()
    assert refused.is_pending
    assert User.objects.get(pk=olly.pk).is_active
    assert len([m for m in mail.outbox if m.to == ["other.parent@example.org"]]) == 0
