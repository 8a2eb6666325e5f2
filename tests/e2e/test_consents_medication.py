"""A parent asks for a medicine to be given, a practitioner checks the label and records a
dose with a witness, and the parent acknowledges it the same day."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consents.models import DoseAcknowledgement, MedicationDose, MedicationPermission
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
    page.get_by_label("When to give it").fill("12:00 with lunch")
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
