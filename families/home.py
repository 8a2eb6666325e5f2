"""What families and staff see about children on their home page."""

from families.models import Child, RecordChange
from preschool.registry import HomeSection


def home_context(request) -> dict:
    """Staff: how many children are on roll. A family: their own children, with their rooms."""
    children = Child.objects.visible_to(request.user, request.setting).current()
    if request.membership.can_view_all_children:
        return {"child_count": children.count()}
    return {"my_children": children.select_related("room")}


def home_sections(request):
    membership = request.membership
    if membership.is_staff_member:
        changes = RecordChange.objects.filter(setting=request.setting, needs_review=True,
                                              reviewed_at__isnull=True)
        if not membership.can_manage_setting:
            changes = changes.filter(child__keyperson_assignments__staff=membership,
                                     child__keyperson_assignments__ended_on__isnull=True)
        count = changes.values("pk").distinct().count()
        return [HomeSection("families/home_changes.html", {"count": count}, order=10,
                            needs_attention=count > 0)]
    unfinished = (Child.objects.visible_to(request.user, request.setting).current()
                  .filter(registration_completed_at__isnull=True, adults__user=request.user,
                          adults__has_parental_responsibility=True).distinct())
    return [HomeSection("families/home_registration.html", {"children": list(unfinished)},
                        order=5)]
