"""News pages. Every view starts with an access helper (news.permissions) or
``require_perm``: 404 for what the person may not see, 403 for what they see but may not do."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from families.access import families_who_may_hear
from learning_journal.visibility import visible_pictures
from news import services
from news.forms import PostForm, WithdrawForm
from news.models import Acknowledgement, Post, PostRead
from news.permissions import (
    access_photo,
    access_post,
    access_post_to_manage,
    heard_children,
)
from preschool.lib.downloads import stored_file
from preschool.permissions import require_perm
from preschool.services import ServiceError

PAGE_SIZE = 30


def _is_staff(request) -> bool:
    return bool(request.membership and request.membership.is_staff_member)


@login_required
@require_perm("news.read")
@require_GET
def post_list(request):
    """Staff: every post of the setting, newest first, with how many have read and
    acknowledged each. Families: the published posts for them. A fixed number of queries."""
    if _is_staff(request):
        posts = (Post.objects.for_setting(request.setting).select_related("author", "room")
                 .annotate(read_count=Count("reads", distinct=True),
                           ack_count=Count("acknowledgements", distinct=True))
                 .order_by("-publish_at", "-pk"))
        template = "news/staff_list.html"
    else:
        child_ids, room_ids = heard_children(request.user, request.setting)
        mine = {"post": OuterRef("pk"), "user": request.user}
        posts = (Post.objects.for_setting(request.setting).for_family(child_ids, room_ids)
                 .select_related("room")
                 .annotate(is_read=Exists(PostRead.objects.filter(**mine)),
                           is_acknowledged=Exists(Acknowledgement.objects.filter(**mine))))
        template = "news/family_list.html"
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "section": "news"})


@login_required
@require_perm("news.write")
def post_new(request):
    """Staff write a post; managers may make it an urgent notice."""
    may_post_urgent = rules.has_perm("news.post_urgent", request.user, request.setting)
    form = PostForm(request.POST or None, request.FILES or None, setting=request.setting,
                    may_post_urgent=may_post_urgent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            post = services.create_post(
                request.user, request.setting, title=data["title"], body=data["body"],
                audience=data["audience"], room=data["room"], children=data["children"],
                urgent=data.get("urgent", False),
                needs_acknowledgement=data["needs_acknowledgement"],
                publish_at=data["publish_at"], photos=data["photos"],
                photo_description=data["photo_description"],
                children_shown=data["children_shown"],
                no_child_in_photos=data["no_child_in_photos"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if post.is_published:
                messages.success(request, _("Published: the families it is for have been told."))
            else:
                messages.success(request, _("Scheduled: it will be published at the time you "
                                            "chose."))
            return redirect("news-detail", post.uuid)
    return render(request, "news/new.html", {"form": form, "section": "news",
                                             "may_post_urgent": may_post_urgent})


def _photos(request, post) -> list:
    photos = list(post.photos.prefetch_related("children_shown"))
    shown = {p.pk: {c.pk for c in p.children_shown.all()} for p in photos}
    allowed = visible_pictures(shown, request.user, request.setting)
    return [p for p in photos if p.pk in allowed]


@login_required
@require_GET
def post_detail(request, post_uuid):
    """A post. A family's opening is recorded (staff see who has read it); staff see who it
    went to, who has read it, and who has and has not acknowledged it."""
    post = access_post(request, post_uuid)
    context = {"post": post, "photos": _photos(request, post), "section": "news"}
    if _is_staff(request):
        person = {"post": post, "user": OuterRef("pk")}
        audience = (families_who_may_hear(request.setting, post.audience_children())
                    .annotate(read_at=Subquery(PostRead.objects.filter(**person)
                                               .values("read_at")[:1]),
                              acknowledged_at=Subquery(Acknowledgement.objects.filter(**person)
                                                       .values("acknowledged_at")[:1]))
                    .order_by("full_name")
                    .only("full_name", "email"))
        audience = list(audience)
        context.update(audience=audience,
                       read=sum(1 for p in audience if p.read_at),
                       acknowledged=sum(1 for p in audience if p.acknowledged_at),
                       withdraw_form=WithdrawForm())
        return render(request, "news/staff_detail.html", context)
    services.mark_read(request.user, post)
    context["acknowledged"] = Acknowledgement.objects.filter(post=post,
                                                             user=request.user).first()
    return render(request, "news/family_detail.html", context)


@login_required
@require_POST
def post_acknowledge(request, post_uuid):
    """A family member confirms they have read a post that asks for it."""
    post = access_post(request, post_uuid)
    if _is_staff(request):
        raise PermissionDenied  # staff see it; families confirm
    try:
        services.acknowledge(request.user, post)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you: the setting can see you have read it."))
    return redirect("news-detail", post.uuid)


@login_required
@require_POST
def post_chase(request, post_uuid):
    """Staff remind the families who have not acknowledged a post."""
    post = access_post_to_manage(request, post_uuid)
    try:
        count = services.chase(request.user, post)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, ngettext("Reminded %(count)d person who had not confirmed.",
                                           "Reminded %(count)d people who had not confirmed.",
                                           count) % {"count": count})
    return redirect("news-detail", post.uuid)


@login_required
@require_POST
def post_withdraw(request, post_uuid):
    """Staff withdraw a post (kept on record with the reason)."""
    post = access_post_to_manage(request, post_uuid)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("news-detail", post.uuid)
    try:
        services.withdraw(request.user, post, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Withdrawn: families no longer see it."))
    return redirect("news-detail", post.uuid)


@login_required
@require_GET
def photo_file(request, photo_uuid):
    """A post's photo (``?size=thumb`` for the small one), for someone allowed to see it."""
    photo = access_photo(request, photo_uuid)
    field = photo.thumbnail if request.GET.get("size") == "thumb" else photo.file
    return stored_file(field, content_type="image/jpeg", cache_control="private, no-cache")
