"""Policy and questionnaire emails (see preschool/lib/reminders.py for how due emails work).

- ``policies-review-due``: managers, 30 days before a policy's next review date and on the
  day (``constants.REVIEW_REMINDER_DAYS_BEFORE``), unless a review is already open.
- ``policies-review-opened``: the policy's readers are invited to comment.
- ``policies-comment-outcome``: each commenter, when the new version is published, hears
  what became of their comments.
- ``policies-read-chase``: a reader who has not confirmed the current version, when the
  manager chases.
- ``policies-questionnaire``: each family, when a questionnaire is sent.

Each email is rebuilt just before sending, and dropped when no longer right (a newer
version, a closed review, already confirmed or answered, the person has left the setting).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from policies.constants import REMINDER_HOUR, REVIEW_REMINDER_DAYS_BEFORE
from policies.models import (
    HasAnswered,
    Policy,
    PolicyVersion,
    Questionnaire,
    ReadConfirmation,
    Review,
)
from policies.permissions import in_audience
from preschool.lib.reminders import Due, ReminderKind, register
from preschool.models import Membership, Role


def _url(name, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _membership(user, setting_id):
    if user is None or not user.is_active:
        return None
    return Membership.objects.active().filter(user=user, setting=setting_id).first()


# --- Next review date -------------------------------------------------------------------------

def _review_due_scan(now):
    """Current versions whose next review is within the notice period (or passed in the last
    week, so a missed scan still reminds), for policies with no open review."""
    today = timezone.localdate(now)
    notice = max(REVIEW_REMINDER_DAYS_BEFORE)
    versions = list(
        PolicyVersion.objects.filter(
            pk__in=Policy.objects.published().values("current_version"),
            next_review_on__lte=today + timedelta(days=notice),
            next_review_on__gte=today - timedelta(days=7))
        .exclude(Exists(Review.objects.open().filter(policy=OuterRef("policy"))))
        .select_related("policy__setting"))
    managers = {}
    for m in (Membership.objects.active().filter(
            role=Role.MANAGER, setting__in={v.policy.setting_id for v in versions})
            .select_related("user")):
        managers.setdefault(m.setting_id, []).append(m.user)
    for version in versions:
        reached = [d for d in sorted(REVIEW_REMINDER_DAYS_BEFORE, reverse=True)
                   if version.next_review_on - timedelta(days=d) <= today]
        if not reached:
            continue
        days = reached[-1]
        due_at = timezone.make_aware(datetime.combine(
            version.next_review_on - timedelta(days=days), time(REMINDER_HOUR)))
        for user in managers.get(version.policy.setting_id, []):
            yield Due(object_key=f"{version.uuid}:{days}", recipient_email=user.email,
                      recipient=user, due_at=due_at, setting=version.policy.setting)


def _version(reminder):
    return (PolicyVersion.objects.select_related("policy__setting", "policy__current_version")
            .filter(uuid=reminder.object_key.split(":")[0]).first())


def _review_due_context(reminder):
    version = _version(reminder)
    if version is None or version.policy.current_version_id != version.pk:
        return None
    membership = _membership(reminder.recipient, version.policy.setting_id)
    if membership is None or not membership.can_manage_policies:
        return None
    if Review.objects.open().filter(policy=version.policy).exists():
        return None
    return {"policy": version.policy, "version": version, "setting": version.policy.setting,
            "url": _url("policies-detail", version.policy.uuid)}


# --- Reviews -----------------------------------------------------------------------------------

def _review(reminder):
    return (Review.objects.select_related("policy__setting", "draft")
            .filter(uuid=reminder.object_key).first())


def _review_opened_context(reminder):
    review = _review(reminder)
    if review is None or not review.is_taking_comments:
        return None
    membership = _membership(reminder.recipient, review.policy.setting_id)
    if membership is None or not in_audience(membership, review.policy):
        return None
    return {"review": review, "policy": review.policy, "setting": review.policy.setting,
            "url": _url("policies-review", review.uuid)}


def _comment_outcome_context(reminder):
    review = _review(reminder)
    if review is None or review.closed_at is None:
        return None
    comments = list(review.comments.filter(author=reminder.recipient).order_by("created_at"))
    if not comments:
        return None
    return {"review": review, "policy": review.policy, "setting": review.policy.setting,
            "comments": comments, "version": review.draft,
            "url": _url("policies-review", review.uuid)}


# --- Read and understood -------------------------------------------------------------------------

def _read_chase_context(reminder):
    version = _version(reminder)
    if version is None or version.policy.current_version_id != version.pk:
        return None
    membership = _membership(reminder.recipient, version.policy.setting_id)
    if membership is None or not in_audience(membership, version.policy):
        return None
    if ReadConfirmation.objects.filter(version=version, user=reminder.recipient).exists():
        return None
    return {"policy": version.policy, "version": version, "setting": version.policy.setting,
            "url": _url("policies-detail", version.policy.uuid)}


# --- Questionnaires -------------------------------------------------------------------------------

def _questionnaire_context(reminder):
    questionnaire = (Questionnaire.objects.select_related("setting")
                     .filter(uuid=reminder.object_key).first())
    if questionnaire is None or not questionnaire.is_open:
        return None
    membership = _membership(reminder.recipient, questionnaire.setting_id)
    if membership is None or not membership.is_family:
        return None
    if HasAnswered.objects.filter(questionnaire=questionnaire,
                                  user=reminder.recipient).exists():
        return None
    return {"questionnaire": questionnaire, "setting": questionnaire.setting,
            "url": _url("policies-questionnaire", questionnaire.uuid)}


register(ReminderKind(name="policies-review-due", template="policies_review_due",
                      context=_review_due_context, scan=_review_due_scan))
register(ReminderKind(name="policies-review-opened", template="policies_review_opened",
                      context=_review_opened_context))
register(ReminderKind(name="policies-comment-outcome", template="policies_comment_outcome",
                      context=_comment_outcome_context))
register(ReminderKind(name="policies-read-chase", template="policies_read_chase",
                      context=_read_chase_context))
register(ReminderKind(name="policies-questionnaire", template="policies_questionnaire",
                      context=_questionnaire_context))
