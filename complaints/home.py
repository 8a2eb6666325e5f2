"""The complaints part of the home pages and the navigation (preschool.registry).

Each provider runs a fixed number of queries, however many concerns there are.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import Concern
from preschool.registry import HomeSection

# A closed concern stays on the family's home page this long after its outcome.
RECENTLY_CLOSED_DAYS = 30
# Complaints due within this many days are listed on the manager's home page.
DUE_SOON_DAYS = 7


def family_sections(request) -> list[HomeSection]:
    """Parents and carers: their open concerns, and outcomes of the last few weeks."""
    membership = request.membership
    if membership is None or not membership.is_family:
        return []
    since = timezone.now() - timedelta(days=RECENTLY_CLOSED_DAYS)
    concerns = list(Concern.objects.for_setting(request.setting)
                    .filter(complainant=request.user)
                    .filter(~Q(status=Concern.Status.CLOSED) | Q(closed_at__gte=since))
                    .order_by("-received_at")[:5])
    if not concerns:
        return []
    return [HomeSection("complaints/sections/family.html", {"concerns": concerns}, order=60)]


def manager_sections(request) -> list[HomeSection]:
    """Managers: open complaints, those overdue or due soon, and concerns not acknowledged."""
    membership = request.membership
    if membership is None or not membership.can_manage_complaints:
        return []
    today = timezone.localdate()
    concerns = Concern.objects.for_setting(request.setting).open()
    counts = concerns.aggregate(
        complaints=Count("pk", filter=Q(kind=Concern.Kind.COMPLAINT)),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        unacknowledged=Count("pk", filter=Q(acknowledged_at__isnull=True)))
    due_soon = list(concerns.complaints()
                    .filter(due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
                    .order_by("due_on")[:5])
    return [HomeSection("complaints/sections/manager.html",
                        {**counts, "due_soon": due_soon}, order=15,
                        needs_attention=bool(counts["complaints"] or counts["unacknowledged"]))]


def staff_sections(request) -> list[HomeSection]:
    """Practitioners: compliments and suggestions shared with the team, and where to log a
    concern a family raised in person."""
    membership = request.membership
    if (membership is None or not membership.is_staff_member
            or membership.can_manage_complaints):
        return []
    shared = list(Concern.objects.for_setting(request.setting).shared_with_staff()
                  .order_by("-shared_with_staff_at")[:3])
    return [HomeSection("complaints/sections/staff.html", {"shared": shared}, order=60,
                        needs_attention=False)]


def nav(membership) -> list[tuple[str, str]]:
    if membership.can_manage_complaints:
        return [(_("Complaints"), reverse("complaints-list"))]
    if membership.is_family:
        return [(_("Concerns"), reverse("complaints-list"))]
    return []
