"""The news part of the home pages and the navigation (preschool.registry).

Each provider runs a fixed number of queries, however many posts there are.
"""

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from news.models import Acknowledgement, Post
from news.permissions import heard_children
from preschool.registry import HomeSection

LATEST_SHOWN = 3


def family_sections(request) -> list[HomeSection]:
    """Families: posts waiting for their confirmation (to do), then the latest news."""
    membership = request.membership
    if membership is None or not membership.is_family:
        return []
    child_ids, room_ids = heard_children(request.user, request.setting)
    if not child_ids:
        return []
    posts = (Post.objects.for_setting(request.setting).for_family(child_ids, room_ids)
             .annotate(is_acknowledged=Exists(Acknowledgement.objects.filter(
                 post=OuterRef("pk"), user=request.user))))
    to_confirm = list(posts.filter(needs_acknowledgement=True, is_acknowledged=False)[:10])
    latest = list(posts[:LATEST_SHOWN])
    sections = []
    if to_confirm:
        sections.append(HomeSection("news/sections/to_confirm.html", {"posts": to_confirm},
                                    order=15))
    if latest:
        sections.append(HomeSection("news/sections/latest.html", {"posts": latest}, order=55,
                                    needs_attention=False))
    return sections


def staff_sections(request) -> list[HomeSection]:
    """Staff: the latest posts, with how many have read and confirmed each, and the way to
    write one. (A manager's navigation has no room left at 1366 px: this is their way in.)"""
    membership = request.membership
    if membership is None or not membership.is_staff_member:
        return []
    posts = list(Post.objects.for_setting(request.setting)
                 .annotate(read_count=Count("reads", distinct=True),
                           ack_count=Count("acknowledgements", distinct=True))
                 .order_by("-publish_at", "-pk")[:LATEST_SHOWN])
    return [HomeSection("news/sections/staff.html", {"posts": posts}, order=70,
                        needs_attention=False)]


def nav(membership) -> list[tuple[str, str]]:
    """Families and practitioners; managers have news in their "Manage" menu."""
    if membership.is_family or (membership.is_staff_member
                                and not membership.can_manage_setting):
        return [(_("News"), reverse("news-list"))]
    return []


def manage_nav(membership) -> list[tuple[str, str]]:
    if membership.can_manage_setting:
        return [(_("News"), reverse("news-list"))]
    return []
