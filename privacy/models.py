"""A setting's privacy options: the bulk-access alarm's thresholds and what families are told
of who looked at their child's record."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from preschool.models import Setting
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
