"""Who may read, change and comment on policies, and answer questionnaires.

- Managers (``Membership.can_manage_policies``) write policies, publish versions, open
  reviews, decide on comments, see who has read what, and build questionnaires.
- Staff read every published policy; families read the published policies meant for
  families. Each is asked to confirm they have read the versions meant for them.
- Anyone who may read a policy may comment on it while a review is open
  (``Membership.can_comment_on_policy_reviews``); they see their own comments and what became
  of them, while managers see all of them.
- Families answer questionnaires sent to them, once each, and read the published plan.

Answers follow the portal's convention (preschool/permissions.py): something of another
setting, or that one may not see, is 404; something visible that one may not change is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from preschool.permissions import capability, membership_in, parse_uuid

can_manage_policies = capability("can_manage_policies", "policies")
is_family = capability("is_family", "policies")

rules.add_perm("policies.manage", can_manage_policies)
rules.add_perm("policies.manage_questionnaires", can_manage_policies)
rules.add_perm("policies.see_questionnaires", can_manage_policies | is_family)


def audience_q(membership, prefix: str = "") -> Q:
    """Policies whose audience includes this member (managers and staff: all of them)."""
    from policies.models import Policy

    if membership.is_staff_member:
        return Q()
    return Q(**{f"{prefix}audience__in": [Policy.Audience.EVERYONE, Policy.Audience.FAMILIES]})


def in_audience(membership, policy) -> bool:
    return membership.is_staff_member or policy.for_families


def visible_policies(request):
    """The policies of the current setting the person may read: for managers all of them
    (drafts too); for others, those published for their audience."""
    from policies.models import Policy

    membership = request.membership
    policies = Policy.objects.for_setting(request.setting)
    if membership.can_manage_policies:
        return policies
    return policies.published().filter(audience_q(membership))


def access_policy(request, policy_uuid, *, for_change: bool = False):
    """A policy of the current setting the person may read, else 404; with ``for_change``,
    also one they may manage, else 403.

    Families read only published policies meant for families; staff read every published
    policy; managers also see drafts.
    """
    membership = membership_in(request.user, request.setting)
    if membership is None:
        raise Http404
    policy = (visible_policies(request).filter(uuid=parse_uuid(policy_uuid))
              .select_related("current_version", "setting").first())
    if policy is None:
        raise Http404
    if for_change and not membership.can_manage_policies:
        raise PermissionDenied
    return policy


def access_version(request, version_uuid):
    """A version of a policy the person may read: published versions for its audience,
    drafts for managers only; else 404."""
    from policies.models import PolicyVersion

    membership = membership_in(request.user, request.setting)
    if membership is None:
        raise Http404
    version = (PolicyVersion.objects.filter(policy__setting=request.setting,
                                            uuid=parse_uuid(version_uuid))
               .select_related("policy__current_version", "published_by").first())
    if version is None or not in_audience(membership, version.policy):
        raise Http404
    if version.is_draft and not membership.can_manage_policies:
        raise Http404
    return version


def access_review(request, review_uuid):
    """A review of one of the current setting's policies, for members in the policy's
    audience (families: only policies meant for families); else 404."""
    from policies.models import Review

    membership = membership_in(request.user, request.setting)
    if membership is None:
        raise Http404
    review = (Review.objects.filter(policy__setting=request.setting,
                                    uuid=parse_uuid(review_uuid))
              .select_related("policy__current_version", "draft", "opened_by").first())
    if review is None or not in_audience(membership, review.policy):
        raise Http404
    return review


def access_comment_to_decide(request, comment_uuid):
    """A review comment of the current setting: 404 for those who may not see it (anyone but
    its author and managers), 403 for its author (who may not decide on it)."""
    from policies.models import ReviewComment

    membership = membership_in(request.user, request.setting)
    if membership is None:
        raise Http404
    comment = (ReviewComment.objects.filter(review__policy__setting=request.setting,
                                            uuid=parse_uuid(comment_uuid))
               .select_related("review__policy", "author").first())
    if comment is None:
        raise Http404
    if membership.can_manage_policies:
        return comment
    if comment.author_id == request.user.pk:
        raise PermissionDenied
    raise Http404


def access_questionnaire(request, questionnaire_uuid, *, for_change: bool = False):
    """A questionnaire of the current setting: managers see all of them; families see those
    sent (not drafts); practitioners, and anyone else, get 404. With ``for_change``, only
    managers (403 for families)."""
    from policies.models import Questionnaire

    membership = membership_in(request.user, request.setting)
    if membership is None:
        raise Http404
    questionnaire = (Questionnaire.objects.for_setting(request.setting)
                     .filter(uuid=parse_uuid(questionnaire_uuid)).first())
    if questionnaire is None:
        raise Http404
    if membership.can_manage_policies:
        return questionnaire
    if not membership.is_family or questionnaire.status == Questionnaire.Status.DRAFT:
        raise Http404
    if for_change:
        raise PermissionDenied
    return questionnaire


def access_question(request, questionnaire_uuid, question_uuid, *, for_change: bool = False):
    """A question of a questionnaire the person may see (as ``access_questionnaire``: 404,
    or 403 for families with ``for_change``); a question of another questionnaire, or none,
    is 404."""
    questionnaire = access_questionnaire(request, questionnaire_uuid, for_change=for_change)
    question = questionnaire.questions.filter(uuid=parse_uuid(question_uuid)).first()
    if question is None:
        raise Http404
    question.questionnaire = questionnaire
    return question
