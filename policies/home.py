"""The policies part of the home pages and the navigation (preschool.registry).

Each provider runs a fixed number of queries, however many policies, reviews or
questionnaires there are.
"""

from datetime import timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from policies.constants import ACTION_PLAN_ON_HOME_DAYS, REVIEW_REMINDER_DAYS_BEFORE
from policies.models import (
    HasAnswered,
    Policy,
    PolicyVersion,
    Questionnaire,
    ReadConfirmation,
    Review,
    ReviewComment,
)
from policies.permissions import audience_q
from preschool.registry import HomeSection


def reader_sections(request) -> list[HomeSection]:
    """Families and practitioners: policies to read and confirm, reviews inviting their
    comments and, for families, questionnaires to answer and "you said, we did" plans."""
    membership = request.membership
    if membership is None or membership.can_manage_policies:
        return []
    setting, user = request.setting, request.user
    # Who is asked to confirm: as policies.services.readers_of.
    asked = [Policy.Audience.EVERYONE,
             Policy.Audience.STAFF if membership.is_staff_member else Policy.Audience.FAMILIES]
    to_confirm = list(
        Policy.objects.for_setting(setting).published().filter(audience__in=asked)
        .exclude(Exists(ReadConfirmation.objects.filter(version=OuterRef("current_version"),
                                                        user=user)))
        .select_related("current_version").order_by("title")[:10])
    reviews = list(Review.objects.taking_comments()
                   .filter(policy__setting=setting)
                   .filter(audience_q(membership, prefix="policy__"))
                   .select_related("policy").order_by("closes_on")[:5])
    questionnaires, plans = [], []
    if membership.is_family:
        questionnaires = list(Questionnaire.objects.for_setting(setting).taking_answers()
                              .exclude(Exists(HasAnswered.objects.filter(
                                  questionnaire=OuterRef("pk"), user=user)))
                              .order_by("closes_on")[:5])
        since = timezone.now() - timedelta(days=ACTION_PLAN_ON_HOME_DAYS)
        plans = list(Questionnaire.objects.for_setting(setting)
                     .filter(action_plan_published_at__gte=since)
                     .order_by("-action_plan_published_at")[:3])
    if not (to_confirm or reviews or questionnaires or plans):
        return []
    return [HomeSection("policies/sections/reader.html", {
        "to_confirm": to_confirm, "reviews": reviews, "questionnaires": questionnaires,
        "plans": plans}, order=30)]


def manager_sections(request) -> list[HomeSection]:
    """Managers: reviews due, drafts waiting, open reviews and their comments waiting for a
    decision, and open questionnaires."""
    membership = request.membership
    if membership is None or not membership.can_manage_policies:
        return []
    setting = request.setting
    notice = timezone.localdate() + timedelta(days=max(REVIEW_REMINDER_DAYS_BEFORE))
    policies = Policy.objects.for_setting(setting)
    counts = policies.aggregate(
        review_due=Count("pk", filter=Q(current_version__next_review_on__lte=notice)),
        drafts=Count("pk", filter=Exists(PolicyVersion.objects.filter(
            policy=OuterRef("pk"), published_at__isnull=True))))
    reviews = list(Review.objects.open().filter(policy__setting=setting)
                   .annotate(waiting=Count("comments", filter=Q(
                       comments__decision=ReviewComment.Decision.PENDING)))
                   .select_related("policy").order_by("closes_on")[:5])
    questionnaires = list(Questionnaire.objects.for_setting(setting).taking_answers()
                          .annotate(answers=Count("responses")).order_by("-opened_at")[:5])
    needs = bool(counts["review_due"] or counts["drafts"] or any(r.waiting for r in reviews))
    return [HomeSection("policies/sections/manager.html", {
        **counts, "reviews": reviews, "questionnaires": questionnaires}, order=16,
        needs_attention=needs)]


def nav(membership) -> list[tuple[str, str]]:
    return [(_("Policies"), reverse("policies-list"))]


def manage_nav(membership) -> list[tuple[str, str]]:
    if membership.can_manage_policies:
        return [(_("Questionnaires"), reverse("policies-questionnaires"))]
    return []
