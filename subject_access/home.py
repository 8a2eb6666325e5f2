"""Where subject access requests show on the shared pages (preschool.registry): the managers'
"Manage" menu, the account menu, and a child's page. A fixed number of queries each."""

from django.urls import reverse
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
