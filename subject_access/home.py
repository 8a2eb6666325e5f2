"""Where subject access requests show on the shared pages (preschool.registry): the managers'
"Manage" menu, the account menu, and a child's page. A fixed number of queries each."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from families.access import has_parental_responsibility
from preschool.registry import HomeSection
from subject_access.models import SubjectAccessRequest


def manage_nav(membership) -> list[tuple[str, str]]:
    if membership.can_manage_setting:
        return [(_("Data requests"), reverse("subject-access-list"))]
    return []


def account_menu(user) -> list[tuple[str, str]]:
    """Under the person's name: their requests for a copy of their data, and how to ask."""
    return [(_("Your data"), reverse("subject-access-list"))]


# Requests due within this many days are counted on the managers' home page.
DUE_SOON_DAYS = 7


def manager_sections(request) -> list[HomeSection]:
    """Managers: open requests, those due within a week and those overdue (one query)."""
    membership = request.membership
    if membership is None or not membership.can_manage_setting:
        return []
    today = timezone.localdate()
    deadline_before = (Q(extended_to__isnull=True, due_on__lt=today)
                       | Q(extended_to__lt=today))
    soon = today + timedelta(days=DUE_SOON_DAYS)
    counts = SubjectAccessRequest.objects.filter(setting=request.setting).open().aggregate(
        open=Count("pk"), overdue=Count("pk", filter=deadline_before),
        due_soon=Count("pk", filter=Q(extended_to__isnull=True, due_on__range=(today, soon))
                       | Q(extended_to__range=(today, soon))))
    if not counts["open"]:
        return []
    return [HomeSection("subject_access/sections/manager.html", counts, order=61,
                        needs_attention=bool(counts["due_soon"] or counts["overdue"]))]


def child_section(request, child) -> list[HomeSection]:
    """The child's page: for managers, the requests about the child; for a parent with
    parental responsibility, how to ask for a copy of the child's data and their requests."""
    membership = request.membership
    if membership is None:
        return []
    requests = SubjectAccessRequest.objects.filter(setting=request.setting, child=child)
    if membership.can_manage_setting:
        shown = list(requests.order_by("-received_at")[:5])
        if not shown:
            return []
        return [HomeSection("subject_access/sections/child.html",
                            {"child": child, "requests": shown, "manage": True},
                            order=70, needs_attention=False)]
    if membership.is_family and has_parental_responsibility(request.user, child):
        shown = list(requests.filter(requester=request.user).order_by("-received_at")[:5])
        return [HomeSection("subject_access/sections/child.html",
                            {"child": child, "requests": shown, "manage": False},
                            order=70, needs_attention=False)]
    return []
