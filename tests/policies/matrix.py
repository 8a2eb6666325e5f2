"""Authorization matrix: the policies app's URLs (see tests/test_authorization_matrix.py).

Policies belong to the setting, not to a child: every member of Acorn reads those published
for them (Casey too: the right to a child's information does not matter here). Managers
change them (403 for the others, who can see them); Riverside's manager and the superuser get
404. Questionnaires go to families only: practitioners get 403 on the list and 404 on one.
"""

from policies.models import ReviewComment
from tests.authz import expect
from tests.policies.factories import draft_of, open_review, published_policy, questionnaire

ACORN = {"manager": 200, "key_person": 200, "practitioner": 200, "parent": 200,
         "carer_no_info": 200, "other_parent": 200}
ACORN_302 = dict.fromkeys(ACORN, 302)
CHANGE = expect(404, **{**dict.fromkeys(ACORN, 403), "manager": 200})
FAMILIES = {"parent": 200, "carer_no_info": 200, "other_parent": 200}


def _policy(w):
    return {"policy_uuid": published_policy(w.setting_a).uuid}


def _with_draft(w):
    policy = published_policy(w.setting_a)
    draft_of(policy)
    return {"policy_uuid": policy.uuid}


def _version(w):
    return {"version_uuid": published_policy(w.setting_a).current_version.uuid}


def _review(w):
    return {"review_uuid": open_review(published_policy(w.setting_a), w.users["manager"]).uuid}


def _comment(w):
    review = open_review(published_policy(w.setting_a), w.users["manager"])
    comment = ReviewComment.objects.create(review=review, author=w.users["parent"],
                                           body="Please add more about naps.")
    return {"comment_uuid": comment.uuid}


def _questionnaire(w):
    return {"questionnaire_uuid": questionnaire(w.setting_a, w.users["manager"]).uuid}


def _draft_question(w):
    q = questionnaire(w.setting_a, w.users["manager"], status="draft")
    return {"questionnaire_uuid": q.uuid, "question_uuid": q.questions.get(position=2).uuid}


FAMILY_403 = dict.fromkeys(FAMILIES, 403)

MATRIX = {
    # A superuser belongs to no setting: the list explains how to get one.
    "policies-list": ("get", None, expect(200)),
    "policies-new": ("get", None, expect(403, manager=200, other_setting=200)),
    "policies-detail": ("get", _policy, expect(404, **ACORN)),
    "policies-print": ("get", _policy, expect(404, **ACORN)),
    "policies-pdf": ("get", _policy, expect(404, **ACORN)),
    "policies-version": ("get", _version, expect(404, **ACORN)),
    "policies-edit": ("get", _policy, CHANGE),
    "policies-draft": ("get", _policy, CHANGE),
    "policies-publish": ("get", _with_draft, CHANGE),
    "policies-readers": ("get", _policy, CHANGE),
    "policies-review-open": ("get", _policy, CHANGE),
    # Confirming: a redirect back to the policy for every reader (managers may confirm too).
    "policies-confirm": ("post", _policy, expect(404, **ACORN_302)),
    # Chasing: the manager is redirected with a message.
    "policies-chase": ("post", _policy, expect(404, **{**dict.fromkeys(ACORN, 403),
                                                       "manager": 302})),
    "policies-review": ("get", _review, expect(404, **ACORN)),
    # An empty comment: the page comes back with the form's error.
    "policies-review-comment": ("post", _review, expect(404, **ACORN)),
    # Pat wrote the comment: she sees it but may not decide on it.
    "policies-comment-decide": ("post", _comment, expect(404, manager=302, parent=403)),
    "policies-questionnaires": ("get", None, expect(
        403, manager=200, other_setting=200, **FAMILIES)),
    "policies-questionnaire-new": ("get", None, expect(403, manager=200, other_setting=200)),
    "policies-questionnaire": ("get", _questionnaire, expect(404, manager=200, **FAMILIES)),
    # Empty forms come back with their errors for the manager (200); families 403.
    "policies-question-add": ("post", _questionnaire, expect(404, manager=200, **FAMILY_403)),
    # Questions change only while the questionnaire is a draft, which families do not see
    # (404). Once sent, families get 403 and the manager a refusal (test_questionnaires.py).
    "policies-question-edit": ("get", _draft_question, expect(404, manager=200)),
    # Removed: the manager is sent back to the questionnaire.
    "policies-question-remove": ("post", _draft_question, expect(404, manager=302)),
    "policies-questionnaire-send": ("post", _questionnaire, expect(
        404, manager=302, **FAMILY_403)),
    "policies-questionnaire-close": ("post", _questionnaire, expect(
        404, manager=302, **FAMILY_403)),
    "policies-questionnaire-answer": ("post", _questionnaire, expect(
        404, manager=403, **FAMILIES)),
    "policies-questionnaire-results": ("get", _questionnaire, expect(
        404, manager=200, **FAMILY_403)),
    "policies-action-point-add": ("post", _questionnaire, expect(
        404, manager=200, **FAMILY_403)),
    # Publishing the plan of an open questionnaire is refused with a message: a redirect.
    "policies-action-plan-publish": ("post", _questionnaire, expect(
        404, manager=302, **FAMILY_403)),
}
