"""A manager adds a child and invites the parent, who registers online and signs the
partnership agreement; later the parent adds an allergy and the key person sees it flagged."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from families.models import AgreementSignature, Child, RecordChange
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_out
from tests.e2e.test_invitation_journey import invitation_email

pytestmark = pytest.mark.e2e

PARENT_EMAIL = "maya.mum@example.org"


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_new_family_joins_registers_and_signs(page, live_server, world, sign_in):
    sign_in(world.users["manager"])
    page.goto(f"{live_server.url}/children/")
    page.get_by_role("link", name="Add a child").click()
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Newchild")
    page.get_by_label("Date of birth").fill("2024-03-14")
    page.get_by_label("Room").select_option(label="Caterpillars")
    assert_accessible(page)
    page.get_by_role("button", name="Add the child").click()
    expect(page.locator("h1")).to_contain_text("Maya Newchild")

    page.get_by_role("link", name="Add an adult").click()
    page.locator("#id_name").fill("Mel Mum")
    page.get_by_label("Relationship").fill("Mother")
    page.get_by_label("Email").fill(PARENT_EMAIL)
    page.get_by_label("Has parental responsibility").check()
    page.get_by_label("The child normally lives with them").check()
    page.get_by_label("May receive information about the child").check()
    page.get_by_label("Emergency contact").check()
    page.get_by_label("Invite them to the portal").check()
    screenshot(page, "family-add-adult")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text(f"invitation at {PARENT_EMAIL}")

    message = invitation_email(PARENT_EMAIL)
    assert message is not None
    link = re.findall(r"https?://\S+/invitation/\S+/", message.body)[0]
    sign_out(page)

    page.goto(live_server.url + urlsplit(link).path)
    page.get_by_label("Your full name").fill("Mel Mum")
    page.locator("[name=password1]").fill("Wren-meadow-4417")
    page.locator("[name=password2]").fill("Wren-meadow-4417")
    page.locator("form[action='/accounts/signup/'] button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Hello, Mel")
    page.get_by_role("link", name="Finish registering Maya").click()
    expect(page.locator("h1")).to_contain_text("Registering Maya Newchild")
    assert_accessible(page)

    # Signing too early explains what is missing.
    page.get_by_label("Type your full name to sign").fill("Mel Mum")
    page.get_by_label("I have read the agreement and I agree to it").check()
    page.get_by_role("button", name="Sign and finish registering").click()
    expect(page.locator("main")).to_contain_text("at least two emergency contacts")

    # Mel's own phone number, and a second emergency contact.
    page.get_by_role("link", name="change Mel Mum").click()
    page.get_by_label("Phone").fill("07700 900555")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add an adult").click()
    page.locator("#id_name").fill("Gwen Gran")
    page.get_by_label("Relationship").fill("Grandmother")
    page.get_by_label("Phone").fill("07700 900556")
    page.get_by_label("Emergency contact").check()
    page.get_by_label("May collect the child").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Registering Maya Newchild")

    page.get_by_role("link", name="Fill in All About Me").click()
    page.get_by_label("Things I like").fill("Puddles, diggers and the song about the bus.")
    page.get_by_label("What comforts me").fill("Her blue rabbit.")
    page.get_by_role("button", name="Save").click()

    page.get_by_label("Type your full name to sign").fill("Mel Mum")
    page.get_by_label("I have read the agreement and I agree to it").check()
    page.get_by_role("button", name="Sign and finish registering").click()
    expect(page.locator(".messages")).to_contain_text("registration is complete")
    screenshot(page, "family-registered")
    maya = Child.objects.get(first_name="Maya")
    assert maya.registration_completed_at is not None
    signature = AgreementSignature.objects.get(child=maya)
    assert signature.typed_name == "Mel Mum" and signature.agreement.version == 1
    assert len([m for m in mail.outbox if PARENT_EMAIL in m.to]) == 1


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_adds_an_allergy_and_the_key_person_sees_it(page, live_server, world,
                                                            sign_in):
    sign_in(world.users["parent"])
    page.get_by_role("link", name="Ava Parentchild").click()
    page.get_by_role("link", name="Add an allergy").click()
    page.get_by_label("Allergic to").fill("Kiwi fruit")
    page.get_by_label("Severity").select_option(label="Moderate")
    page.get_by_label("What to do").fill("Wipe her mouth, give antihistamine, ring me.")
    screenshot(page, "family-allergy-phone")
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-danger")).to_contain_text("Kiwi fruit")
    sign_out(page)

    sign_in(world.users["key_person"])
    flag = page.locator(".alert-warning").filter(has_text="to check")
    expect(flag).to_contain_text("1 change to check")
    flag.get_by_role("link", name="Check the changes").click()
    expect(page.locator("main")).to_contain_text("Kiwi fruit")
    screenshot(page, "keyperson-changes-phone")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Mark as seen")).click()
    expect(page.locator("main")).to_contain_text("Nothing to check")
    change = RecordChange.objects.get(area="allergies")
    assert change.reviewed_by == world.users["key_person"]
