"""A setting's privacy options: the bulk-access alarm's thresholds and what families are told
of who looked at their child's record; the alarm's alerts."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preschool.models import Membership, Setting
from preschool.tenancy import setting_scoped
from privacy import constants


def _threshold(label, default):
    return models.PositiveIntegerField(
        label, default=default, validators=[MinValueValidator(1), MaxValueValidator(10_000)])


class PrivacyOptions(models.Model):
    """One row a setting; ``PrivacyOptions.of(setting)`` gives the defaults where none."""

    setting = models.OneToOneField(Setting, on_delete=models.PROTECT, related_name="+")
    show_staff_names_to_families = models.BooleanField(
        _("show families the names of staff who looked"), default=False,
        help_text=_("Families always see which roles looked at their child's record and "
                    "when. Tick to show the names of the staff too."))
    window_minutes = models.PositiveIntegerField(
        _("window (minutes)"), default=constants.WINDOW_MINUTES,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    practitioner_alert = _threshold(_("practitioner: alert at (children)"),
                                    constants.PRACTITIONER_ALERT)
    practitioner_pause = _threshold(_("practitioner: pause at (children)"),
                                    constants.PRACTITIONER_PAUSE)
    manager_alert = _threshold(_("manager: alert at (children)"), constants.MANAGER_ALERT)
    manager_pause = _threshold(_("manager: pause at (children)"), constants.MANAGER_PAUSE)
    family_places_alert = _threshold(_("family: alert at (places at once)"),
                                     constants.FAMILY_PLACES_ALERT)
    updated_at = models.DateTimeField(auto_now=True)

    objects = setting_scoped()

    class Meta:
        verbose_name_plural = "privacy options"

    def __str__(self):
        return f"Privacy options of {self.setting}"

    @classmethod
    def of(cls, setting) -> "PrivacyOptions":
        """The setting's row, or an unsaved one holding the defaults (nothing is written)."""
        return cls.objects.filter(setting=setting).first() or cls(setting=setting)


class AccessAlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def for_setting(self, setting):
        return self.filter(setting=setting)


class AccessAlert(models.Model):
    """The bulk-access alarm raised about one person: one row an episode (privacy/alarm.py).

    While it is open, a further check about the same person and kind updates it (the count,
    a pause) instead of raising another, so managers are told once an episode, and once more
    if the person's access is paused. A manager closes it with an outcome and a note.
    """

    class Kind(models.TextChoices):
        # Staff read the sensitive records of more different children than their role's
        # pattern in the window.
        MANY_CHILDREN = "many_children", _("Many children's records read")
        # A family account used from many places (sessions or addresses) at once.
        MANY_PLACES = "many_places", _("Account used from many places")

    class Outcome(models.TextChoices):
        RESUMED = "resumed", _("Expected: access resumed")
        KEPT_PAUSED = "kept_paused", _("Access kept paused")
        ENDED = "ended", _("Membership ended")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Different children (or places) counted in the window when last checked; the highest.
    count = models.PositiveIntegerField()
    threshold = models.PositiveIntegerField(help_text="The alert threshold when raised.")
    window_minutes = models.PositiveIntegerField()
    # Looks from this moment on are what the alert is about (the window when it was raised).
    looks_since = models.DateTimeField()
    raised_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When this alert paused the membership (past the second threshold).
    paused_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True)

    objects = setting_scoped(AccessAlertQuerySet)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            # One open alert a person and kind: an episode is told once (no alert storm).
            models.UniqueConstraint(fields=["membership", "kind"],
                                    condition=models.Q(closed_at__isnull=True),
                                    name="one_open_access_alert_per_person_and_kind"),
        ]
        indexes = [models.Index(fields=["setting", "-raised_at"], name="accessalert_setting")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.membership.user} ({self.count})"

    def get_absolute_url(self) -> str:
        return reverse("privacy-alert-detail", args=[self.uuid])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
