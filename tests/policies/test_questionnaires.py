"""Questionnaires: built by the manager, sent to families, answered once each (confidential
answers are never linked to who gave them), summarised, and answered with an action plan."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from policies.models import ActionPoint, Answer, HasAnswered, Question, Questionnaire, Response
from policies.results import summarise
from policies.services import (
    QUESTIONS_LOCKED,
    add_action_point,
    add_question,
    change_question,
    close_questionnaire,
    create_questionnaire,
    publish_action_plan,
    remove_question,
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


def _question_url(name, question):
    return reverse(name, args=[question.questionnaire.uuid, question.uuid])


class TestChangingQuestions:
    """While the questionnaire is a draft the manager changes and removes questions; once
    sent they are locked, so every family answers the same questions."""

    @pytest.fixture
    def draft(self, world):
        return make_questionnaire(world.setting_a, world.users["manager"],
                                  status=Questionnaire.Status.DRAFT)

    def test_the_questionnaires_page_leads_to_each_question(self, world, draft):
        page = world.client_for("manager").get(draft.get_absolute_url()).content.decode()
        for question in draft.questions.all():
            assert _question_url("policies-question-edit", question) in page
            assert _question_url("policies-question-remove", question) in page
        assert 'data-confirm="Remove question 2 and its choices?"' in page

    def test_the_manager_changes_a_question_and_its_choices(self, world, draft):
        client = world.client_for("manager")
        question = draft.questions.get(position=2)
        page = client.get(_question_url("policies-question-edit", question)).content.decode()
        assert "Change question 2" in page and "Email\nPaper" in page
        response = client.post(_question_url("policies-question-edit", question), {
            "kind": "multiple", "text": "Which newsletters do you read?",
            "choices": "Email\nPaper\nNoticeboard", "required": "on"})
        assert response["Location"] == draft.get_absolute_url() + "#questions-heading"
        question.refresh_from_db()
        assert (question.kind, question.text, question.choices, question.required) == (
            "multiple", "Which newsletters do you read?", ["Email", "Paper", "Noticeboard"],
            True)
        event = AuditEvent.objects.get(action="questionnaire.question_changed")
        assert event.actor == world.users["manager"] and event.object_id == str(draft.uuid)
        assert event.changes["position"] == 2
        assert event.changes["kind"] == ["choice", "multiple"]
        assert event.changes["choices"] == [["Email", "Paper"], ["Email", "Paper", "Noticeboard"]]
        page = client.get(draft.get_absolute_url()).content.decode()
        assert "Question 2 is saved." in page and "Noticeboard" in page

    def test_a_rating_keeps_no_choices_and_saving_unchanged_logs_nothing(self, world, draft):
        question = draft.questions.get(position=2)
        change_question(world.users["manager"], question, kind="rating", text="Rate us",
                        choices=["Ignored", "Too"])
        question.refresh_from_db()
        assert question.kind == "rating" and question.choices == []
        change_question(world.users["manager"], question, kind="rating", text="Rate us")
        assert AuditEvent.objects.filter(action="questionnaire.question_changed").count() == 1

    def test_bad_input_comes_back_with_its_errors_and_nothing_changes(self, world, draft):
        question = draft.questions.get(position=2)
        response = world.client_for("manager").post(
            _question_url("policies-question-edit", question),
            {"kind": "choice", "text": " ", "choices": "Only one"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Write the question" in page and "at least two choices" in page
        question.refresh_from_db()
        assert question.text == "Which newsletter do you prefer?"
        assert question.choices == ["Email", "Paper"]
        assert not AuditEvent.objects.filter(action="questionnaire.question_changed").exists()

    def test_the_manager_removes_a_question_and_the_rest_move_up(self, world, draft):
        question = draft.questions.get(position=2)
        response = world.client_for("manager").post(
            _question_url("policies-question-remove", question), follow=True)
        assert "is removed" in response.content.decode()
        assert list(draft.questions.values_list("position", "text")) == [
            (1, "How welcome do you feel?"), (2, "Which events would you come to?"),
            (3, "What could we do better?")]
        event = AuditEvent.objects.get(action="questionnaire.question_removed")
        assert event.changes == {"position": 2, "text": "Which newsletter do you prefer?"}
        # The numbering holds when adding another, and when families answer it.
        add_question(world.users["manager"], draft, kind="text", text="Anything else?")
        assert list(draft.questions.values_list("position", flat=True)) == [1, 2, 3, 4]
        send_questionnaire(world.users["manager"], draft)
        response = world.client_for("parent").post(
            _url("policies-questionnaire-answer", draft),
            {"q1": "5", "q2": ["Sports day"], "q3": "More trips", "q4": "No"})
        assert response.status_code == 302
        assert sorted(a.question.text for a in Answer.objects.select_related("question")) == [
            "Anything else?", "How welcome do you feel?", "What could we do better?",
            "Which events would you come to?"]

    def test_a_question_of_another_questionnaire_is_not_found(self, world, draft):
        other = make_questionnaire(world.setting_a, world.users["manager"],
                                   status=Questionnaire.Status.DRAFT, title="Other")
        question = other.questions.get(position=1)
        client = world.client_for("manager")
        for name, method in (("policies-question-edit", client.get),
                             ("policies-question-remove", client.post)):
            url = reverse(name, args=[draft.uuid, question.uuid])
            assert method(url).status_code == 404
        assert client.get(reverse("policies-question-edit", args=[
            draft.uuid, "not-a-uuid"])).status_code == 404
        assert other.questions.count() == 4

    def test_once_sent_the_questions_are_locked(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        question = q.questions.get(position=2)
        client = world.client_for("manager")
        page = client.get(q.get_absolute_url()).content.decode()
        assert _question_url("policies-question-edit", question) not in page
        assert _question_url("policies-question-remove", question) not in page
        response = client.get(_question_url("policies-question-edit", question), follow=True)
        assert response.redirect_chain[-1][0] == q.get_absolute_url()
        assert QUESTIONS_LOCKED in response.content.decode()
        response = client.post(_question_url("policies-question-edit", question), {
            "kind": "text", "text": "Changed"}, follow=True)
        assert "its questions cannot change" in response.content.decode()
        response = client.post(_question_url("policies-question-remove", question),
                               follow=True)
        assert "its questions cannot change" in response.content.decode()
        with pytest.raises(ServiceError, match="cannot change"):
            change_question(world.users["manager"], question, kind="text", text="Changed")
        with pytest.raises(ServiceError, match="cannot change"):
            remove_question(world.users["manager"], question)
        question.refresh_from_db()
        assert question.text == "Which newsletter do you prefer?" and q.questions.count() == 4
        assert not AuditEvent.objects.filter(action__in=[
            "questionnaire.question_changed", "questionnaire.question_removed"]).exists()
        # Families see the sent questionnaire, but may not change it.
        parent = world.client_for("parent")
        assert parent.get(_question_url("policies-question-edit", question)).status_code == 403
        assert parent.post(_question_url("policies-question-remove",
                                         question)).status_code == 403

    def test_only_the_settings_managers_change_questions(self, world, draft):
        question = draft.questions.get(position=1)
        with pytest.raises(ServiceError, match="Only the setting's managers"):
            change_question(world.users["other_setting"], question, kind="text", text="Mine")
        with pytest.raises(ServiceError, match="Only the setting's managers"):
            remove_question(world.users["key_person"], question)
        assert draft.questions.count() == 4


class TestClosingDate:
    """A questionnaire past its closing date takes no more answers and shows as closed, on
    every page, though nobody has closed it by hand."""

    @pytest.fixture
    def past(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        Questionnaire.objects.filter(pk=q.pk).update(
            closes_on=timezone.localdate() - timedelta(days=1))
        q.refresh_from_db()
        return q

    def test_answers_are_refused_with_a_clear_message(self, world, past):
        response = _answer(world, past, follow=True)
        closed_on = past.closes_on.strftime("%-d %B %Y")
        assert f"This questionnaire closed on {closed_on}; answers are no longer taken" in (
            response.content.decode())
        assert not Response.objects.exists() and not HasAnswered.objects.exists()
        with pytest.raises(ServiceError, match="closed on"):
            submit_answers(world.users["parent"], past, {past.questions.get(position=1): 5})
        assert not Response.objects.exists()

    def test_it_shows_as_closed_to_families(self, world, past):
        client = world.client_for("parent")
        page = client.get(past.get_absolute_url()).content.decode()
        assert "This questionnaire is closed: answers were taken until" in page
        assert "Send my answers" not in page and "Open for answers" not in page
        page = client.get(reverse("policies-questionnaires")).content.decode()
        assert ">Closed</span>" in page and "closed on" in page
        assert "Waiting for your answers" not in page and "Open for answers" not in page
        assert past.title not in client.get(reverse("home")).content.decode()

    def test_it_shows_as_closed_to_the_manager_who_can_publish_the_plan(self, world, past):
        client = world.client_for("manager")
        page = client.get(past.get_absolute_url()).content.decode()
        assert ">Closed</span>" in page and "Open for answers" not in page
        assert "Close it" not in page
        page = client.get(reverse("policies-questionnaires")).content.decode()
        assert ">Closed</span>" in page and "Open for answers" not in page
        assert "Open questionnaires" not in client.get(reverse("home")).content.decode()
        add_action_point(world.users["manager"], past, you_said="More trips",
                         we_did="A farm trip.")
        client.post(_url("policies-action-plan-publish", past), {"introduction": "Thanks!"})
        past.refresh_from_db()
        assert past.action_plan_published_at is not None and ActionPoint.objects.count() == 1

    def test_answers_are_taken_until_the_end_of_the_closing_day(self, world):
        q = make_questionnaire(world.setting_a, world.users["manager"])
        Questionnaire.objects.filter(pk=q.pk).update(closes_on=timezone.localdate())
        q.refresh_from_db()
        assert q.is_open and q.shown_status == "open"
        assert q.title in world.client_for("parent").get(reverse("home")).content.decode()
        assert _answer(world, q).status_code == 302
        assert Response.objects.count() == 1
        assert "Open questionnaires" in world.client_for("manager").get(
            reverse("home")).content.decode()


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
        _answer(world, q, q1="5", q3=["Sports day", "Stay and play"], q4="More & trips")
        # Tags typed in the form are refused (test_plain_text.py); any that reach the
        # answers another way are still shown only as text.
        Answer.objects.filter(text="More & trips").update(text="<i>More</i> trips")
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
