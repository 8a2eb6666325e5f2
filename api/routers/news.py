"""News: the posts the person may see (the news page) and one post.

Who sees which post is ``news.permissions``'s to say: staff every post of the setting
(scheduled and withdrawn ones too); a family the published posts for a child they hear of.
Another setting's post, or one the person may not see, answers 404.

Reading a post here does not record it as read by the family (staff see who has read a post
and chase the others): a program may fetch posts nobody has opened yet.
"""

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from api.auth import scoped, setting_of
from api.schemas import REFUSALS, RoomRef, room_ref
from news.models import Post
from news.permissions import access_post, heard_children
from preschool.permissions import require_perm

router = Router(tags=["news"])


class PostOut(Schema):
    uuid: UUID
    title: str
    body: str
    audience: str = Field(description="setting, room, or families (of chosen children).")
    room: RoomRef | None
    urgent: bool
    needs_acknowledgement: bool
    publish_at: datetime
    published_at: datetime | None
    withdrawn_at: datetime | None

    @staticmethod
    def resolve_room(post: Post) -> RoomRef | None:
        return room_ref(post.room)


@router.get("", response={200: list[PostOut], **REFUSALS}, summary="News posts")
@paginate(PageNumberPagination, page_size=30)
@scoped("news:read")
@require_perm("news.read")
def posts(request):
    """Newest first. Staff: every post of the setting; a family: the published posts for
    them. Two queries a page, however many posts."""
    setting = setting_of(request)
    found = Post.objects.for_setting(setting).select_related("room")
    if not request.membership.is_staff_member:
        found = found.for_family(*heard_children(request.user, setting))
    return found.order_by("-publish_at", "-pk")


@router.get("/{post_uuid}", response={200: PostOut, **REFUSALS}, summary="One post")
@scoped("news:read")
def post(request, post_uuid: UUID):
    """A post the person may see (404 otherwise)."""
    return access_post(request, str(post_uuid))
