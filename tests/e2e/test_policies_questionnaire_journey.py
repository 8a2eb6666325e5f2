"""A manager builds a confidential questionnaire and sends it; a family answers it; the
manager sees the summary without their name and publishes "you said, we did"."""

import pytest
from playwright.sync_api import expect

from policies.models import HasAnswered, Response
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, open_manage, screenshot, sign_out

pytestmark = pytest.mark.e2e


def _phone_shot(page, name):
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_family_answers_a_confidential_questionnaire(page, live_server, world, sign_in):
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(world.users["manager"])
    open_manage(page, "Questionnaires")
    page.get_by_role("link", name="New questionnaire").click()
    page.get_by_label("Title").fill("Spring survey")
    expect(page.get_by_label("Confidential")).to_be_checked()
    page.get_by_role("button", name="Save").click()
    page.get_by_label("A rating from 1 (poor) to 5 (excellent)").check()
    page.locator("#id_text").fill("How welcome do you feel?")
    page.get_by_role("button", name="Add the question").click()
    page.get_by_label("Their own words").check()
    page.locator("#id_text").fill("What could we do better?")
    page.get_by_role("button", name="Add the question").click()
    page.get_by_label("Their own words").check()
    page.locator("#id_text").fill("Anything else?")
    page.get_by_role("button", name="Add the question").click()
    screenshot(page, "policies-questionnaire-builder")
    assert_accessible(page)
    # Until it is sent, questions can be changed and removed (with a confirmation).
    page.get_by_role("link", name="Change question 1").click()
    page.locator("#id_text").fill("How welcome do you feel here?")
    page.get_by_label("An answer is required").check()
    page.get_by_role("button", name="Save the question").click()
    expect(page.locator(".messages")).to_contain_text("Question 1 is saved.")
    page.get_by_role("button", name="Remove question 3").click()
    expect(page.locator(".messages")).to_contain_text("\u201cAnything else?\u201d is removed")
    questions = page.locator("#questions-heading + ol > li")
    expect(questions).to_have_count(2)
    expect(questions.first).to_contain_text("How welcome do you feel here?")
    page.get_by_role("button", name="Send to families").click()
    expect(page.locator(".messages")).to_contain_text("Sent to 3 families")
    sign_out(page)

    sign_in(world.users["parent"])
    page.get_by_role("link", name="Spring survey").click()
    expect(page.locator("main")).to_contain_text("we see your answers, but not who gave them")
    page.get_by_label("4 Very good").check()
    page.get_by_label("What could we do better?").fill("More outings to the woods, please.")
    assert_accessible(page)
    _phone_shot(page, "policies-questionnaire-answer")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".messages")).to_contain_text("your answers are sent")
    expect(page.locator("main")).to_contain_text("You have answered")
    assert HasAnswered.objects.filter(user=world.users["parent"]).exists()
    assert Response.objects.get().respondent is None
    sign_out(page)

    sign_in(world.users["manager"])
    open_manage(page, "Questionnaires")
    page.get_by_role("link", name="Spring survey").click()
    page.get_by_role("link", name="Results (1 answer)").click()
    main = page.locator("main")
    expect(main).to_contain_text("More outings to the woods, please.")
    expect(main).to_contain_text("average 4.0 out of 5")
    expect(main).not_to_contain_text("Pat Parent")
    screenshot(page, "policies-questionnaire-results")
    assert_accessible(page)
    _phone_shot(page, "policies-questionnaire-results")
    page.get_by_role("link", name="Spring survey").click()
    page.get_by_role("button", name="Close it").click()
    page.get_by_role("textbox", name="You said").fill("More outings to the woods.")
    page.get_by_role("textbox", name="We will / we did").fill(
        "A forest school morning every month.")
    page.get_by_role("button", name="Add to the plan").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published to families")
    sign_out(page)

    sign_in(world.users["other_parent"])
    page.get_by_role("link", name="Spring survey").click()
    expect(page.locator("main")).to_contain_text("A forest school morning every month.")
    screenshot(page, "policies-questionnaire-plan")
    assert_accessible(page)
