"""The news part of the home pages and the navigation (preschool.registry).

Each provider runs a fixed number of queries, however many posts there are.
"""

from django.db.models import Exists, OuterRef
from django.urls import reverse

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


def nav(membership) -> list[tuple[str, str]]:
    if membership.is_staff_member or membership.is_family:
        return [("News", reverse("news-list"))]
    return []
