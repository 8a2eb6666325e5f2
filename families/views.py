from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from families.models import Child, ChildAdult
from preschool.permissions import access_child, membership_in


@login_required
@require_GET
def child_list(request):
    """Staff: every current child of the setting. Families: the children they may see."""
    if request.setting is None:
        return render(request, "preschool/home_no_setting.html")
    membership = membership_in(request.user, request.setting)
    children = (Child.objects.visible_to(request.user, request.setting).current()
                .select_related("room").order_by("room__name", "first_name"))
    if membership.can_view_all_children:
        children = children.prefetch_related(
            Prefetch("adults", queryset=ChildAdult.objects.exclude(restriction=""),
                     to_attr="restricted_adults"))
    return render(request, "families/child_list.html",
                  {"children": children, "is_staff": membership.can_view_all_children})


@login_required
@require_GET
def child_detail(request, child_uuid):
    child = access_child(request, child_uuid)
    membership = membership_in(request.user, request.setting)
    adults = child.adults.select_related("user")
    if not membership.can_view_all_children:
        # Families see the adults who share the child's information, never staff-only notes.
        adults = adults.filter(may_receive_information=True).only(
            "name", "relationship", "has_parental_responsibility", "child_id", "user_id")
    return render(request, "families/child_detail.html", {
        "child": child, "adults": adults, "is_staff": membership.can_view_all_children,
    })
