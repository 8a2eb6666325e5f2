"""Messages between a child's family and the setting, and between staff about a room.

A conversation is about one child (between the child's family and the setting's staff) or one
room (between staff only). Messages are records: never deleted or edited. A member of staff
may withdraw their own message within ``WITHDRAW_DAYS`` (families then read "message
withdrawn"; the words stay in the database and the withdrawal in the audit trail); a message
flagged to the designated safeguarding lead can never be withdrawn.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preschool.models import Setting
from preschool.tenancy import setting_scoped

# How long a member of staff may withdraw a message they sent.
WITHDRAW_DAYS = 8


class ConversationQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)


class Conversation(models.Model):
    """One thread: about a child, with the key person or with the manager; or about a room.

    One conversation per child and audience, and one per room: a family writing again about
    their child continues the same thread.
    """

    class Audience(models.TextChoices):
        KEY_PERSON = "key_person", _("The key person and the room's staff")
        MANAGER = "manager", _("The manager")
        ROOM_STAFF = "room_staff", _("The staff team (no family)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("families.Child", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="conversations")
    room = models.ForeignKey("families.Room", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="conversations")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The newest message, kept on the row so an inbox of a thousand threads is one query.
    last_message = models.ForeignKey("Message", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    last_message_at = models.DateTimeField(default=timezone.now)

    objects = setting_scoped(ConversationQuerySet)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        indexes = [models.Index(fields=["setting", "-last_message_at"],
                                name="conversation_newest")]
        constraints = [
            models.UniqueConstraint(fields=["child", "audience"], condition=Q(child__isnull=False),
                                    name="one_conversation_per_child_and_audience"),
            models.UniqueConstraint(fields=["room"], condition=Q(room__isnull=False),
                                    name="one_conversation_per_room"),
            models.CheckConstraint(
                condition=(Q(audience="room_staff", child__isnull=True, room__isnull=False)
                           | (~Q(audience="room_staff") & Q(child__isnull=False,
                                                            room__isnull=True))),
                name="conversation_about_a_child_or_a_room"),
        ]

    def __str__(self):
        if self.room_id:
            return f"Staff conversation about {self.room}"
        return f"Conversation about {self.child.full_name} with {self.get_audience_display()}"

    def get_absolute_url(self):
        return reverse("messaging-conversation", args=[self.uuid])

    @property
    def is_about_a_child(self) -> bool:
        return self.child_id is not None

    @property
    def title(self) -> str:
        if self.child is None:
            return f"{self.room} staff"
        if self.audience == self.Audience.MANAGER:
            return f"{self.child.full_name}, with the manager"
        return self.child.full_name


def message_file_path(instance, filename):
    # A random stored name: an uploaded name may identify a person.
    extension = ".pdf" if filename.lower().endswith(".pdf") else ".jpg"
    return f"messaging/{uuid.uuid4().hex}{extension}"


class Message(models.Model):
    """One message: text, and at most one photo (re-encoded) or PDF. Never deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT,
                                     related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    # Which side wrote it, as it was when written (a parent who later joins the staff).
    from_staff = models.BooleanField()
    text = models.TextField(max_length=5000, blank=True)
    file = models.FileField(upload_to=message_file_path, blank=True)
    file_name = models.CharField(max_length=150, blank=True)
    file_type = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_in_order")]

    def __str__(self):
        return f"Message {self.uuid} in {self.conversation_id}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_flagged(self) -> bool:
        return self.flagged_at is not None

    @property
    def is_photo(self) -> bool:
        return self.file_type == "image/jpeg"

    def can_be_withdrawn_by(self, user) -> bool:
        """The staff author, within WITHDRAW_DAYS, and never once flagged."""
        return (self.from_staff and self.sender_id == user.pk and not self.is_withdrawn
                and not self.is_flagged
                and timezone.now() - self.created_at <= timedelta(days=WITHDRAW_DAYS))


class ReadMarker(models.Model):
    """How far one person has read one conversation ("Seen by Kim 10:42")."""

    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT,
                                     related_name="read_markers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "conversation"],
                                               name="one_read_marker_per_person")]

    def __str__(self):
        return f"{self.user_id} read {self.conversation_id} at {self.last_read_at}"
