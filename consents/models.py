"""Written consents (EYFS and the partnership policies: medicines, outings, photos, sharing
information). Each form has wording and a version; every answer is kept with who gave it, when,
and to which version; a withdrawal is a new answer that takes effect at once."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from families.models import Child
from preschool.models import Setting


class ConsentKind(models.TextChoices):
    """What a consent is for. Features ask ``has_consent(child, kind)`` by these names."""

    EMERGENCY_TREATMENT = "emergency_treatment", "Emergency medical advice and treatment"
    LOCAL_OUTINGS = "local_outings", "Local outings and walks"
    SCHOOL_PREMISES = "school_premises", "The neighbouring school's premises and field"
    PHOTOS_JOURNAL = "photos_journal", "Photos in my child's learning journal"
    PHOTOS_OTHER_FAMILIES = "photos_other_families", "Photos seen by other families"
    PHOTOS_PUBLIC = "photos_public", "Photos on the website and social media"
    SHARE_PROFESSIONALS = "share_professionals", "Sharing information with professionals"
    ONLINE_JOURNAL = "online_journal", "Using the online learning journal"
    SUN_CREAM_PLASTERS = "sun_cream_plasters", "Sun cream and plasters"
    OTHER = "other", "Another consent the setting asks for"


class ConsentForm(models.Model):
    """One version of a consent form. A change of wording is a new version (the old one and
    its answers stay on record) and families are asked again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="consent_forms")
    kind = models.CharField(max_length=32, choices=ConsentKind.choices)
    title = models.CharField(max_length=200)
    wording = models.TextField()
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["setting", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["setting", "kind", "version"],
                                    condition=~Q(kind="other"), name="consent_form_version"),
            models.UniqueConstraint(fields=["setting", "kind"],
                                    condition=Q(is_current=True) & ~Q(kind="other"),
                                    name="one_current_consent_form_per_kind"),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class ConsentAnswer(models.Model):
    """An answer, yes or no, for one child to one version of a form. Never changed: a new
    answer (a withdrawal, or a yes after a no) is a new row; the latest one counts."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    form = models.ForeignKey(ConsentForm, on_delete=models.PROTECT, related_name="answers")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="consent_answers")
    given = models.BooleanField()
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-answered_at", "-id"]
        indexes = [models.Index(fields=["child", "form", "-answered_at"])]

    def __str__(self):
        return f"{self.child}: {self.form.title} {'yes' if self.given else 'no'}"
