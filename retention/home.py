"""The retention part of the managers' home page, the child's page and the Manage menu
(preschool.registry). One query each, however many records."""

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from preschool.registry import HomeSection
from retention.models import ErasureNotice, LegalHold


def _manages(request) -> bool:
    membership = request.membership
    return bool(membership is not None and membership.can_manage_setting)


def manager_sections(request) -> list[HomeSection]:
    """"Records due for erasure": the lists of the last two weeks, by the day they fall due."""
    if not _manages(request):
        return []
    today = timezone.localdate()
    due = list(ErasureNotice.objects.filter(setting=request.setting, for_date__gte=today)
               .values("for_date").annotate(count=Sum("count")).order_by("for_date")[:5])
    if not due:
        return []
    return [HomeSection("retention/sections/manager.html", {"due": due}, order=40)]


def child_section(request, child) -> list[HomeSection]:
    """Managers, on a child's page: the legal holds on the child, and a button to place one."""
    if not _manages(request):
        return []
    holds = list(LegalHold.objects.filter(setting=request.setting, child=child).in_force()
                 .order_by("-placed_at"))
    return [HomeSection("retention/child_section.html", {"child": child, "holds": holds},
                        order=80, needs_attention=False)]


def manage_nav(membership) -> list[tuple[str, str]]:
    if membership.can_manage_setting:
        return [(_("Retention"), reverse("retention-schedule"))]
    return []
