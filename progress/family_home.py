"""The family's part of the home page and of the child's page (preschool.registry): the
summaries of their children's progress shared with them. Staff find a child's progress on the
child's page. Each provider runs a fixed number of queries."""

from django.http import HttpRequest

from families.access import family_child_ids
from preschool.registry import HomeSection
from progress.models import Assessment
from progress.permissions import may
from progress.summary import latest_for_family


def family_sections(request: HttpRequest) -> list[HomeSection]:
    """Families: for each of their children with a shared assessment, the one to open (the
    newest not yet commented on, else the newest). Nothing for staff. One query (and the
    family's children, read once a request)."""
    membership = getattr(request, "membership", None)
    if membership is None or not membership.is_family:
        return []
    ids = family_child_ids(request.user, request.setting)  # type: ignore[attr-defined]
    if not ids:
        return []
    latest = latest_for_family(sorted(ids))
    if not latest:
        return []
    assessments = sorted(latest.values(), key=lambda a: (a.child.known_as, a.child_id))
    return [HomeSection("progress/family/home_section.html", {"assessments": assessments},
                        order=26,
                        needs_attention=any(a.family_commented_at is None for a in assessments))]


def child_section(request: HttpRequest, child) -> list[HomeSection]:
    """The child's page: for staff who see the child's progress, a link to it (no query); for
    the child's informed family, how many summaries there are to read (one count)."""
    if may(request.user, "progress.view_child", child):
        return [HomeSection("progress/family/child_section.html",
                            {"child": child, "is_staff": True}, order=45,
                            needs_attention=False)]
    if may(request.user, "progress.read_summary", child):
        shared = Assessment.objects.filter(child=child, setting_id=child.setting_id).shared()
        return [HomeSection("progress/family/child_section.html",
                            {"child": child, "is_staff": False, "shared": shared.count()},
                            order=45, needs_attention=False)]
    return []
