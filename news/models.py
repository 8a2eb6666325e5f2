"""News and announcements: posts to the whole setting, a room or chosen families.

A post is told to the families of the children in its audience who may hear of them
(``families.access.families_who_may_hear``: the right to information, no restriction), when
it is published: at once, or at its ``publish_at`` by the periodic scan (news.tasks). A post
is never deleted: it is withdrawn, with who, when and why, and stays on record. Reads and
acknowledgements are one row a person, so staff see who has read each post and who has
acknowledged one that asks for it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.models import Child, Room
from preschool.models import Setting
from preschool.tenancy import setting_scoped


def photo_path(instance, filename: str) -> str:
    return f"news/{instance.setting_id}/{filename}"


class PostQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def published(self):
        return self.filter(published_at__isnull=False, withdrawn_at__isnull=True)

    def due(self, now=None):
        """Scheduled, not yet published, and their time has come."""
        return self.filter(published_at__isnull=True, withdrawn_at__isnull=True,
                           publish_at__lte=now or timezone.now())

    def for_family(self, child_ids, room_ids):
        """Published posts whose audience includes one of these children (ids of the
        children a family hears of) or their rooms. None for a family member who hears of no
        child."""
        if not child_ids:
            return self.none()
        return self.published().filter(
            Q(audience=Post.Audience.SETTING)
            | Q(audience=Post.Audience.ROOM, room_id__in=room_ids)
            | Q(audience=Post.Audience.FAMILIES, children__in=child_ids)).distinct()


class Post(models.Model):
    class Audience(models.TextChoices):
        SETTING = "setting", _("Everyone in the setting")
        ROOM = "room", _("One room")
        FAMILIES = "families", _("Chosen families")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField()
    audience = models.CharField(max_length=10, choices=Audience.choices,
                                default=Audience.SETTING)
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    # Chosen families: the families of these children.
    children = models.ManyToManyField(Child, blank=True, related_name="+")
    # A closure or an emergency: only managers post one; it reaches people through quiet hours.
    urgent = models.BooleanField(default=False)
    needs_acknowledgement = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    publish_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawn_reason = models.TextField(blank=True)

    objects = setting_scoped(PostQuerySet)

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["setting", "-publish_at"]),
                   models.Index(fields=["publish_at"], condition=Q(published_at__isnull=True),
                                name="post_waiting_to_publish")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="room") | Q(room__isnull=False), name="post_room_audience"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.withdrawn_at is None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_scheduled(self) -> bool:
        return self.published_at is None and self.withdrawn_at is None

    def audience_children(self):
        """The children whose families the post is for (current children of the setting)."""
        children = Child.objects.filter(setting_id=self.setting_id).current()
        if self.audience == self.Audience.ROOM:
            return children.filter(room_id=self.room_id)
        if self.audience == self.Audience.FAMILIES:
            return children.filter(pk__in=self.children.through.objects.filter(post=self)
                                   .values("child_id"))
        return children

    def audience_label(self) -> str:
        if self.audience == self.Audience.ROOM and self.room is not None:
            return gettext("%(room)s room") % {"room": self.room.name}
        return self.get_audience_display()


class PostPhoto(models.Model):
    """A photo of a post, re-encoded like the journal's (no EXIF, no GPS), stored privately
    and served through an access-checked view. Families see it only if every child shown
    allows it (``learning_journal.visibility.visible_pictures``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="photos")
    file = models.FileField(upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(upload_to=photo_path, max_length=200)
    description = models.CharField(_("describe the photo"), max_length=200)
    children_shown = models.ManyToManyField(Child, blank=True, related_name="+",
                                            verbose_name=_("children in this photo"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = setting_scoped()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Photo of {self.post}"


class PostRead(models.Model):
    """A person opened a post (the first time)."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="post_read_once")]

    def __str__(self):
        return f"Read by {self.user_id}"


class Acknowledgement(models.Model):
    """A family member confirmed a post that asks for it. Kept: never changed or deleted."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"],
                                               name="post_acknowledged_once")]

    def __str__(self):
        return f"Acknowledged by {self.user_id}"
