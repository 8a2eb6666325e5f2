"""Queries, compliments, complaints and suggestions from families, and the complaints record.

The record of complaints is one the law says a setting must keep (eyfs.md, "Complaints"), so
nothing here is deleted or rewritten: a concern's words stay as they were received, and what
happens next is added to it (an acknowledgement, notes and actions, attachments, one outcome).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from complaints.constants import RESPONSE_DAYS
from preschool.models import Membership, Setting
from preschool.tenancy import setting_scoped


class ConcernQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def complaints(self):
        return self.filter(kind=Concern.Kind.COMPLAINT)

    def open(self):
        return self.exclude(status=Concern.Status.CLOSED)

    def overdue(self, today=None):
        """Complaints not closed by their due date (eyfs.md: 28 days from receipt)."""
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def shared_with_staff(self):
        return self.filter(shared_with_staff_at__isnull=False)


class Concern(models.Model):
    """Something a family told the setting: a query, compliment, complaint or suggestion.

    Raised by a parent or carer through the portal, or logged by staff when it was made in
    person or by phone. A complaint gets a due date 28 days after it was received
    (``constants.RESPONSE_DAYS``). An anonymous suggestion keeps no trace of who made it: no
    user, no name, and its audit entry names nobody.
    """

    class Kind(models.TextChoices):
        QUERY = "query", _("Query")
        COMPLIMENT = "compliment", _("Compliment")
        COMPLAINT = "complaint", _("Complaint")
        SUGGESTION = "suggestion", _("Suggestion")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Written, through the portal")
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        EMAIL = "email", _("By email")
        LETTER = "letter", _("By letter")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        INVESTIGATING = "investigating", _("Being looked into")
        CLOSED = "closed", _("Closed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="concerns")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    subject = models.CharField(_("in a few words"), max_length=150)
    details = models.TextField(_("what happened, or what you would like to tell us"),
                               max_length=5000)
    child = models.ForeignKey("families.Child", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="concerns")
    # Who raised it: an account (a parent through the portal, or chosen by staff), or a name and
    # contact details typed by staff. All empty for an anonymous suggestion.
    complainant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="concerns")
    complainant_name = models.CharField(_("name"), max_length=150, blank=True)
    complainant_email = models.EmailField(_("email"), blank=True)
    complainant_phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_anonymous = models.BooleanField(default=False)
    channel = models.CharField(_("how it reached us"), max_length=10, choices=Channel.choices,
                               default=Channel.PORTAL)
    received_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.RECEIVED)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    acknowledgement = models.TextField(max_length=2000, blank=True)
    assigned_to = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="assigned_concerns")
    shared_with_staff_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    # The member of staff who logged it; empty when the family raised it themselves.
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = setting_scoped(ConcernQuerySet)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["setting", "kind", "status"]),
                   models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(kind="suggestion", complainant__isnull=True,
                                                    complainant_name="", complainant_email=""),
                name="only_suggestions_are_anonymous"),
            models.CheckConstraint(condition=Q(kind="complaint") | Q(due_on__isnull=True),
                                   name="only_complaints_have_a_due_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def get_absolute_url(self):
        return reverse("complaints-detail", args=[self.uuid])

    @staticmethod
    def due_date_for(received_at):
        """eyfs.md, "Complaints": the outcome is due 28 days after the complaint was received."""
        return timezone.localdate(received_at) + timedelta(days=RESPONSE_DAYS)

    @property
    def is_complaint(self) -> bool:
        return self.kind == self.Kind.COMPLAINT

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def received_on(self):
        return timezone.localdate(self.received_at)

    @property
    def is_overdue(self) -> bool:
        return (self.due_on is not None and not self.is_closed
                and timezone.localdate() > self.due_on)

    @property
    def days_left(self) -> int | None:
        if self.due_on is None or self.is_closed:
            return None
        return (self.due_on - timezone.localdate()).days

    @property
    def can_be_shared(self) -> bool:
        return self.kind in (self.Kind.COMPLIMENT, self.Kind.SUGGESTION)

    @property
    def complainant_label(self) -> str:
        """Who raised it, as the record shows it: never anyone for an anonymous suggestion."""
        if self.is_anonymous:
            return gettext("Anonymous")
        if self.complainant is not None:
            return self.complainant.full_name
        return self.complainant_name or gettext("Not recorded")

    @property
    def reply_to(self) -> str:
        """Where written answers go: the account's email, or the address staff typed."""
        if self.complainant is not None:
            return self.complainant.email
        return self.complainant_email

    def acknowledge(self, user, message: str):
        self.acknowledged_at, self.acknowledged_by = timezone.now(), user
        self.acknowledgement = message
        if self.status == self.Status.RECEIVED:
            self.status = self.Status.ACKNOWLEDGED
        self.save(update_fields=["acknowledged_at", "acknowledged_by", "acknowledgement",
                                 "status"])

    def assign(self, membership):
        self.assigned_to = membership
        if self.status in (self.Status.RECEIVED, self.Status.ACKNOWLEDGED):
            self.status = self.Status.INVESTIGATING
        self.save(update_fields=["assigned_to", "status"])

    def close(self):
        self.status, self.closed_at = self.Status.CLOSED, timezone.now()
        self.save(update_fields=["status", "closed_at"])


class Note(models.Model):
    """A staff-only line of the investigation: a note, or an action taken. Never edited; a
    correction is a new note."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Investigation note")
        ACTION = "action", _("Action taken")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.concern}"


def attachment_path(instance, filename):
    # A random stored name: the uploaded name may identify a person.
    extension = ".pdf" if filename.lower().endswith(".pdf") else ".jpg"
    return f"complaints/attachments/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    """A staff-only file kept with a concern (a letter, a photo of a note), stored privately
    and served only through an access-checked view."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


class Outcome(models.Model):
    """What the setting decided and told the person who raised the concern: one per concern
    (a second one is refused by the database as well as the service)."""

    class Via(models.TextChoices):
        EMAIL = "email", _("By email, and on their page in the portal")
        LETTER = "letter", _("By letter")
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        NOBODY = "nobody", _("Nobody to tell (anonymous)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    concern = models.OneToOneField(Concern, on_delete=models.PROTECT, related_name="outcome")
    outcome = models.TextField(_("the outcome"), max_length=5000)
    action_taken = models.TextField(_("action taken"), max_length=3000, blank=True)
    notified_via = models.CharField(_("how they are told"), max_length=10, choices=Via.choices)
    notified_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Outcome of {self.concern}"

    @property
    def within_deadline(self) -> bool | None:
        due = self.concern.due_on
        return None if due is None else timezone.localdate(self.notified_at) <= due
