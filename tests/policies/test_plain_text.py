"""Plain text only (issue #7, "Bad input"): HTML or script typed into policies, reviews and
questionnaires is refused with a clear message, and nothing is saved or changed.

The policy's own text is refused too: its layout is a few plain-text conventions ("## "
headings, "- " bullet points; preschool/lib/text.py), so it never needs tags, and the message
says how to lay it out instead."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from policies.models import (
    ActionPoint,
    HasAnswered,
    Policy,
    PolicyVersion,
    Questionnaire,
    Response,
    Review,
    ReviewComment,
)
from preschool.models import AuditEvent
from tests.policies.factories import draft_of, open_review, published_policy, questionnaire

MARKUP = ["<script>alert(1)</script>", "<b>hi</b>"]
MESSAGE = "Please write plain text: HTML or script tags"


def assert_refused(response):
    """The page is shown again (200) with the message; what was typed is shown back as text,
    never as markup."""
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page
    assert "<script>alert(1)" not in page and "<b>hi</b>" not in page
    return page


def _url(name, obj):
    return reverse(name, args=[obj.uuid])


@pytest.fixture
def policy(world):
    return published_policy(world.setting_a, title="Settling in")


@pytest.fixture
def manager(world):
    return world.client_for("manager")


# --- The library --------------------------------------------------------------------------

@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["title", "body"])
def test_a_new_policy(world, manager, field, markup):
    response = manager.post(reverse("policies-new"), {
        "title": "Sun safety", "category": "health", "audience": "everyone",
        "body": "## Hats\n- Every child wears a hat.", field: markup})
    page = assert_refused(response)
    if field == "body":
        assert "start a line with &quot;## &quot; for a heading" in page
    assert not Policy.objects.exists() and not PolicyVersion.objects.exists()


@pytest.mark.parametrize("markup", MARKUP)
def test_the_details_of_a_policy(world, manager, policy, markup):
    response = manager.post(_url("policies-edit", policy), {
        "title": markup, "category": policy.category, "audience": policy.audience})
    assert_refused(response)
    policy.refresh_from_db()
    assert policy.title == "Settling in"
    assert not AuditEvent.objects.filter(action="policy.details_changed").exists()


@pytest.mark.parametrize("markup", MARKUP)
def test_the_text_of_a_draft(world, manager, policy, markup):
    response = manager.post(_url("policies-draft", policy),
                            {"body": f"## Before your child starts\n{markup}"})
    page = assert_refused(response)
    assert "for a bullet point" in page
    assert list(PolicyVersion.objects.values_list("number", flat=True)) == [1]


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["chair_name", "manager_name", "change_summary"])
def test_publishing_a_version(world, manager, policy, field, markup):
    draft = draft_of(policy)
    response = manager.post(_url("policies-publish", policy), {
        "adopted_on": timezone.localdate().isoformat(),
        "next_review_on": (timezone.localdate() + timedelta(days=365)).isoformat(),
        "chair_name": "Cara Chair", "manager_name": "Mona Manager",
        "change_summary": "Shorter first visits.", field: markup})
    assert_refused(response)
    draft.refresh_from_db()
    policy.refresh_from_db()
    assert draft.published_at is None and policy.current_version.number == 1


# --- Reviews ----------------------------------------------------------------------------------

@pytest.mark.parametrize("markup", MARKUP)
def test_opening_a_review(world, manager, policy, markup):
    response = manager.post(_url("policies-review-open", policy), {
        "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "introduction": markup})
    assert_refused(response)
    assert not Review.objects.exists()


@pytest.mark.parametrize("markup", MARKUP)
def test_a_comment_on_a_review(world, policy, markup):
    review = open_review(policy, world.users["manager"])
    response = world.client_for("parent").post(_url("policies-review-comment", review),
                                               {"section": "", "body": markup})
    assert_refused(response)
    assert not ReviewComment.objects.exists()


@pytest.mark.parametrize("markup", MARKUP)
def test_the_managers_reply_to_a_comment(world, manager, policy, markup):
    review = open_review(policy, world.users["manager"])
    comment = ReviewComment.objects.create(review=review, author=world.users["parent"],
                                           body="Please keep home visits.")
    # The decisions sit on the review's page, one form per comment: the page comes back
    # with the message.
    response = manager.post(_url("policies-comment-decide", comment), {
        f"{comment.uuid}-decision": "answered", f"{comment.uuid}-reply": markup}, follow=True)
    assert_refused(response)
    comment.refresh_from_db()
    assert comment.decision == ReviewComment.Decision.PENDING and comment.reply == ""
    assert comment.decided_at is None


# --- Questionnaires ---------------------------------------------------------------------

@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["title", "introduction"])
def test_a_new_questionnaire(world, manager, field, markup):
    response = manager.post(reverse("policies-questionnaire-new"), {
        "title": "Autumn survey", "introduction": "Five minutes.", "is_confidential": "on",
        field: markup})
    assert_refused(response)
    assert not Questionnaire.objects.exists()


def _draft(world):
    return questionnaire(world.setting_a, world.users["manager"],
                         status=Questionnaire.Status.DRAFT)


QUESTION = {"kind": "choice", "text": "Best day?", "choices": "Monday\nFriday"}


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["text", "choices"])
def test_adding_a_question(world, manager, field, markup):
    q = _draft(world)
    data = {**QUESTION, field: markup if field == "text" else f"Monday\n{markup}"}
    response = manager.post(_url("policies-question-add", q), data)
    assert_refused(response)
    assert q.questions.count() == 4


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["text", "choices"])
def test_changing_a_question(world, manager, field, markup):
    q = _draft(world)
    question = q.questions.get(position=2)
    data = {**QUESTION, field: markup if field == "text" else f"Email\n{markup}"}
    response = manager.post(reverse("policies-question-edit", args=[q.uuid, question.uuid]),
                            data)
    assert_refused(response)
    question.refresh_from_db()
    assert question.text == "Which newsletter do you prefer?"
    assert question.choices == ["Email", "Paper"]


@pytest.mark.parametrize("markup", MARKUP)
def test_a_free_text_answer(world, markup):
    q = questionnaire(world.setting_a, world.users["manager"])
    response = world.client_for("parent").post(_url("policies-questionnaire-answer", q), {
        "q1": "4", "q2": "Email", "q3": ["Sports day"], "q4": markup})
    assert_refused(response)
    assert not Response.objects.exists() and not HasAnswered.objects.exists()


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["you_said", "we_did"])
def test_a_you_said_we_did_point(world, manager, field, markup):
    q = questionnaire(world.setting_a, world.users["manager"])
    response = manager.post(_url("policies-action-point-add", q), {
        "you_said": "More outings", "we_did": "A trip to the farm.", field: markup})
    assert_refused(response)
    assert not ActionPoint.objects.exists()


@pytest.mark.parametrize("markup", MARKUP)
def test_publishing_the_plan(world, manager, markup):
    q = questionnaire(world.setting_a, world.users["manager"],
                      status=Questionnaire.Status.CLOSED)
    ActionPoint.objects.create(questionnaire=q, you_said="More outings", we_did="A farm trip.",
                               created_by=world.users["manager"])
    response = manager.post(_url("policies-action-plan-publish", q), {"introduction": markup})
    assert_refused(response)
    q.refresh_from_db()
    assert q.action_plan_published_at is None and q.action_plan_introduction == ""


def test_a_less_than_sign_that_is_not_a_tag_is_fine(world, manager, policy):
    review = open_review(policy, world.users["manager"])
    response = world.client_for("parent").post(_url("policies-review-comment", review), {
        "section": "", "body": "I <3 it. Keep groups small: 3 < 4."})
    assert response.status_code == 302
    assert ReviewComment.objects.get().body == "I <3 it. Keep groups small: 3 < 4."
    manager.post(_url("policies-draft", policy), {"body": "## Ratios\n- Under 2s: 1 < 4 <3"})
    assert PolicyVersion.objects.get(number=2).body == "## Ratios\n- Under 2s: 1 < 4 <3"
    q = questionnaire(world.setting_a, world.users["manager"])
    world.client_for("parent").post(_url("policies-questionnaire-answer", q), {
        "q1": "5", "q4": "I <3 it"})
    assert Response.objects.get().answers.get(question__position=4).text == "I <3 it"
