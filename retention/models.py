"""A setting's retention schedule, its legal holds, and the record of what was erased.

Every table here keeps its history: a change of period is a new ``RetentionRule`` (the latest
wins, "back to the default" is a row too), a hold is lifted by recording who lifted it and
why, never by deleting it. ``ErasureLog`` says what kind of record, how many, under which
rule and when; never the content and never a name (shared reference, "How long records are
kept": every erasure is recorded, not the erased content).
"""

import importlib
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preschool.models import AppendOnlyQuerySet, Setting
from preschool.tenancy import setting_scoped
from retention.schedule import SCHEDULE, Action

# The records a hold may be placed on one by one: their model, and what a manager calls it.
# Each has a ``setting`` column and a ``uuid`` (the one in its page's address).
# Keyed by the model's lower-case label, as ``retention.erasers.Holds.records`` names them.
HOLDABLE_RECORDS = {
    "complaints.concern": _("A complaint or concern"),
    "consents.accident": _("An accident or incident"),
    "consents.medicationpermission": _("A medication permission"),
    "learning_journal.observation": _("An observation of the journal"),
    "learning_journal.progresscheck": _("A progress check at two"),
    "messaging.conversation": _("A conversation"),
}

RECORD_TYPES = [(record_type.key, record_type.label) for record_type in SCHEDULE]


class RetentionRule(models.Model):
    """A setting's period for one record type, from ``changed_at`` until the next row of the
    same type. ``is_default``: the setting went back to the portal's default (the period
    columns are then empty)."""

    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=32, choices=RECORD_TYPES)
    is_default = models.BooleanField(default=False)
    years = models.PositiveSmallIntegerField(default=0)
    months = models.PositiveSmallIntegerField(default=0)
    days = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField(max_length=1000)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    objects = setting_scoped(AppendOnlyQuerySet)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["setting", "record_type", "-changed_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="retention_rule_has_a_reason"),
            models.CheckConstraint(
                condition=Q(is_default=True, years=0, months=0, days=0)
                | Q(is_default=False) & (Q(years__gt=0) | Q(months__gt=0) | Q(days__gt=0)),
                name="retention_rule_default_or_a_period"),
        ]

    def __str__(self):
        return f"{self.record_type} of {self.setting_id}"


class LegalHoldQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def in_force(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """Keeps a child's records, an adult's, or one record, whatever their periods, until it is
    lifted (shared reference: an open complaint, a safeguarding case, a claim, a request from
    the police or a court). Exactly one of ``child``, ``user``, ``record_label`` is set."""

    class Reason(models.TextChoices):
        COMPLAINT = "complaint", _("An open complaint")
        SAFEGUARDING = "safeguarding", _("A safeguarding case")
        CLAIM = "claim", _("A claim, or one expected")
        AUTHORITY = "authority", _("A request from the police or a court")
        OTHER = "other", _("Another reason")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("families.Child", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    # One record: its model's lower-case label ("complaints.concern") and its UUID.
    record_label = models.CharField(max_length=100, blank=True)
    record_uuid = models.CharField(max_length=36, blank=True)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    details = models.TextField(max_length=1000)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(max_length=1000, blank=True)

    objects = setting_scoped(LegalHoldQuerySet)

    class Meta:
        ordering = ["-placed_at", "-pk"]
        indexes = [models.Index(fields=["setting", "lifted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(child__isnull=False, user__isnull=True, record_label="")
                           | Q(child__isnull=True, user__isnull=False, record_label="")
                           | Q(child__isnull=True, user__isnull=True) & ~Q(record_label="")
                           & ~Q(record_uuid="")),
                name="legal_hold_on_one_thing"),
            models.CheckConstraint(condition=~Q(details=""), name="legal_hold_has_details"),
            models.CheckConstraint(condition=Q(lifted_at__isnull=True) | ~Q(lift_reason=""),
                                   name="legal_hold_lifted_with_a_reason"),
        ]

    def __str__(self):
        return f"Legal hold {self.uuid}"

    @property
    def is_in_force(self) -> bool:
        return self.lifted_at is None

    @classmethod
    def holds_of(cls, setting):
        """The holds in force in ``setting``, as ``retention.erasers.Holds`` (one query): the
        children, the adults, and the ``(model label, uuid)`` of single records."""
        child_ids: set[int] = set()
        user_ids: set[int] = set()
        records: set[tuple[str, str]] = set()
        for child_id, user_id, label, record_uuid in (
                cls.objects.filter(setting=setting).in_force()
                .values_list("child_id", "user_id", "record_label", "record_uuid")):
            if child_id is not None:
                child_ids.add(child_id)
            elif user_id is not None:
                user_ids.add(user_id)
            else:
                records.add((label, record_uuid))
        erasers = importlib.import_module("retention.erasers")
        return erasers.Holds(child_ids=child_ids, user_ids=user_ids, records=records)

    @property
    def record_name(self) -> str:
        """What a hold on one record is on, as a manager calls it."""
        return str(HOLDABLE_RECORDS.get(self.record_label, self.record_label))


class ErasureNotice(models.Model):
    """What a setting's managers were told, one night, would be erased or anonymised by
    ``for_date``: one row a record type. ``keys`` are the eraser's stable keys of what is due
    (to hold against what is erased later), ``lines`` what the managers read. Nothing is
    erased that was not on such a notice at least ``MANAGER_NOTICE_DAYS`` before."""

    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=32, choices=RECORD_TYPES)
    sent_on = models.DateField()
    for_date = models.DateField()
    keys = models.JSONField(default=list)
    lines = models.JSONField(default=list)
    count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    objects = setting_scoped()

    class Meta:
        ordering = ["-sent_on", "record_type"]
        constraints = [models.UniqueConstraint(fields=["setting", "record_type", "sent_on"],
                                               name="one_erasure_notice_a_type_a_night")]

    def __str__(self):
        return f"{self.record_type} by {self.for_date}"


class ErasureLog(models.Model):
    """One erasure: what kind of record, how many, under which rule, when. Never a name,
    never the content. Append-only."""

    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=32, choices=RECORD_TYPES)
    action = models.CharField(max_length=12, choices=Action.choices)
    count = models.PositiveIntegerField()
    # The period and whether it is the default or the setting's, with the setting's reason.
    rule = models.TextField(max_length=1500)
    notice_sent_on = models.DateField()
    run_on = models.DateField()
    run_at = models.DateTimeField(default=timezone.now)

    objects = setting_scoped(AppendOnlyQuerySet)

    class Meta:
        ordering = ["-run_at", "-pk"]
        indexes = [models.Index(fields=["setting", "-run_at"])]

    def __str__(self):
        return f"{self.count} {self.record_type} on {self.run_on}"


# The adult's right to erasure has its own module; its model is one of the app's tables.
from retention.adults import AdultErasure  # noqa: E402

__all__ = ["AdultErasure", "ErasureLog", "ErasureNotice", "LegalHold", "RetentionRule"]
