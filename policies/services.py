"""Policies, reviews and questionnaires: operations with side effects.

Each takes the acting user, runs in a transaction, is written to the audit trail and queues
its emails on commit (preschool/lib/reminders.py). A bad request raises ServiceError with a
message for the person, and changes nothing.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from notifications.models import Category
from notifications.services import notify
from policies.constants import MAX_REVIEW_DAYS
from policies.models import (
    ActionPoint,
    Answer,
    HasAnswered,
    Policy,
    PolicyVersion,
    Question,
    Questionnaire,
    ReadConfirmation,
    Response,
    Review,
    ReviewComment,
)
from policies.permissions import in_audience
from preschool.lib.reminders import Due, schedule, schedule_many
from preschool.lib.text import sections
from preschool.models import Membership, Role, log_action
from preschool.permissions import membership_in
from preschool.services import ServiceError


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message)
    return value


def _manager(actor, setting):
    membership = membership_in(actor, setting)
    if membership is None or not membership.can_manage_policies:
        raise ServiceError(_("Only the setting's managers can do this."))
    return membership


def readers_of(policy):
    """The members asked to confirm they have read a policy: families and/or practitioners,
    by its audience. Managers publish and sign policies, so they are not asked."""
    members = (Membership.objects.active().for_setting(policy.setting_id)
               .exclude(role=Role.MANAGER).select_related("user"))
    if policy.audience == Policy.Audience.FAMILIES:
        members = members.filter(role=Role.PARENT)
    elif policy.audience == Policy.Audience.STAFF:
        members = members.filter(role=Role.PRACTITIONER)
    return members


def _locked_policy(policy) -> Policy:
    return (Policy.objects.select_for_update(of=("self",))
            .select_related("current_version", "setting").get(pk=policy.pk))


# --- The library -----------------------------------------------------------------------------

@transaction.atomic
def create_policy(actor, setting, *, title: str, category: str, audience: str, body: str,
                  related=()) -> Policy:
    """A new policy, with its first version as a draft to publish when it is adopted."""
    _manager(actor, setting)
    title = _required(title, _("Give the policy a title."))
    body = _required(body, _("Write the policy's text."))
    policy = Policy.objects.create(setting=setting, title=title, category=category,
                                   audience=audience, created_by=actor)
    policy.related.set([p for p in related if p.setting_id == setting.pk])
    PolicyVersion.objects.create(policy=policy, number=1, body=body, created_by=actor)
    log_action(actor, "policy.created", policy)
    return policy


@transaction.atomic
def update_policy_details(actor, policy, *, title: str, category: str, audience: str,
                          related=()) -> Policy:
    """Title, category, audience and links to other policies (the text changes only through
    a new version)."""
    _manager(actor, policy.setting)
    policy = _locked_policy(policy)
    title = _required(title, _("Give the policy a title."))
    related = [p for p in related if p.setting_id == policy.setting_id and p.pk != policy.pk]
    before = {"title": policy.title, "category": policy.category, "audience": policy.audience,
              "related": sorted(str(p) for p in policy.related.all())}
    after = {"title": title, "category": category, "audience": audience,
             "related": sorted(str(p) for p in related)}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        policy.title, policy.category, policy.audience = title, category, audience
        policy.save(update_fields=["title", "category", "audience"])
        policy.related.set(related)
        log_action(actor, "policy.details_changed", policy, changes=changes)
    return policy


def draft_of(policy):
    return PolicyVersion.objects.filter(policy=policy, published_at__isnull=True).first()


def _start_draft(actor, policy) -> PolicyVersion:
    draft = draft_of(policy)
    if draft is not None:
        return draft
    if policy.current_version is None:
        raise ServiceError(_("This policy has no text yet."))
    number = (PolicyVersion.objects.filter(policy=policy).aggregate(n=Max("number"))["n"]
              or 0) + 1
    return PolicyVersion.objects.create(policy=policy, number=number,
                                        body=policy.current_version.body, created_by=actor)


@transaction.atomic
def save_draft(actor, policy, *, body: str) -> PolicyVersion:
    """Change the text of the next version (created from the current one if needed)."""
    _manager(actor, policy.setting)
    policy = _locked_policy(policy)
    body = _required(body, _("Write the policy's text."))
    draft = _start_draft(actor, policy)
    if draft.body != body:
        draft.body = body
        draft.save(update_fields=["body", "updated_at"])
        log_action(actor, "policy.draft_changed", policy,
                   changes={"version": draft.number})
    return draft


@transaction.atomic
def publish(actor, policy, *, adopted_on, next_review_on, chair_name: str, manager_name: str,
            change_summary: str = "") -> PolicyVersion:
    """Publish the draft as the current version, signed by the chair and the manager.

    A review of it must have a decision on every comment; publishing closes the review and
    tells each commenter what became of their comments. The readers are then asked to
    confirm they have read the new version (their home page shows it).
    """
    _manager(actor, policy.setting)
    policy = _locked_policy(policy)
    draft = draft_of(policy)
    if draft is None:
        raise ServiceError(_("There is no new version to publish: change the text first."))
    chair_name = _required(chair_name, _("Type the name of the chair who signed it."))
    manager_name = _required(manager_name, _("Type the name of the manager who signed it."))
    if adopted_on is None or next_review_on is None:
        raise ServiceError(_("Give the date it was adopted and the date of its next review."))
    if adopted_on > timezone.localdate():
        raise ServiceError(_("The date it was adopted is in the future."))
    if next_review_on <= adopted_on:
        raise ServiceError(_("The next review must come after the date it was adopted."))
    change_summary = change_summary.strip()
    if draft.number > 1 and not change_summary:
        raise ServiceError(_("Summarise what has changed, for the people who read it."))
    review = Review.objects.open().select_for_update(of=("self",)).filter(policy=policy).first()
    if review is not None:
        waiting = review.comments.filter(decision=ReviewComment.Decision.PENDING).count()
        if waiting:
            raise ServiceError(ngettext(
                "%(count)s comment still needs a decision: mark each as adopted, answered or "
                "declined first.",
                "%(count)s comments still need a decision: mark each as adopted, answered or "
                "declined first.", waiting) % {"count": waiting})
    draft.adopted_on, draft.next_review_on = adopted_on, next_review_on
    draft.chair_name, draft.manager_name = chair_name, manager_name
    draft.change_summary = change_summary or "First version."
    draft.published_at, draft.published_by = timezone.now(), actor
    draft.save()
    policy.current_version = draft
    policy.save(update_fields=["current_version"])
    if review is not None:
        review.closed_at = timezone.now()
        review.save(update_fields=["closed_at"])
        commenters = {c.author for c in review.comments.select_related("author")}
        for user in commenters:
            schedule("policies-comment-outcome", object_key=str(review.uuid),
                     recipient_email=user.email, recipient=user, setting=policy.setting)
    log_action(actor, "policy.published", policy,
               changes={"version": draft.number, "adopted_on": str(adopted_on),
                        "next_review_on": str(next_review_on),
                        "review": str(review.uuid) if review else None})
    return draft


@transaction.atomic
def confirm_read(actor, policy) -> ReadConfirmation:
    """The person confirms they have read and understood the current version."""
    membership = membership_in(actor, policy.setting)
    if membership is None or not in_audience(membership, policy):
        raise ServiceError(_("This policy is not one you are asked to read."))
    version = policy.current_version
    if version is None:
        raise ServiceError(_("This policy has not been published yet."))
    try:
        with transaction.atomic():
            confirmation = ReadConfirmation.objects.create(version=version, user=actor)
    except IntegrityError:
        raise ServiceError(_("You have already confirmed you have read this version. "
                           "Thank you.")) from None
    log_action(actor, "policy.read_confirmed", policy,
               changes={"version": version.number})
    return confirmation


@transaction.atomic
def chase_readers(actor, policy) -> int:
    """Email everyone asked to read the current version who has not confirmed yet (once a
    day at most: the reminder's key holds the date)."""
    _manager(actor, policy.setting)
    version = policy.current_version
    if version is None:
        raise ServiceError(_("This policy has not been published yet."))
    confirmed = set(ReadConfirmation.objects.filter(version=version)
                    .values_list("user_id", flat=True))
    waiting = [m.user for m in readers_of(policy) if m.user_id not in confirmed]
    if not waiting:
        raise ServiceError(_("Everyone has confirmed they have read it."))
    schedule_many("policies-read-chase", [
        Due(object_key=str(version.uuid), recipient_email=user.email, recipient=user,
            setting=policy.setting) for user in waiting])
    log_action(actor, "policy.readers_chased", policy,
               changes={"version": version.number, "people": len(waiting)})
    return len(waiting)


# --- Reviews ----------------------------------------------------------------------------------

@transaction.atomic
def open_review(actor, policy, *, closes_on, introduction: str = "") -> Review:
    """Open the policy's next version to comments until ``closes_on``; its readers are
    invited by email and on their home page."""
    _manager(actor, policy.setting)
    policy = _locked_policy(policy)
    if Review.objects.open().filter(policy=policy).exists():
        raise ServiceError(_("A review of this policy is already open."))
    today = timezone.localdate()
    if closes_on is None or closes_on <= today:
        raise ServiceError(_("Choose a closing date after today, so people have time to "
                           "comment."))
    if closes_on > today + timedelta(days=MAX_REVIEW_DAYS):
        raise ServiceError(_("A review can stay open for at most %(days)s days.")
                           % {"days": MAX_REVIEW_DAYS})
    draft = _start_draft(actor, policy)
    review = Review.objects.create(policy=policy, draft=draft, closes_on=closes_on,
                                   introduction=introduction.strip(), opened_by=actor)
    readers = list(readers_of(policy))
    schedule_many("policies-review-opened", [
        Due(object_key=str(review.uuid), recipient_email=member.user.email,
            recipient=member.user, setting=policy.setting) for member in readers])
    # The title made lazily: notify() writes it in each reader's language.
    notify(setting=policy.setting,
           recipients=[member.user for member in readers if member.user != actor],
           category=Category.POLICY_REVIEW,
           title=lazy(lambda: _("%(policy)s: open for your comments until %(date)s") % {
               "policy": policy.title, "date": date_format(closes_on, "d F")}, str)(),
           url=reverse("policies-review", args=[review.uuid]), emailed_by_app=True)
    log_action(actor, "policy.review_opened", policy,
               changes={"closes_on": str(closes_on), "version": draft.number})
    return review


@transaction.atomic
def add_comment(actor, review, *, section: str, body: str) -> ReviewComment:
    """A comment on the review's draft, on the whole policy (``section`` "") or a section."""
    review = Review.objects.select_for_update(of=("self",)).select_related("policy", "draft").get(
        pk=review.pk)
    membership = membership_in(actor, review.policy.setting)
    if (membership is None or not membership.can_comment_on_policy_reviews
            or not in_audience(membership, review.policy)):
        raise ServiceError(_("You cannot comment on this policy."))
    if not review.is_taking_comments:
        raise ServiceError(_("This review closed on %(date)s; comments are no longer taken. "
                             "Please speak to the manager.")
                           % {"date": date_format(review.closes_on, "j E Y")})
    body = _required(body, _("Write your comment first."))
    section = (section or "").strip()
    if section and section not in sections(review.draft.body):
        raise ServiceError(_("Choose one of the policy's sections, or the whole policy."))
    comment = ReviewComment.objects.create(review=review, author=actor, section=section,
                                           body=body)
    log_action(actor, "policy.commented", review.policy,
               changes={"section": section or "whole policy"})
    return comment


@transaction.atomic
def decide_comment(actor, comment, *, decision: str, reply: str = "") -> ReviewComment:
    """Mark a comment adopted, answered or declined, with a reply for the commenter."""
    comment = ReviewComment.objects.select_for_update(of=("self",)).select_related(
        "review__policy").get(pk=comment.pk)
    _manager(actor, comment.review.policy.setting)
    if comment.review.closed_at is not None:
        raise ServiceError(_("This review is finished: the new version has been published."))
    if decision not in (ReviewComment.Decision.ADOPTED, ReviewComment.Decision.ANSWERED,
                        ReviewComment.Decision.DECLINED):
        raise ServiceError(_("Choose adopted, answered or declined."))
    reply = reply.strip()
    if decision != ReviewComment.Decision.ADOPTED and not reply:
        raise ServiceError(_("Write a reply, so the person knows why."))
    comment.decision, comment.reply = decision, reply
    comment.decided_by, comment.decided_at = actor, timezone.now()
    comment.save(update_fields=["decision", "reply", "decided_by", "decided_at"])
    log_action(actor, "policy.comment_decided", comment.review.policy,
               changes={"decision": decision})
    return comment


# --- Questionnaires ---------------------------------------------------------------------------

def families_of(setting):
    return (Membership.objects.active().for_setting(setting).filter(role=Role.PARENT)
            .select_related("user"))


@transaction.atomic
def create_questionnaire(actor, setting, *, title: str, introduction: str = "",
                         is_confidential: bool = True, closes_on=None) -> Questionnaire:
    _manager(actor, setting)
    title = _required(title, _("Give the questionnaire a title."))
    if closes_on is not None and closes_on < timezone.localdate():
        raise ServiceError(_("The closing date has passed."))
    questionnaire = Questionnaire.objects.create(
        setting=setting, title=title, introduction=introduction.strip(),
        is_confidential=is_confidential, closes_on=closes_on, created_by=actor)
    log_action(actor, "questionnaire.created", questionnaire,
               changes={"confidential": is_confidential})
    return questionnaire


def _locked_questionnaire(questionnaire) -> Questionnaire:
    return Questionnaire.objects.select_for_update(of=("self",)).select_related("setting").get(
        pk=questionnaire.pk)


QUESTIONS_LOCKED = gettext_noop("This questionnaire has been sent: its questions cannot change "
                                "any more, so every family answers the same questions.")


def _still_a_draft(questionnaire) -> None:
    if questionnaire.status != Questionnaire.Status.DRAFT:
        raise ServiceError(_(QUESTIONS_LOCKED))


def _question_fields(kind: str, text: str, choices) -> tuple[str, str, list[str]]:
    """The kind, text and choices of a question, checked; choices only for the kinds with a
    list."""
    if kind not in Question.Kind.values:
        raise ServiceError(_("Choose the kind of answer."))
    text = _required(text, _("Write the question."))
    choices = [c.strip() for c in choices if c and c.strip()]
    if kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE):
        if len(choices) < 2:
            raise ServiceError(_("Give at least two choices, one on each line."))
        if len(set(choices)) != len(choices):
            raise ServiceError(_("Each choice should be different."))
    else:
        choices = []
    return kind, text, choices


@transaction.atomic
def add_question(actor, questionnaire, *, kind: str, text: str, choices=(),
                 required: bool = False) -> Question:
    questionnaire = _locked_questionnaire(questionnaire)
    _manager(actor, questionnaire.setting)
    _still_a_draft(questionnaire)
    kind, text, choices = _question_fields(kind, text, choices)
    position = (questionnaire.questions.aggregate(n=Max("position"))["n"] or 0) + 1
    question = Question.objects.create(questionnaire=questionnaire, position=position,
                                       kind=kind, text=text, choices=choices,
                                       required=required)
    log_action(actor, "questionnaire.question_added", questionnaire)
    return question


def _question_of(questionnaire, question) -> Question:
    question = questionnaire.questions.filter(pk=question.pk).first()
    if question is None:
        raise ServiceError(_("This question has been removed."))
    return question


@transaction.atomic
def change_question(actor, question, *, kind: str, text: str, choices=(),
                    required: bool = False) -> Question:
    """Change a question (its kind, words, choices, whether it must be answered) while the
    questionnaire is a draft; once sent, its questions are locked."""
    questionnaire = _locked_questionnaire(question.questionnaire)
    _manager(actor, questionnaire.setting)
    _still_a_draft(questionnaire)
    question = _question_of(questionnaire, question)
    kind, text, choices = _question_fields(kind, text, choices)
    before = {"kind": question.kind, "text": question.text, "choices": question.choices,
              "required": question.required}
    after = {"kind": kind, "text": text, "choices": choices, "required": bool(required)}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        question.kind, question.text = kind, text
        question.choices, question.required = choices, bool(required)
        question.save(update_fields=["kind", "text", "choices", "required"])
        log_action(actor, "questionnaire.question_changed", questionnaire,
                   changes={"position": question.position, **changes})
    return question


@transaction.atomic
def remove_question(actor, question) -> None:
    """Remove a question (with its choices) while the questionnaire is a draft; the later
    questions move up, so they stay numbered 1, 2, 3."""
    questionnaire = _locked_questionnaire(question.questionnaire)
    _manager(actor, questionnaire.setting)
    _still_a_draft(questionnaire)
    question = _question_of(questionnaire, question)
    position, text = question.position, question.text
    # A draft has no answers (families answer only once it is sent), so nothing protects it.
    question.delete()
    # One at a time, lowest first: positions are unique within the questionnaire.
    for later in questionnaire.questions.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    log_action(actor, "questionnaire.question_removed", questionnaire,
               changes={"position": position, "text": text})


@transaction.atomic
def send_questionnaire(actor, questionnaire) -> int:
    """Open the questionnaire to families and email each of them. Returns how many."""
    questionnaire = _locked_questionnaire(questionnaire)
    _manager(actor, questionnaire.setting)
    if questionnaire.status != Questionnaire.Status.DRAFT:
        raise ServiceError(_("This questionnaire has already been sent."))
    if not questionnaire.questions.exists():
        raise ServiceError(_("Add at least one question first."))
    if questionnaire.closes_on is not None and questionnaire.closes_on < timezone.localdate():
        raise ServiceError(_("Its closing date has passed: create it again with a later date."))
    questionnaire.status, questionnaire.opened_at = Questionnaire.Status.OPEN, timezone.now()
    questionnaire.save(update_fields=["status", "opened_at"])
    families = list(families_of(questionnaire.setting))
    schedule_many("policies-questionnaire", [
        Due(object_key=str(questionnaire.uuid), recipient_email=member.user.email,
            recipient=member.user, setting=questionnaire.setting) for member in families])
    log_action(actor, "questionnaire.sent", questionnaire,
               changes={"families": len(families)})
    return len(families)


@transaction.atomic
def close_questionnaire(actor, questionnaire) -> Questionnaire:
    questionnaire = _locked_questionnaire(questionnaire)
    _manager(actor, questionnaire.setting)
    if questionnaire.status != Questionnaire.Status.OPEN:
        raise ServiceError(_("Only an open questionnaire can be closed."))
    questionnaire.status, questionnaire.closed_at = Questionnaire.Status.CLOSED, timezone.now()
    questionnaire.save(update_fields=["status", "closed_at"])
    log_action(actor, "questionnaire.closed", questionnaire)
    return questionnaire


ALREADY_ANSWERED = gettext_noop("You have already answered this questionnaire. Thank you!")


@transaction.atomic
def submit_answers(actor, questionnaire, answers: dict) -> None:
    """A family member answers, once. ``answers`` maps each Question to its value: a rating
    (int), a choice (str), choices (list of str) or text.

    For a confidential questionnaire the answers are stored with no name, no time and random
    keys; who has answered is a separate row with no link to them. The audit trail records
    that this person answered, never what.
    """
    membership = membership_in(actor, questionnaire.setting)
    if membership is None or not membership.is_family:
        raise ServiceError(_("Only families answer questionnaires."))
    questionnaire = _locked_questionnaire(questionnaire)
    if not questionnaire.is_open:
        if questionnaire.closing_date_passed:
            raise ServiceError(_("This questionnaire closed on %(date)s; answers are no longer "
                                 "taken.")
                               % {"date": date_format(questionnaire.closes_on, "j E Y")})
        raise ServiceError(_("This questionnaire is closed; answers are no longer taken."))
    rows = []
    for question in questionnaire.questions.all():
        value = answers.get(question)
        answer = Answer(question=question)
        if question.kind == Question.Kind.RATING:
            answer.rating = None if value is None or value == "" else int(value)
            empty = answer.rating is None
            if not empty and answer.rating not in range(1, 6):
                raise ServiceError(_("Choose a rating from 1 to 5."))
        elif question.kind == Question.Kind.TEXT:
            answer.text = (value or "").strip()
            empty = not answer.text
        else:
            picked = value if isinstance(value, list | tuple) else ([value] if value else [])
            if any(p not in question.choices for p in picked):
                raise ServiceError(_("Choose from the choices given for \"%(question)s\".")
                                   % {"question": question.text})
            answer.choices = list(picked)
            empty = not picked
        if empty:
            if question.required:
                raise ServiceError(_("Please answer \"%(question)s\".")
                                   % {"question": question.text})
            continue
        rows.append(answer)
    if not rows:
        raise ServiceError(_("Answer at least one question."))
    try:
        with transaction.atomic():
            HasAnswered.objects.create(questionnaire=questionnaire, user=actor)
    except IntegrityError:
        raise ServiceError(_(ALREADY_ANSWERED)) from None
    confidential = questionnaire.is_confidential
    response = Response.objects.create(
        questionnaire=questionnaire, respondent=None if confidential else actor,
        submitted_on=None if confidential else timezone.localdate())
    for answer in rows:
        answer.response = response
    Answer.objects.bulk_create(rows)
    log_action(actor, "questionnaire.answered", questionnaire)


@transaction.atomic
def add_action_point(actor, questionnaire, *, you_said: str, we_did: str) -> ActionPoint:
    questionnaire = _locked_questionnaire(questionnaire)
    _manager(actor, questionnaire.setting)
    if questionnaire.status == Questionnaire.Status.DRAFT:
        raise ServiceError(_("Send the questionnaire first: the plan answers what families said."))
    point = ActionPoint.objects.create(
        questionnaire=questionnaire, created_by=actor,
        you_said=_required(you_said, _("Write what families said.")),
        we_did=_required(we_did, _("Write what you will do, or have done.")))
    log_action(actor, "questionnaire.action_point_added", questionnaire)
    return point


@transaction.atomic
def publish_action_plan(actor, questionnaire, *, introduction: str = "") -> Questionnaire:
    """Show the "you said, we did" plan to families (points added later appear at once)."""
    questionnaire = _locked_questionnaire(questionnaire)
    _manager(actor, questionnaire.setting)
    # Closed by the manager, or past its closing date (then it takes no more answers either).
    if questionnaire.shown_status != Questionnaire.Status.CLOSED:
        raise ServiceError(_("Close the questionnaire before publishing the plan, so it answers "
                           "everyone's views."))
    if questionnaire.action_plan_published_at is not None:
        raise ServiceError(_("The plan is already published; new points appear at once."))
    if not questionnaire.action_points.exists():
        raise ServiceError(_("Add at least one \"you said, we did\" point first."))
    questionnaire.action_plan_introduction = introduction.strip()
    questionnaire.action_plan_published_at = timezone.now()
    questionnaire.save(update_fields=["action_plan_introduction", "action_plan_published_at"])
    log_action(actor, "questionnaire.action_plan_published", questionnaire)
    return questionnaire
