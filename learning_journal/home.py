"""The journal's part of the home pages and the navigation (preschool.registry).

Each provider runs a fixed number of queries, however many children or observations there are
(tests/learning_journal/test_query_counts.py).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from families.access import family_child_ids
from families.models import Child
from keyperson.models import Assignment
from learning_journal.checks import children_due
from learning_journal.models import DailyBoard, Observation, ProgressCheck
from preschool.registry import HomeSection

LISTED = 10


def staff_sections(request) -> list[HomeSection]:
    """Staff: progress checks due for their key children (EYFS: 24-36 months), their drafts."""
    membership = request.membership
    if membership is None or not membership.can_record_observations:
        return []
    mine = Child.objects.for_setting(request.setting).current().filter(
        keyperson_assignments__staff=membership,
        keyperson_assignments__kind=Assignment.Kind.KEY,
        keyperson_assignments__ended_on__isnull=True)
    if membership.can_manage_setting and not mine.exists():
        return []  # a manager without key children has the manager's section instead
    due = list(children_due(mine, timezone.localdate())[:LISTED])
    open_checks = {c.child_id: c for c in ProgressCheck.objects.open().filter(child__in=due)}
    drafts = (Observation.objects.for_setting(request.setting)
              .filter(author=request.user, status=Observation.Status.DRAFT).count())
    return [HomeSection("learning_journal/sections/staff.html", {
        "due": [{"child": c, "check": open_checks.get(c.pk)} for c in due],
        "drafts": drafts}, order=30, needs_attention=bool(due or drafts))]


def manager_sections(request) -> list[HomeSection]:
    """Managers: how many children are due a progress check, the checks waiting for sign-off,
    the observations waiting for review."""
    membership = request.membership
    if membership is None or not membership.can_manage_setting:
        return []
    setting = request.setting
    context = {
        "due_count": children_due(Child.objects.for_setting(setting).current(),
                                  timezone.localdate()).count(),
        "sign_off": list(ProgressCheck.objects.for_setting(setting)
                         .filter(status=ProgressCheck.Status.SIGN_OFF)
                         .select_related("child").order_by("submitted_at")[:LISTED]),
        "review_count": Observation.objects.for_setting(setting)
        .filter(status=Observation.Status.REVIEW).count(),
    }
    return [HomeSection("learning_journal/sections/manager.html", context, order=15,
                        needs_attention=any(context.values()))]


def family_sections(request) -> list[HomeSection]:
    """Families: each child's journal, a progress check waiting for their comments, the latest
    daily board of their children's rooms."""
    membership = request.membership
    if membership is None or not membership.is_family:
        return []
    ids = family_child_ids(request.user, request.setting)
    if not ids:
        return []
    children = list(Child.objects.filter(pk__in=ids).current().order_by("first_name"))
    waiting = {c.child_id: c for c in ProgressCheck.objects.filter(
        child__in=children, status=ProgressCheck.Status.WITH_FAMILY)}
    rooms = [c.room_id for c in children if c.room_id]
    board = (DailyBoard.objects.filter(setting=request.setting)
             .filter(Q(room__isnull=True) | Q(room_id__in=rooms))
             .select_related("room").order_by("-day").first())
    return [HomeSection("learning_journal/sections/family.html", {
        "children": [{"child": c, "check": waiting.get(c.pk)} for c in children],
        "board": board}, order=25)]


def nav(membership) -> list[tuple[str, str]]:
    if membership.is_active:
        return [(_("Journal"), reverse("journal-home"))]
    return []
