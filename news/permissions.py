"""Who may see and write news posts.

- Staff of the setting write posts and see every post of it (scheduled and withdrawn too),
  with who has read and acknowledged each. Only managers post urgent notices (closures,
  emergencies), which reach people through quiet hours.
- A family member sees a published post whose audience includes a child they may hear of
  (``families.access.families_who_may_hear``: the right to information, no restriction); a
  photo of it only if every child shown allows it (``learning_journal.visibility``).
- Nobody else, and nobody from another setting.

Answers follow the portal's convention: a post of another setting, or one the person may not
see, is 404; one they see but may not act on is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from families.access import children_heard_by, families_who_may_hear
from preschool.permissions import capability, parse_uuid

is_staff_member = capability("is_staff_member", "news")
can_manage_setting = capability("can_manage_setting", "news")
is_family = capability("is_family", "news")

rules.add_perm("news.write", is_staff_member)
rules.add_perm("news.post_urgent", can_manage_setting)
rules.add_perm("news.read", is_staff_member | is_family)


def heard_children(user, setting) -> tuple[set[int], set[int]]:
    """The ids of the current children of ``setting`` that ``user`` hears of as family
    (``families.access.children_heard_by``), and of their rooms. One query."""
    rows = children_heard_by(user, setting).values_list("pk", "room_id")
    return {c for c, _ in rows}, {r for _, r in rows if r is not None}


def family_may_see(user, post) -> bool:
    """A family member of the post's setting who hears of a child in its audience, and the
    post is published."""
    return (post.is_published
            and families_who_may_hear(post.setting_id, post.audience_children())
            .filter(pk=user.pk).exists())


def access_post(request, post_uuid):
    """A post of the current setting that the person may see (staff: every post; a family: a
    published post for them); else 404."""
    from news.models import Post

    if request.setting is None:
        raise Http404
    post = (Post.objects.for_setting(request.setting).filter(uuid=parse_uuid(post_uuid))
            .select_related("author", "room", "withdrawn_by").first())
    if post is None:
        raise Http404
    post.setting = request.setting
    membership = request.membership
    if membership.is_staff_member:
        return post
    if membership.is_family and family_may_see(request.user, post):
        return post
    raise Http404


def access_post_to_manage(request, post_uuid):
    """A post the person may see (else 404), for staff to chase or withdraw (else 403)."""
    post = access_post(request, post_uuid)
    if not rules.has_perm("news.write", request.user, request.setting):
        raise PermissionDenied
    return post


def access_photo(request, photo_uuid):
    """A photo of a post the person may see, that the journal's photo rule lets them see;
    else 404 (a copied address included)."""
    from learning_journal.visibility import visible_pictures
    from news.models import PostPhoto

    if request.setting is None:
        raise Http404
    photo = (PostPhoto.objects.filter(setting=request.setting, uuid=parse_uuid(photo_uuid))
             .select_related("post").first())
    if photo is None:
        raise Http404
    access_post(request, photo.post.uuid)
    shown = {photo.pk: set(photo.children_shown.values_list("pk", flat=True))}
    if photo.pk not in visible_pictures(shown, request.user, request.setting):
        raise Http404
    return photo
