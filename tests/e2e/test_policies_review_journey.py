"""A manager opens a review of a policy; two parents comment on it; the manager decides on
each comment and publishes the new version; the parents are told what became of their
comments and confirm they have read it."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from policies.models import ReadConfirmation, ReviewComment
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_out
from tests.policies.factories import published_policy

pytestmark = pytest.mark.e2e


def _phone_shot(page, name):
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)


def _comment(page, sign_in, user, section, words):
    sign_in(user)
    page.locator(".card").filter(has_text="Have your say on a policy").get_by_role(
        "link", name="Settling in").click()
    expect(page.locator("h1")).to_have_text("Review of Settling in")
    page.get_by_label("Your comment is about").select_option(label=section)
    page.get_by_role("textbox", name="Your comment").fill(words)
    page.get_by_role("button", name="Send my comment").click()
    expect(page.locator(".messages")).to_contain_text("your comment is sent")
    expect(page.locator("#your-comments").locator("..")).to_contain_text(words)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_policy_is_reviewed_with_parents_and_republished(page, live_server, world, sign_in):
    page.on("dialog", lambda dialog: dialog.accept())
    policy = published_policy(world.setting_a, title="Settling in")

    sign_in(world.users["manager"])
    page.locator("#nav-main").get_by_role("link", name="Policies").click()
    page.get_by_role("link", name="Settling in").click()
    page.get_by_role("link", name="Open a review for comments").click()
    page.get_by_label("What would you like people to look at?").fill(
        "We would like to make the first visits shorter.")
    assert_accessible(page)
    page.get_by_role("button", name="Open the review").click()
    expect(page.locator(".messages")).to_contain_text("The review is open")
    sign_out(page)

    _comment(page, sign_in, world.users["parent"],
             "The section \u201cBefore your child starts\u201d",
             "Please keep the home visit: it helped us a lot.")
    screenshot(page, "policies-review-parent")
    assert_accessible(page)
    _phone_shot(page, "policies-review-parent")
    sign_out(page)
    _comment(page, sign_in, world.users["other_parent"], "The whole policy",
             "Could you add a settling-in diary?")
    sign_out(page)

    sign_in(world.users["manager"])
    page.locator(".card").filter(has_text="Open reviews").get_by_role(
        "link", name="Settling in").click()
    expect(page.locator("main")).to_contain_text("2 waiting for a decision")
    home_visit = ReviewComment.objects.get(author=world.users["parent"])
    diary = ReviewComment.objects.get(author=world.users["other_parent"])
    item = page.locator(f"#comment-{home_visit.uuid}")
    item.get_by_label("Answered").check()
    item.get_by_label("Reply to Pat Parent").fill("The home visit stays.")
    item.get_by_role("button", name="Save decision").click()
    expect(page.locator(".messages")).to_contain_text("Decision saved")
    item = page.locator(f"#comment-{diary.uuid}")
    item.get_by_label("Adopted: the policy was changed").check()
    item.get_by_role("button", name="Save decision").click()
    expect(page.locator("main")).to_contain_text("0 waiting for a decision")
    screenshot(page, "policies-review-manager")
    assert_accessible(page)
    _phone_shot(page, "policies-review-manager")
    page.get_by_role("link", name="Edit the draft").click()
    body = page.get_by_label("The policy")
    body.fill(body.input_value() + "\n## A settling-in diary\nWe write a short diary each day.")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("link", name="Publish the new version").click()
    expect(page.locator("main")).to_contain_text("Every comment from the review has a decision")
    page.get_by_label("Signed by the chair (type their name)").fill("Cara Chair")
    page.get_by_label("Summary of changes").fill("A settling-in diary for every new child.")
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("Version 2 is published")
    policy.refresh_from_db()
    assert policy.current_version.number == 2
    told = {m.to[0]: m.body for m in mail.outbox if "What became of" in m.subject}
    assert "The home visit stays." in told["parent@example.org"]
    assert "Adopted" in told["other.parent@example.org"]
    sign_out(page)

    for persona in ("parent", "other_parent"):
        sign_in(world.users[persona])
        card = page.locator("section").filter(has_text="Please read and confirm").last
        card.get_by_role("link", name="Settling in").click()
        expect(page.locator("main")).to_contain_text("A settling-in diary for every new child.")
        page.get_by_role("button", name="I have read and understood it").click()
        expect(page.locator(".messages")).to_contain_text("Thank you for confirming")
        if persona == "parent":
            screenshot(page, "policies-policy-confirmed")
            assert_accessible(page)
            _phone_shot(page, "policies-policy-confirmed")
        sign_out(page)
    assert set(ReadConfirmation.objects.filter(version=policy.current_version)
               .values_list("user__email", flat=True)) == {"parent@example.org",
                                                           "other.parent@example.org"}

    sign_in(world.users["manager"])
    page.goto(f"{live_server.url}/policies/{policy.uuid}/readers/")
    expect(page.locator("main")).to_contain_text("2 of 5 have confirmed")
    screenshot(page, "policies-readers")
    assert_accessible(page)
