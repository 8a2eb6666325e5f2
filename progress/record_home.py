"""The key person's part of the navigation and the staff home (preschool.registry)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from preschool.registry import HomeSection
from progress.record_reads import not_yet_assessed


def nav(membership) -> list[tuple[str, str]]:
    """Staff who record observations follow progress; families read theirs elsewhere."""
    if membership.can_record_observations:
        return [(_("Progress"), reverse("progress-caseload"))]
    return []


def staff_sections(request) -> list[HomeSection]:
    """Practitioners and managers: how many of their caseload are not yet assessed at the
    current point (two queries; nothing before the setting's first point)."""
    membership = request.membership
    if membership is None or not membership.can_record_observations:
        return []
    point, count = not_yet_assessed(request.setting, membership)
    if point is None:
        return []
    return [HomeSection("progress/record/section.html", {"point": point, "count": count},
                        order=32, needs_attention=count > 0)]
