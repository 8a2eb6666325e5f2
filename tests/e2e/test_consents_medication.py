"""A parent asks for a medicine to be given, a practitioner checks the label and records a
dose with a witness, and the parent acknowledges it the same day. Another member of staff
recorded the same dose at the same moment: the manager reviews the possible double dose."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consents import services
from consents.models import (
    DoseAcknowledgement,
    DoubleDoseReview,
    MedicationDose,
    MedicationPermission,
)
from consents.pages import PAGE_SIZE
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_out

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_medicine_from_permission_to_acknowledged_dose(page, live_server, world, sign_in,
                                                         viewport):
    size = "phone" if viewport == PHONE else "desktop"
    child_url = f"{live_server.url}/consents/children/{world.child.uuid}/"
    today = timezone.localdate()

    # Pat asks for the medicine to be given.
    sign_in(world.users["parent"])
    page.goto(child_url)
    page.get_by_role("link", name="Give permission for a medicine").click()
    page.get_by_label("Name of the medicine").fill("Amoxicillin 125mg/5ml")
    page.get_by_label("It was prescribed").check()
    page.locator("#id_prescriber").select_option(label="Doctor")
    page.get_by_label("What it is for").fill("Ear infection")
    page.locator("#id_dose_amount").fill("five")  # a dose in words: refused
    page.locator("#id_dose_unit").select_option(label="ml")
    # A time within the hour, so that a dose given now is at the time the permission gives.
    page.get_by_label("When to give it").fill(
        f"{timezone.localtime():%H}:00 with lunch")
    page.get_by_label("At least this many hours between doses").fill("8")
    page.get_by_label("How it is given").select_option(label="By mouth")
    page.locator("#id_start_date").fill(today.isoformat())
    page.locator("#id_end_date").fill((today + timedelta(days=6)).isoformat())
    page.locator("#id_storage").select_option(label="In the fridge")
    page.get_by_label("I agree to the declaration above").check()
    page.get_by_label("Your full name, as your signature").fill("Pat Parent")
    page.get_by_role("button", name="Give permission").click()
    expect(page.locator("main")).to_contain_text("Enter a number")
    assert not MedicationPermission.objects.exists()
    page.locator("#id_dose_amount").fill("5")
    page.get_by_label("I agree to the declaration above").check()
    screenshot(page, f"consents-permission-new-{size}")
    assert_accessible(page)
    page.get_by_role("button", name="Give permission").click()
    expect(page.locator(".messages")).to_contain_text("Staff will check the label")
    assert_accessible(page)
    sign_out(page)

    # Perry checks the label, accepts it and records the dose, witnessed by Kim.
    sign_in(world.users["practitioner"])
    page.goto(f"{live_server.url}/consents/medicines/")
    expect(page.locator("main")).to_contain_text("Amoxicillin 125mg/5ml for Ava")
    screenshot(page, f"consents-medication-{size}")
    assert_accessible(page)
    page.get_by_role("link", name="Amoxicillin 125mg/5ml for Ava Parentchild").click()
    page.get_by_label("I have checked the label").check()
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messages")).to_contain_text("is accepted")
    page.get_by_role("link", name="Record a dose").first.click()
    # The permitted dose is filled in; choosing another medicine (here none) changes it, and
    # choosing this one again fills it in again.
    expect(page.get_by_label("Dose given")).to_have_value("5")
    expect(page.locator("#dose-prefill")).to_contain_text("Permitted: 5 ml")
    medicine = page.get_by_label("Medicine (from the parent's written permissions)")
    medicine.select_option(index=0)
    expect(page.get_by_label("Dose given")).to_have_value("")
    medicine.select_option(index=1)
    expect(page.get_by_label("Dose given")).to_have_value("5")
    page.get_by_label("Witnessed by").select_option(label="Kim Keyperson")
    page.get_by_label("Dose given").fill("10")
    page.get_by_role("button", name="Record the dose").click()
    expect(page.locator(".alert-danger")).to_contain_text("More than the dose")
    assert not MedicationDose.objects.exists()
    page.get_by_label("Dose given").fill("5")
    screenshot(page, f"consents-dose-{size}")
    assert_accessible(page)
    page.get_by_role("button", name="Record the dose").click()
    expect(page.locator(".messages")).to_contain_text("The family is told")
    sign_out(page)

    # Pat acknowledges it the same day.
    sign_in(world.users["parent"])
    page.goto(child_url)
    expect(page.locator("#medicines")).to_contain_text("Given by Perry Practitioner, "
                                                       "witnessed by Kim Keyperson")
    screenshot(page, f"consents-child-family-{size}")
    assert_accessible(page)
    page.locator("#medicines").get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".messages")).to_contain_text("acknowledged")
    ack = DoseAcknowledgement.objects.get()
    assert ack.acknowledged_by == world.users["parent"]
    assert timezone.localdate(ack.acknowledged_at) == timezone.localdate(ack.dose.given_at)
    sign_out(page)

    # Kim had recorded the same dose at the same moment: both records are kept and hers is
    # flagged. Mona, the manager, is told on her home page and reviews it.
    given = ack.dose
    flagged = services.record_dose(
        world.users["key_person"], world.child, permission=given.permission, medicine="",
        given_at=given.given_at, dose_amount=given.dose_amount, dose_unit=given.dose_unit,
        given_by=world.users["key_person"], witnessed_by=world.users["manager"])
    assert flagged.possible_double_dose
    sign_in(world.users["manager"])
    page.goto(f"{live_server.url}/")
    expect(page.locator("main")).to_contain_text("1 possible double dose to review")
    page.get_by_role("link", name="Review the possible double doses").click()
    expect(page.locator("main")).to_contain_text("Another dose of Amoxicillin 125mg/5ml at "
                                                 f"{timezone.localtime(given.given_at):%H:%M}, "
                                                 "given by Perry Practitioner")
    screenshot(page, f"consents-double-doses-{size}")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as reviewed").click()  # no note: refused
    expect(page.locator("main")).to_contain_text("Write what you found and what was done.")
    assert not DoubleDoseReview.objects.exists()
    page.get_by_label("What you found and what was done").fill(
        "Perry gave it; Kim recorded it again by mistake. One dose only.")
    screenshot(page, f"consents-double-dose-review-{size}")
    assert_accessible(page)
    page.get_by_role("button", name="Mark as reviewed").click()
    expect(page.locator(".messages")).to_contain_text("Reviewed: Amoxicillin 125mg/5ml")
    expect(page.locator("main")).to_contain_text("Nothing to review")
    review = DoubleDoseReview.objects.get()
    assert review.dose == flagged and review.reviewed_by == world.users["manager"]
    assert MedicationDose.objects.count() == 2


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_medicines_page_shows_long_lists_a_page_at_a_time(page, live_server, world,
                                                             sign_in, viewport):
    from tests.consents.factories import calpol, dose
    from tests.factories import ChildFactory

    size = "phone" if viewport == PHONE else "desktop"
    for i in range(PAGE_SIZE + 5):
        child = ChildFactory(setting=world.setting_a, room=world.room, first_name=f"Child{i:02}")
        dose(world, calpol(world, child=child), minutes_ago=60 * 30, possible_double_dose=True)
    sign_in(world.users["manager"])
    page.goto(f"{live_server.url}/consents/medicines/")
    in_force = page.get_by_role("navigation", name="Pages of medicines in force")
    expect(in_force).to_contain_text(f"1–{PAGE_SIZE} of {PAGE_SIZE + 5}")
    flagged = page.get_by_role("navigation", name="Pages of possible double doses")
    flagged.get_by_role("link", name="Next page of possible double doses").click()
    expect(page.get_by_role("navigation", name="Pages of possible double doses")
           ).to_contain_text(f"{PAGE_SIZE + 1}–{PAGE_SIZE + 5} of {PAGE_SIZE + 5}")
    page.get_by_role("navigation", name="Pages of medicines in force").get_by_role(
        "link", name="Page 2").click()
    # Each list keeps its own page: the flagged doses stay on theirs.
    assert "flagged=2" in page.url and "in_force=2" in page.url
    expect(page.get_by_role("navigation", name="Pages of medicines in force")
           ).to_contain_text(f"{PAGE_SIZE + 1}–{PAGE_SIZE + 5} of {PAGE_SIZE + 5}")
    expect(page.get_by_role("navigation", name="Pages of possible double doses")
           ).to_contain_text(f"{PAGE_SIZE + 1}–{PAGE_SIZE + 5}")
    screenshot(page, f"consents-medication-pages-{size}")
    assert_accessible(page)
