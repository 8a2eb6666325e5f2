"""Policies and questionnaires, for an adult: the policy versions they confirmed reading, the
comments they made on a policy under review (and what became of them), and their answers to
questionnaires that are not confidential.

Withheld: the answers to a confidential questionnaire. They are kept with no link to the
person who gave them (``policies.models.Questionnaire``), so they cannot be found: only that
the person answered is held.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext

from policies.models import Answer, HasAnswered, ReadConfirmation, Response, ReviewComment
from subject_access.collect.rows import row, value, with_people
from subject_access.parts import Part


def _answer(answer) -> dict:
    return row(answer, skip=("response", "question"), question=answer.question.text,
               question_kind_display=str(answer.question.get_kind_display()))


def for_adult(user, setting) -> Part:
    part = Part("policies", gettext("Policies and questionnaires"))
    part.records += [{"record_type": "policy_read", "policy": c.version.policy.title,
                      "version": c.version.number, "confirmed_at": value(c.confirmed_at)}
                     for c in ReadConfirmation.objects.filter(
                         user=user, version__policy__setting=setting)
                     .select_related("version__policy")]
    part.records += [row(c, skip=("review",), record_type="policy_comment",
                         policy=c.review.policy.title)
                     for c in with_people(ReviewComment.objects.filter(
                         author=user, review__policy__setting=setting), "review__policy")]
    responses = (Response.objects.filter(respondent=user, questionnaire__setting=setting)
                 .select_related("questionnaire")
                 .prefetch_related(Prefetch("answers", queryset=Answer.objects
                                            .select_related("question")
                                            .order_by("question__position"))))
    answered = set()
    for response in responses:
        answered.add(response.questionnaire_id)
        part.records.append({
            "record_type": "questionnaire_response", "questionnaire":
            response.questionnaire.title, "submitted_on": value(response.submitted_on),
            "answers": [_answer(a) for a in response.answers.all()]})
    confidential = [h.questionnaire for h in HasAnswered.objects.filter(
        user=user, questionnaire__setting=setting).select_related("questionnaire")
        if h.questionnaire_id not in answered]
    part.records += [{"record_type": "questionnaire_answered", "questionnaire": q.title,
                      "confidential": q.is_confidential} for q in confidential]
    if confidential:
        part.withheld.append(ngettext(
            "The answers to %(count)d confidential questionnaire cannot be given: they are "
            "kept with no link to the person who gave them.",
            "The answers to %(count)d confidential questionnaires cannot be given: they are "
            "kept with no link to the people who gave them.", len(confidential))
            % {"count": len(confidential)})
    return part
