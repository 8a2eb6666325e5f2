"""Subject access requests: the log of requests for a copy of the data the setting holds.

A request is about one child (asked by a parent with parental responsibility) or one adult
(asked by themselves). It is logged however it arrived (UK GDPR: a request can be made in any
form), runs on a one-month clock (``constants.RESPONSE_MONTHS``, extendable by up to two
months), and ends with a bundle a manager checks and releases, or with a refusal. Nothing here
is deleted: what happened is kept on the row and in the audit trail.
"""

import hashlib
import secrets
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Calendar months, to the last day of a shorter month (31 January + 1 month = 28 February, or
# 29 in a leap year): the journal's one definition, used by the progress check's age too.
from learning_journal.checks import add_months
from preschool.models import Setting
from preschool.tenancy import setting_scoped
from subject_access.constants import MAX_EXTENSION_MONTHS, RESPONSE_MONTHS


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bundle_path(instance, filename):
    return f"subject_access/{instance.setting.uuid}/{uuid.uuid4().hex}.zip"


class SubjectAccessRequestQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def open(self):
        """Not yet answered: the clock is running."""
        return self.filter(status__in=SubjectAccessRequest.OPEN)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(Q(extended_to__isnull=True, due_on__lt=today)
                                  | Q(extended_to__lt=today))


class SubjectAccessRequest(models.Model):
    class How(models.TextChoices):
        ONLINE = "online", _("Online, through the portal")
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        EMAIL = "email", _("By email")
        LETTER = "letter", _("By letter")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        BUILDING = "building", _("Copy being prepared")
        READY = "ready_for_review", _("Ready for the manager to check")
        RELEASED = "released", _("Released")
        DOWNLOADED = "downloaded", _("Downloaded")
        CLOSED = "closed", _("Closed")
        REFUSED = "refused", _("Refused")

    OPEN = (Status.RECEIVED, Status.BUILDING, Status.READY)
    ANSWERED = (Status.RELEASED, Status.DOWNLOADED, Status.CLOSED, Status.REFUSED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT,
                                related_name="subject_access_requests")
    # The subject: a child, or an adult (the person asking about themselves).
    child = models.ForeignKey("families.Child", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="subject_access_requests")
    subject_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # Who asked: an account, or a name and contact typed by staff.
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT,
                                  related_name="subject_access_requests")
    requester_name = models.CharField(_("name of the person asking"), max_length=150,
                                      blank=True)
    requester_contact = models.CharField(_("their email, phone or address"), max_length=300,
                                         blank=True)
    relationship = models.CharField(_("who they are to the child"), max_length=80, blank=True)
    details = models.TextField(_("what they asked for"), max_length=3000, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    received_how = models.CharField(_("how it reached us"), max_length=10,
                                    choices=How.choices, default=How.ONLINE)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(max_length=2000, blank=True)
    extension_told_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    outcome_reason = models.TextField(max_length=3000, blank=True)  # why refused, or closed
    answered_at = models.DateTimeField(null=True, blank=True)
    # The bundle (private storage), made by subject_access.tasks.build_bundle.
    bundle = models.FileField(upload_to=bundle_path, max_length=200, blank=True)
    build_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    build_requested_at = models.DateTimeField(null=True, blank=True)
    build_started_at = models.DateTimeField(null=True, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    build_error = models.TextField(blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    # The download link: only the token's SHA-256 is kept; the token is in the email.
    link_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(SubjectAccessRequestQuerySet)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["setting", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(child__isnull=False, subject_user__isnull=True)
                           | Q(child__isnull=True, subject_user__isnull=False)),
                name="subject_access_one_subject"),
            models.CheckConstraint(
                condition=Q(requester__isnull=False) | ~Q(requester_name=""),
                name="subject_access_someone_asked"),
        ]

    def __str__(self):
        return gettext("Request for a copy of %(whom)s's data") % {"whom": self.subject_label}

    def get_absolute_url(self):
        return reverse("subject-access-detail", args=[self.uuid])

    @staticmethod
    def due_date_for(received_at) -> date:
        """UK GDPR Art. 12(3): one calendar month from the day it was received."""
        return add_months(timezone.localdate(received_at), RESPONSE_MONTHS)

    @property
    def received_on(self) -> date:
        return timezone.localdate(self.received_at)

    @property
    def latest_extension(self) -> date:
        """The furthest the deadline may be extended to: two more months."""
        return add_months(self.received_on, RESPONSE_MONTHS + MAX_EXTENSION_MONTHS)

    @property
    def deadline(self) -> date:
        return self.extended_to or self.due_on

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and timezone.localdate() > self.deadline

    @property
    def days_left(self) -> int | None:
        return (self.deadline - timezone.localdate()).days if self.is_open else None

    @property
    def subject_label(self) -> str:
        person = self.child if self.child_id is not None else self.subject_user
        return person.full_name if person is not None else ""

    @property
    def requester_label(self) -> str:
        if self.requester is not None:
            return self.requester.full_name
        return self.requester_name

    @property
    def answered_in_time(self) -> bool | None:
        """Answered (released, handed over or refused) by its deadline; None while open or
        closed without an answer."""
        if self.answered_at is None or self.status == self.Status.CLOSED and not self.released_at:
            return None
        return timezone.localdate(self.answered_at) <= self.deadline

    @property
    def is_building(self) -> bool:
        return self.status == self.Status.BUILDING

    @property
    def link_is_live(self) -> bool:
        return bool(self.link_token_hash and self.link_expires_at
                    and self.link_expires_at > timezone.now()
                    and self.status in (self.Status.RELEASED, self.Status.DOWNLOADED))

    def download_url(self, token: str) -> str:
        return settings.SITE_URL + reverse("subject-access-download", args=[self.uuid, token])

    def new_link(self, days: int) -> str:
        """A fresh download link (the old one stops working); returns the token, which is
        kept nowhere but in what is sent to the requester."""
        token = secrets.token_urlsafe(32)
        self.link_token_hash = hash_token(token)
        self.link_expires_at = timezone.now() + timedelta(days=days)
        return token
