"""Where managers reach the adult's right to erasure: the child's page and the Manage menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from preschool.registry import HomeSection


def child_section(request, child) -> list[HomeSection]:
    """The child's page, for managers: the adults with an account, each a link to record
    their request to erase their data (one query)."""
    membership = request.membership
    if membership is None or not membership.can_manage_setting:
        return []
    adults = list(child.adults.filter(user__isnull=False).select_related("user"))
    if not adults:
        return []
    return [HomeSection("retention/adults/child_section.html", {
        "child": child, "adults": adults}, order=95, needs_attention=False)]


def manage_nav(membership) -> list[tuple[str, str]]:
    if membership.can_manage_setting:
        return [(str(_("Erasure requests")), reverse("retention-adult-erasures"))]
    return []
