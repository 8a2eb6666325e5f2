"""Who may collect a child: adults the family names, one-day collection passwords, and late
collections.

The rule (the partnership policies in shared/seeds): a child is released only to an adult the
family has named, or, on a day the family has arranged it, to an adult unknown to staff who
gives the password a parent set for that day.

A collection password is stored only as a hash made by Django's password hashers
(django.contrib.auth.hashers); the password itself is never stored, logged or shown again.
"""

import uuid

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from attendance.models import AttendanceRecord
from families.models import Child, ChildAdult
from preschool.models import Setting
from preschool.tenancy import setting_scoped


def normalise_password(value: str) -> str:
    """A collection password is spoken at the door and typed by staff: capitals and spacing
    do not matter ("Blue  Giraffe" is "blue giraffe")."""
    return " ".join((value or "").lower().split())


def collector_photo_path(instance, filename):
    # A random name: the uploaded file's name may identify a person or a device.
    return f"collection/collectors/{uuid.uuid4().hex}.jpg"


class AuthorisedCollectorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class AuthorisedCollector(models.Model):
    """An adult the family has named as someone who may collect the child.

    Adults on the child's record with "may collect" are authorised already; this adds others
    (a grandparent, a childminder) or a photo for someone on the record (``child_adult``).
    Removing one keeps the row, with who removed it and when.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT,
                              related_name="authorised_collectors")
    child_adult = models.ForeignKey(ChildAdult, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    name = models.CharField(_("full name"), max_length=150)
    relationship = models.CharField(
        _("relationship to the child"), max_length=60,
        help_text=_("For example: grandmother, childminder, family friend."))
    phone = models.CharField(max_length=30, blank=True)
    photo = models.FileField(upload_to=collector_photo_path, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped(AuthorisedCollectorQuerySet)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.relationship}) for {self.child}"


class CollectionPasswordQuerySet(models.QuerySet):
    def active_on(self, day):
        """Passwords for ``day`` that still stand (not cancelled or replaced)."""
        return self.filter(for_date=day, cancelled_at__isnull=True)


class CollectionPassword(models.Model):
    """A password a parent sets for one day, for one named adult staff do not know.

    ``password_hash`` is made by Django's password hashers; the password is never kept. It
    works only on ``for_date`` (it expires at the end of that day), only after staff have
    checked it at the door, and only once.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT,
                              related_name="collection_passwords")
    for_date = models.DateField(_("for the day"))
    collector_name = models.CharField(_("name of the adult collecting"), max_length=150)
    collector_relationship = models.CharField(_("who they are"), max_length=60, blank=True)
    password_hash = models.CharField(max_length=256, editable=False)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    used_record = models.ForeignKey(AttendanceRecord, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped(CollectionPasswordQuerySet)

    class Meta:
        ordering = ["-for_date", "-set_at"]
        constraints = [
            models.UniqueConstraint(fields=["child", "for_date"],
                                    condition=Q(cancelled_at__isnull=True),
                                    name="one_collection_password_per_child_and_day"),
        ]

    def __str__(self):
        # Never the password, nor its hash: this is what the admin and the audit trail show.
        return f"Collection password for {self.child} on {self.for_date:%d %b %Y}"

    def set_password(self, raw: str) -> None:
        self.password_hash = make_password(normalise_password(raw))

    def verify(self, attempt: str) -> bool:
        """Whether ``attempt`` is the password (as spoken: capitals and spaces ignored)."""
        return check_password(normalise_password(attempt), self.password_hash)

    @property
    def status(self) -> str:
        if self.cancelled_at:
            return gettext("Cancelled")
        if self.used_at:
            return gettext("Used")
        if self.verified_at:
            return gettext("Checked at the door")
        return gettext("Waiting")


class PasswordAttempt(models.Model):
    """One check of a collection password at the door: who typed it, when, and the answer.

    Never what was typed. The lock on repeated wrong passwords counts these rows (the law wants
    the record anyway), so it holds across processes and restarts.
    """

    class Result(models.TextChoices):
        MATCH = "match", _("Match")
        NO_MATCH = "no_match", _("No match")
        LOCKED = "locked", _("Refused: too many wrong passwords")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    password = models.ForeignKey(CollectionPassword, on_delete=models.PROTECT,
                                 related_name="attempts")
    for_date = models.DateField()
    tried_at = models.DateTimeField()
    tried_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    result = models.CharField(max_length=10, choices=Result.choices)

    objects = setting_scoped()

    class Meta:
        ordering = ["-tried_at"]
        indexes = [models.Index(fields=["child", "for_date", "result", "tried_at"])]

    def __str__(self):
        return f"{self.get_result_display()} for {self.child} at {self.tried_at:%H:%M}"


class LateCollection(models.Model):
    """A child collected after their session ended: when, by whom, and why."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="late_collections")
    record = models.OneToOneField(AttendanceRecord, on_delete=models.PROTECT,
                                  related_name="late_collection")
    session_ended_at = models.DateTimeField()
    collected_at = models.DateTimeField()
    minutes_late = models.PositiveIntegerField()
    collected_by = models.CharField(max_length=150)
    reason = models.TextField(_("reason given"), max_length=1000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-collected_at"]

    def __str__(self):
        return f"{self.child} collected {self.minutes_late} minutes late"
