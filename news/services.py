"""Writing, publishing, reading and acknowledging posts. Each operation takes the acting user,
runs in a transaction and is written to the audit trail.

Publishing tells every family member who may hear of a child in the post's audience
(``families.access.families_who_may_hear``) in a fixed number of queries, however many
families: one read of the recipients, the notifications in one INSERT
(``notifications.services.notify``). The notification centre delivers them as each person
chose for news (in the portal, an email at once after the batching window, a daily or weekly
digest, push, or off) and keeps quiet hours; urgent notices break through them at once. A post
sends no email of its own: one post, at most one email a person. The acknowledgement chase is
the one email news sends itself (``CHASE_EMAIL``, on commit, preschool/lib/reminders.py): staff
chase specific people, so its notifications are marked ``emailed_by_app``.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_scopes import scopes_disabled

from families.access import families_who_may_hear
from families.models import Child, Room
from news.models import Acknowledgement, Post, PostPhoto, PostRead
from news.permissions import can_manage_setting, is_staff_member
from notifications.models import Category
from notifications.services import done, notify, retract
from preschool.i18n import SOURCE_LANGUAGE
from preschool.lib.reminders import Due, schedule_many
from preschool.models import User, log_action
from preschool.services import ServiceError
from preschool.tenancy import setting_scope

MAX_PHOTOS = 6
# Marked for the catalogue here, translated where it is shown.
NAME_THE_CHILDREN = gettext_noop("Name the children in the photos, or confirm that no child "
                                 "can be recognised in them.")
CHASE_EMAIL = "news-acknowledgement-chase"


def _source(text) -> str:
    """``text()`` in the portal's source language, for the audit trail."""
    with translation.override(SOURCE_LANGUAGE):
        return str(text())


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message)
    return value


def recipients(post) -> list[tuple[int, str]]:
    """(id, email) of the family members told of ``post``: one query."""
    return list(families_who_may_hear(post.setting_id, post.audience_children())
                .order_by("pk").values_list("pk", "email"))


@transaction.atomic
def create_post(actor, setting, *, title: str, body: str, audience: str, room=None,
                children=(), urgent: bool = False, needs_acknowledgement: bool = False,
                publish_at: datetime | None = None, photos=(), photo_description: str = "",
                children_shown=(), no_child_in_photos: bool = False) -> Post:
    """Staff write a post to the whole setting, a room or chosen families (by their
    children), published now or at ``publish_at``. ``photos``: processed uploads
    (``learning_journal.media.process_photo``) with one description and who is in them: each
    photo is marked with every child named, so a family sees them only if all of those
    children may be shown to them (never a leak); photos with no child named need the author
    to confirm ``no_child_in_photos`` (no child can be recognised in them), so that children
    forgotten in the list are never shown to every family. Only managers post urgent
    notices, which are published at once and logged as such."""
    if not is_staff_member(actor, setting):
        raise ServiceError(_("Only staff write news."))
    if urgent and not can_manage_setting(actor, setting):
        raise ServiceError(_("Only a manager can post an urgent notice."))
    title = _required(title, _("Give the post a title."))
    body = _required(body, _("Write what you want to tell families."))
    if audience not in Post.Audience.values:
        raise ServiceError(_("Choose who the post is for."))
    children = list(children)
    if audience == Post.Audience.ROOM:
        if room is None or not Room.objects.filter(setting=setting, pk=room.pk).exists():
            raise ServiceError(_("Choose the room the post is for."))
    else:
        room = None
    if audience == Post.Audience.FAMILIES:
        if not children:
            raise ServiceError(_("Choose the children whose families the post is for."))
    else:
        children = []
    ids = {c.pk for c in children} | {c.pk for c in children_shown}
    if ids and Child.objects.filter(setting=setting, pk__in=ids).count() != len(ids):
        raise ServiceError(_("Choose children of this setting."))
    now = timezone.now()
    if urgent or publish_at is None or publish_at < now:
        publish_at = now
    photos = list(photos)
    if len(photos) > MAX_PHOTOS:
        raise ServiceError(_("Add at most %(count)d photos to a post.") % {"count": MAX_PHOTOS})
    if photos:
        photo_description = _required(photo_description,
                                      _("Describe the photo for people who cannot see it."))
        if not children_shown and not no_child_in_photos:
            raise ServiceError(_(NAME_THE_CHILDREN))
    post = Post.objects.create(setting=setting, author=actor, title=title, body=body,
                               audience=audience, room=room, urgent=urgent,
                               needs_acknowledgement=needs_acknowledgement,
                               publish_at=publish_at)
    if children:
        post.children.set(children)
    for photo in photos:
        item = PostPhoto.objects.create(setting=setting, post=post, file=photo.file,
                                        thumbnail=photo.thumbnail,
                                        description=photo_description.strip())
        if children_shown:
            item.children_shown.set(children_shown)
    log_action(actor, "post.urgent" if urgent else "post.created", post,
               changes={"audience": _source(post.audience_label),
                        "publish_at": publish_at.isoformat(),
                        "needs_acknowledgement": needs_acknowledgement,
                        **({"photos": len(photos),
                            "children_in_photos": len(list(children_shown))} if photos else {})})
    if publish_at <= now:
        publish(post, now=now)
    return post


def publish(post, *, now=None) -> int | None:
    """Publish ``post`` if nobody has yet (a conditional UPDATE: once), and tell its
    audience: a notification each, delivered by the centre as each person chose (an urgent
    notice as an emergency, at once, through quiet hours). Returns how many people were told,
    or None when it was published (or withdrawn) already. Call inside a transaction."""
    now = now or timezone.now()
    if not Post.objects.filter(pk=post.pk, published_at__isnull=True,
                               withdrawn_at__isnull=True).update(published_at=now):
        return None
    post.published_at = now
    people = [pk for pk, _email in recipients(post)]
    if post.urgent:
        notify(setting=post.setting, recipients=people, category=Category.EMERGENCY,
               title=post.title, url=post_path(post), urgent=True)
    else:
        notify(setting=post.setting, recipients=people, category=Category.POST,
               title=post.title, url=post_path(post))
    return len(people)


def _user_ref(pk):
    """A user to point a row at by id, without reading it."""
    return User(pk=pk)


def post_path(post) -> str:
    return reverse("news-detail", args=[post.uuid])


def publish_due(now=None) -> int:
    """Publish every scheduled post whose time has come, each in its own transaction and its
    setting's scope (the periodic scan, news.tasks). Returns how many were published."""
    now = now or timezone.now()
    # The scan looks in every setting; each post is published in its own setting's scope.
    with scopes_disabled():
        due = list(Post.objects.due(now).values_list("pk", "setting_id"))
    published = 0
    for pk, setting_id in due:
        with setting_scope(setting_id), transaction.atomic():
            post = Post.objects.select_related("setting").get(pk=pk)
            if publish(post, now=now) is not None:
                published += 1
    return published


def mark_read(user, post) -> None:
    """Record that ``user`` opened ``post`` (the first time only); their notifications of it
    are read too, so the centre emails none of them after its batching window."""
    if post.is_published:
        PostRead.objects.bulk_create([PostRead(post=post, user=user)], ignore_conflicts=True)
        done(post_path(post), user=user)


@transaction.atomic
def acknowledge(user, post) -> Acknowledgement:
    """A family member confirms a post that asks for it (once; kept)."""
    if not post.needs_acknowledgement:
        raise ServiceError(_("This post does not ask you to confirm anything."))
    if not post.is_published:
        raise ServiceError(_("This post has been withdrawn."))
    mark_read(user, post)
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.create(post=post, user=user)
    except IntegrityError:
        return Acknowledgement.objects.get(post=post, user=user)
    log_action(user, "post.acknowledged", post, setting=post.setting)
    return ack


def not_acknowledged(post):
    """The family members told of ``post`` who have not acknowledged it (a queryset)."""
    return (families_who_may_hear(post.setting_id, post.audience_children())
            .exclude(pk__in=Acknowledgement.objects.filter(post=post).values("user_id")))


@transaction.atomic
def chase(actor, post) -> int:
    """Remind the family members who have not acknowledged ``post``: a notification and an
    email each (the post's own email, so the centre sends none: ``emailed_by_app``).
    Returns how many were reminded."""
    if not post.needs_acknowledgement or not post.is_published:
        raise ServiceError(_("Only a published post that asks families to confirm can be "
                             "chased."))
    people = list(not_acknowledged(post).order_by("pk").values_list("pk", "email"))
    if not people:
        raise ServiceError(_("Everyone has acknowledged this post."))
    notify(setting=post.setting, recipients=[pk for pk, _email in people], category=Category.POST,
           title=format_lazy(gettext_lazy("Please confirm: {title}"), title=post.title),
           url=post_path(post), emailed_by_app=True)
    schedule_many(CHASE_EMAIL, (Due(object_key=str(post.uuid), recipient_email=email,
                                    recipient=_user_ref(pk), setting=post.setting)
                                for pk, email in people))
    log_action(actor, "post.chased", post, changes={"reminded": len(people)})
    return len(people)


@transaction.atomic
def withdraw(actor, post, *, reason: str) -> Post:
    """Take a post down (it stays on record with who, when and why; its notifications leave
    the centre). Staff only; an urgent notice only by a manager."""
    if not is_staff_member(actor, post.setting):
        raise ServiceError(_("Only staff withdraw posts."))
    if post.urgent and not can_manage_setting(actor, post.setting):
        raise ServiceError(_("Only a manager can withdraw an urgent notice."))
    reason = _required(reason, _("Say why the post is withdrawn."))
    if post.is_withdrawn:
        raise ServiceError(_("This post has already been withdrawn."))
    post.withdrawn_at = timezone.now()
    post.withdrawn_by = actor
    post.withdrawn_reason = reason
    post.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    # Its notifications leave the families' centres: a post withdrawn because it went to the
    # wrong families does not keep its title in their bell.
    retract(post_path(post))
    log_action(actor, "post.withdrawn", post, changes={"reason": reason})
    return post
