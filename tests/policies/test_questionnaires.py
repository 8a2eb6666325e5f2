"""Questionnaires: built by the manager, sent to families, answered once each (confidential
answers are never linked to who gave them), summarised, and answered with an action plan."""

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from policies.models import Answer, HasAnswered, Question, Questionnaire, Response
from policies.results import summarise
from policies.services import (
    add_action_point,
    add_question,
    close_questionnaire,
    create_questionnaire,
    publish_action_plan,
    send_questionnaire,
    submit_answers,
)
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.policies.factories import questionnaire as make_questionnaire


def _url(name, q):
    return reverse(name, args=[q.uuid])


def _answer(world, q, persona="parent", follow=False, **data):
    form = {"q1": "4", "q2": "Email", "q3": ["Sports day"], "q4": "More outings.", **data}
    return world.client_for(persona).post(_url("policies-questionnaire-answer", q), form,
                                          follow=follow)


class TestBuildingAndSending:
    def test_the_manager_builds_a_questionnaire_and_sends_it_to_every_family(self, world,
                                                                             sent):
        client = world.client_for("manager")
        client.post(reverse("policies-questionnaire-new"), {
            "title": "Autumn survey", "introduction": "Five minutes.", "is_confidential": "on"})
        q = Questionnaire.objects.get()
        assert q.status == "draft" and q.is_confidential
        client.post(_url("policies-question-add", q), {"kind": "rating",
                                                        "text": "How are we doing?",
                                                        "required": "on"})
        response = client.post(_url("policies-question-add", q), {
            "kind": "choice", "text": "Best day?", "choices": "Monday"})
        assert "at least two choices" in response.content.decode()
        client.post(_url("policies-question-add", q), {
            "kind": "choice", "text": "Best day?", "choices": "Monday\nFriday\n"})
        assert list(q.questions.values_list("kind", "choices")) == [
            ("rating", []), ("choice", ["Monday", "Friday"])]
        # Families do not see a draft.
        assert world.client_for("parent").get(q.get_absolute_url()).status_code == 404
        with sent():
            client.post(_url("policies-questionnaire-send", q))
        q.refresh_from_db()
        assert q.status == "open"
        assert {m.to[0] for m in mail.outbox} == {
            "parent@example.org", "carer.no.info@example.org", "other.parent@example.org"}
        assert "confidential" in mail.outbox[0].body
        assert "Autumn survey" in world.client_for("parent").get(
            reverse("home")).content.decode()
        with pytest.raises(ServiceError, match="cannot change"):
            add_question(world.users["manager"], q, kind="text", text="Late question")

    def test_an_empty_questionnaire_is_not_sent(self, world):
        q = create_questionnaire(world.users["manager"], world.setting_a, title="Empty")
        with pytest.raises(ServiceError, match="at least one question"):
            send_questionnaire(world.users["manager"], q)


class TestAnswering:
    def test_a_confidential_answer_is_never_linked_to_the_family(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        response = _answer(world, q)
        assert response.status_code == 302
        assert HasAnswered.objects.filter(questionnaire=q, user=world.users["parent"]).exists()
        response_row = Response.objects.get()
        assert response_row.respondent is None and response_row.submitted_on is None
        # No column of the answers' tables points at a person or a time.
        for model in (Response, Answer):
            names = {f.name for f in model._meta.get_fields()}
            assert not names & {"user", "created_at", "answered_at"}
        assert not {f.name for f in HasAnswered._meta.get_fields()} & {"response", "answer"}
        # Random keys: their order says nothing about who answered first.
        assert Response._meta.pk.get_internal_type() == "UUIDField"
        assert Response._meta.pk.default is uuid.uuid4
        event = AuditEvent.objects.get(action="questionnaire.answered")
        assert event.actor == world.users["parent"] and event.changes == {}

    def test_a_family_member_answers_once(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        _answer(world, q)
        page = world.client_for("parent").get(q.get_absolute_url()).content.decode()
        assert "You have answered" in page and "Send my answers" not in page
        response = _answer(world, q, q4="Again!", follow=True)
        assert "already answered" in response.content.decode()
        with pytest.raises(ServiceError, match="already answered"):
            submit_answers(world.users["parent"], q, {q.questions.get(position=1): 5})
        assert Response.objects.count() == 1 and Answer.objects.filter(text="Again!").count() == 0

    def test_a_required_question_and_bad_choices_are_refused(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        response = _answer(world, q, q1="")
        assert "This field is required" in response.content.decode()
        response = _answer(world, q, q2="Carrier pigeon")
        assert "Select a valid choice" in response.content.decode()
        assert not Response.objects.exists() and not HasAnswered.objects.exists()

    def test_a_closed_questionnaire_takes_no_answers(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        close_questionnaire(world.users["manager"], q)
        page = world.client_for("parent").get(q.get_absolute_url()).content.decode()
        assert "This questionnaire is closed" in page
        with pytest.raises(ServiceError, match="closed"):
            submit_answers(world.users["parent"], q, {q.questions.get(position=1): 5})
        assert not Response.objects.exists()

    def test_staff_do_not_answer(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        assert _answer(world, q, persona="manager").status_code == 403
        with pytest.raises(ServiceError, match="Only families"):
            submit_answers(world.users["practitioner"], q, {})


class TestResults:
    def test_the_summary_counts_answers_and_names_nobody(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        _answer(world, q, q1="5", q3=["Sports day", "Stay and play"], q4="<i>More</i> trips")
        _answer(world, q, persona="other_parent", q1="3", q2="Paper", q3=["Sports day"],
                q4="")
        total, results = summarise(q)
        assert total == 2
        rating = results[0]
        assert rating.average == 4.0 and [b.count for b in rating.bars] == [0, 0, 1, 0, 1]
        assert [(b.label, b.count, b.percent) for b in results[2].bars] == [
            ("Stay and play", 1, 50), ("Sports day", 2, 100), ("Parents' evening", 0, 0)]
        assert results[3].texts == [("", "<i>More</i> trips")]
        page = world.client_for("manager").get(
            _url("policies-questionnaire-results", q)).content.decode()
        assert "Pat Parent" not in page and "Olly" not in page
        assert "&lt;i&gt;More&lt;/i&gt; trips" in page
        assert '<rect x="0" y="2" width="100" height="14" fill="#1e5b4f">' in page
        assert "style=" not in page and "<script>" not in page.split("<footer")[0]

    def test_a_questionnaire_that_is_not_confidential_shows_who_answered(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"], confidential=False)
        _answer(world, q, q4="Name me")
        total, results = summarise(q)
        assert results[3].texts == [("Pat Parent", "Name me")]
        assert Response.objects.get().respondent == world.users["parent"]


class TestActionPlan:
    def test_the_manager_publishes_you_said_we_did_to_families(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        _answer(world, q)
        client = world.client_for("manager")
        client.post(_url("policies-action-point-add", q), {
            "you_said": "More outings", "we_did": "A trip to the farm in May."})
        response = client.post(_url("policies-action-plan-publish", q), {"introduction": ""},
                               follow=True)
        assert "Close the questionnaire" in response.content.decode()
        close_questionnaire(world.users["manager"], q)
        client.post(_url("policies-action-plan-publish", q), {"introduction": "Thank you!"})
        q.refresh_from_db()
        assert q.action_plan_published_at is not None
        page = world.client_for("other_parent").get(q.get_absolute_url()).content.decode()
        assert "You said, we did" in page and "A trip to the farm in May." in page
        assert "You said, we did" in world.client_for("parent").get(
            reverse("home")).content.decode()
        with pytest.raises(ServiceError, match="already published"):
            publish_action_plan(world.users["manager"], q)

    def test_a_plan_needs_a_point(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"],
                               status=Questionnaire.Status.CLOSED)
        with pytest.raises(ServiceError, match="at least one"):
            publish_action_plan(world.users["manager"], q)
        with pytest.raises(ServiceError, match="what families said"):
            add_action_point(world.users["manager"], q, you_said=" ", we_did="x")


def test_families_list_shows_what_they_have_answered(world):
    q = make_questionnaire(world.setting_a, world.users["manager"])
    make_questionnaire(world.setting_a, world.users["manager"], title="Draft one",
                       status=Questionnaire.Status.DRAFT)
    _answer(world, q)
    page = world.client_for("parent").get(reverse("policies-questionnaires")).content.decode()
    assert "You answered" in page and "Draft one" not in page
    page = world.client_for("other_parent").get(
        reverse("policies-questionnaires")).content.decode()
    assert "Waiting for your answers" in page
    assert Question.objects.filter(questionnaire=q).count() == 4
