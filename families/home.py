"""What families and staff see about children on their home page."""

from families.models import Child, RecordChange
from preschool.registry import HomeSection


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
