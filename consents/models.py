"""Written consents (EYFS and the partnership policies: medicines, outings, photos, sharing
information). Each form has wording and a version; every answer is kept with who gave it, when,
and to which version; a withdrawal is a new answer that takes effect at once."""

import re
import uuid
from datetime import time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from consents.constants import OFSTED_NOTIFY_DAYS, PRESCRIBERS
from families.models import Child
from preschool.models import Setting
from preschool.tenancy import setting_scoped


class ConsentKind(models.TextChoices):
    """What a consent is for. Features ask ``has_consent(child, kind)`` by these names."""

    EMERGENCY_TREATMENT = "emergency_treatment", _("Emergency medical advice and treatment")
    LOCAL_OUTINGS = "local_outings", _("Local outings and walks")
    SCHOOL_PREMISES = "school_premises", _("The neighbouring school's premises and field")
    PHOTOS_JOURNAL = "photos_journal", _("Photos in my child's learning journal")
    PHOTOS_OTHER_FAMILIES = "photos_other_families", _("Photos seen by other families")
    PHOTOS_PUBLIC = "photos_public", _("Photos on the website and social media")
    SHARE_PROFESSIONALS = "share_professionals", _("Sharing information with professionals")
    ONLINE_JOURNAL = "online_journal", _("Using the online learning journal")
    SUN_CREAM_PLASTERS = "sun_cream_plasters", _("Sun cream and plasters")
    OTHER = "other", _("Another consent the setting asks for")


new_uuid = uuid.uuid4


class ConsentFormQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def current(self):
        return self.filter(is_current=True)


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
    # Every version of one form shares its series: how the versions of the setting's own
    # ("other") forms, of which there may be several, are told apart.
    series = models.UUIDField(default=new_uuid, editable=False, db_index=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped(ConsentFormQuerySet)

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
    # A "no" after a "yes" to the same version: shown to staff at once.
    is_withdrawal = models.BooleanField(default=False)

    class Meta:
        ordering = ["-answered_at", "-id"]
        indexes = [models.Index(fields=["child", "form", "-answered_at"])]

    def __str__(self):
        return f"{self.child}: {self.form.title} {'yes' if self.given else 'no'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Consent answers are never changed: record a new answer.")
        super().save(*args, **kwargs)


# --- Outings ---------------------------------------------------------------------------------

class Outing(models.Model):
    """A planned outing (a walk, a visit to the school field) and the children going. Who may go
    is read from their consents when the list is shown, so a withdrawal counts at once."""

    class Kind(models.TextChoices):
        LOCAL = ConsentKind.LOCAL_OUTINGS.value, _("A local outing or walk")
        SCHOOL = ConsentKind.SCHOOL_PREMISES.value, _("The neighbouring school's premises or field")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="outings")
    kind = models.CharField(_("where to"), max_length=32, choices=Kind.choices,
                            default=Kind.LOCAL)
    date = models.DateField()
    leaves_at = models.TimeField(_("leaving at"), null=True, blank=True)
    returns_at = models.TimeField(_("back by"), null=True, blank=True)
    place = models.CharField(max_length=200)
    purpose = models.TextField(_("what we will do"), blank=True)
    children = models.ManyToManyField(Child, related_name="outings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-date", "-leaves_at"]

    def __str__(self):
        return f"{self.place} on {self.date:%d %b %Y}"


# --- Medication --------------------------------------------------------------------------------

class MedicationPolicy(models.Model):
    """The setting's choices about medicines (one row per setting; none means the defaults)."""

    setting = models.OneToOneField(Setting, on_delete=models.PROTECT,
                                   related_name="medication_policy")
    accepts_non_prescribed = models.BooleanField(
        _("we give non-prescribed medicines"), default=False,
        help_text=_("For example infant paracetamol bought at a pharmacy, with the parent's "
                    "written permission."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = setting_scoped()

    class Meta:
        verbose_name_plural = _("medication policies")

    def __str__(self):
        return f"Medication policy of {self.setting}"

    @classmethod
    def of(cls, setting) -> "MedicationPolicy":
        """The setting's policy, or an unsaved one with the defaults."""
        return cls.objects.filter(setting=setting).first() or cls(setting=setting)


class DoseUnit(models.TextChoices):
    ML = "ml", _("ml")
    MG = "mg", _("mg")
    TABLET = "tablet", _("tablet(s)")
    PUFF = "puff", _("puff(s)")
    DROP = "drop", _("drop(s)")
    SACHET = "sachet", _("sachet(s)")
    APPLICATION = "application", _("application(s) of cream")


_CLOCK_TIME = re.compile(
    r"\b(?:(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>[0-5]\d)(?!\s*[ap]\.?m)"
    r"|(?P<h12>1[0-2]|0?[1-9])(?:[:.](?P<m12>[0-5]\d))?\s*(?P<half>[ap])\.?m\.?"
    r"|(?P<noon>noon|midday))(?![\w.:]*\d)", re.IGNORECASE)


def times_in(text: str) -> list[time]:
    """The clock times written in ``text``: 24-hour (12:00, 8.30), 12-hour (8am, 6.30 pm)
    and "noon" or "midday"."""
    found = []
    for match in _CLOCK_TIME.finditer(text or ""):
        if match["noon"]:
            found.append(time(12, 0))
        elif match["h24"] is not None:
            found.append(time(int(match["h24"]), int(match["m24"])))
        else:
            hour = int(match["h12"]) % 12 + (12 if match["half"].lower() == "p" else 0)
            found.append(time(hour, int(match["m12"] or 0)))
    return found


class MedicationPermissionQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def in_force(self):
        """Accepted by staff and neither ended nor replaced (an end date in the past does not
        end it: a dose after it is recorded with a warning)."""
        return self.filter(status=MedicationPermission.Status.ACCEPTED)


class MedicationPermission(models.Model):
    """A parent's written permission for one medicine (EYFS: for each and every medicine,
    before it is given). Never edited: a change is a new permission that replaces this one,
    which is ended."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for staff to check the label")
        ACCEPTED = "accepted", _("In force")
        DECLINED = "declined", _("Declined by the setting")
        ENDED = "ended", _("Ended")
        REPLACED = "replaced", _("Replaced by a newer permission")

    class Route(models.TextChoices):
        MOUTH = "mouth", _("By mouth")
        INHALED = "inhaled", _("Inhaled (inhaler, spacer)")
        SKIN = "skin", _("On the skin (cream, ointment)")
        EYE = "eye", _("Eye drops")
        EAR = "ear", _("Ear drops")
        NOSE = "nose", _("Nose (spray, drops)")
        INJECTION = "injection", _("Injection (e.g. adrenaline auto-injector)")
        OTHER = "other", _("Another way (say in the instructions)")

    class Storage(models.TextChoices):
        ROOM = "room", _("At room temperature, out of reach")
        FRIDGE = "fridge", _("In the fridge")
        WITH_CHILD = "with_child", _("Kept with the child (e.g. an inhaler or auto-injector)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT,
                                related_name="medication_permissions")
    child = models.ForeignKey(Child, on_delete=models.PROTECT,
                              related_name="medication_permissions")
    medicine = models.CharField(_("name of the medicine"), max_length=150)
    contains_aspirin = models.BooleanField(_("it contains aspirin"), default=False)
    prescribed = models.BooleanField(_("it was prescribed"), default=False)
    prescriber = models.CharField(_("prescribed by"), max_length=12, blank=True,
                                  choices=[("", _("Not prescribed")), *PRESCRIBERS])
    prescriber_name = models.CharField(_("prescriber's name or practice"), max_length=150,
                                       blank=True)
    dose_amount = models.DecimalField(_("dose"), max_digits=7, decimal_places=2)
    dose_unit = models.CharField(_("unit"), max_length=12, choices=DoseUnit.choices)
    when_to_give = models.CharField(
        _("when to give it"), max_length=300,
        help_text=_('Times or conditions, e.g. "12:00 with lunch" or "when temperature over '
                    '38C".'))
    min_hours_between = models.DecimalField(
        _("at least this many hours between doses"), max_digits=4, decimal_places=1)
    max_doses_per_day = models.PositiveSmallIntegerField(
        _("no more than this many doses a day"), null=True, blank=True)
    route = models.CharField(_("how it is given"), max_length=12, choices=Route.choices)
    reason = models.CharField(_("what it is for"), max_length=300)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    storage = models.CharField(max_length=12, choices=Storage.choices)
    storage_notes = models.CharField(_("anything else about storage"), max_length=300, blank=True)
    declaration = models.TextField(help_text=_("The words the parent agreed to, as shown then."))
    declared_name = models.CharField(_("name typed as a signature"), max_length=150)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.CharField(max_length=300, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=300, blank=True)

    objects = setting_scoped(MedicationPermissionQuerySet)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["setting", "status"])]

    def __str__(self):
        return f"{self.medicine} for {self.child}"

    @property
    def dose_display(self) -> str:
        return f"{self.dose_amount.normalize():f} {self.get_dose_unit_display()}"

    def permitted_times(self) -> list[time]:
        """The times of day "when to give it" names ("12:00 with lunch", "8am and 6.30pm",
        "at noon"), in order; empty when it names none ("when temperature over 38C")."""
        return sorted(set(times_in(self.when_to_give)))

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_open(self) -> bool:
        """Not yet ended, declined or replaced: may still be ended or replaced."""
        return self.status in (self.Status.REQUESTED, self.Status.ACCEPTED)


class MedicationDoseQuerySet(models.QuerySet):
    def current(self):
        """Doses not corrected by a later entry (corrections are new rows)."""
        return self.filter(corrected_by__isnull=True)

    def unacknowledged(self):
        return self.current().filter(acknowledgement__isnull=True)

    def double_doses_to_review(self):
        """Current doses flagged as a possible double dose that no manager has reviewed."""
        return self.current().filter(possible_double_dose=True,
                                     double_dose_review__isnull=True)


class MedicationDose(models.Model):
    """One administration of a medicine (EYFS: a written record each time). Never changed: a
    correction is a new entry pointing at the one it corrects."""

    class Warning(models.TextChoices):
        NO_PERMISSION = "no_permission", _("There is no written permission for this medicine")
        NOT_ACCEPTED = "not_accepted", _("The permission has not been checked and accepted")
        BEFORE_START = "before_start", _("The permission has not started yet")
        AFTER_END = "after_end", _("The permission's end date has passed")
        TOO_MUCH = "too_much", _("More than the dose the parent gave permission for")
        OTHER_UNIT = "other_unit", _("In another unit than the permission's")
        TOO_SOON = "too_soon", _("Too soon after the last dose")
        TOO_MANY = "too_many", _("More doses today than the permission allows")
        DOUBLE = "double", _("Another dose of this medicine was recorded moments before")
        OFF_TIME = "off_time", _("Far from the time the permission gives")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT,
                                related_name="medication_doses")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="medication_doses")
    permission = models.ForeignKey(MedicationPermission, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="doses")
    medicine = models.CharField(max_length=150)
    given_at = models.DateTimeField(_("given at"))
    dose_amount = models.DecimalField(_("dose given"), max_digits=7, decimal_places=2)
    dose_unit = models.CharField(_("unit"), max_length=12, choices=DoseUnit.choices)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    witnessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    notes = models.CharField(max_length=300, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    reason = models.TextField(_("why it was given anyway"), blank=True)
    possible_double_dose = models.BooleanField(default=False)
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="corrected_by")
    correction_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(MedicationDoseQuerySet)

    class Meta:
        ordering = ["-given_at", "-id"]
        # The child's record, and the setting's lists (doses today, not acknowledged, flagged)
        # read newest or oldest first a page at a time.
        indexes = [models.Index(fields=["child", "-given_at"]),
                   models.Index(fields=["setting", "given_at"])]

    def __str__(self):
        return f"{self.medicine} {self.dose_display} to {self.child} at {self.given_at:%H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Medication records are never changed: record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Medication records are never deleted.")

    @property
    def dose_display(self) -> str:
        return f"{self.dose_amount.normalize():f} {self.get_dose_unit_display()}"

    def warning_labels(self) -> list[str | Promise]:
        return [self.Warning(w).label for w in self.warnings if w in self.Warning.values]


class DoseAcknowledgement(models.Model):
    """The family saw the dose: the digital version of signing the medication record at the
    end of the session (EYFS: parents informed the same day)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dose = models.OneToOneField(MedicationDose, on_delete=models.PROTECT,
                                related_name="acknowledgement")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.acknowledged_by} saw {self.dose}"


class DoubleDoseReview(models.Model):
    """A manager looked into a dose flagged as a possible double dose (two staff recording the
    same dose at once) and wrote down what they found and did. The dose itself is never
    changed; the review is a new row, at most one per dose, never changed or deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dose = models.OneToOneField(MedicationDose, on_delete=models.PROTECT,
                                related_name="double_dose_review")
    note = models.TextField(_("what was found and done"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.reviewed_by} reviewed {self.dose}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Reviews of double doses are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Reviews of double doses are never deleted.")


# --- Accidents and incidents ---------------------------------------------------------------

class BodyPosition(models.TextChoices):
    HEAD = "head", _("Head")
    FACE = "face", _("Face")
    EYE_LEFT = "eye_left", _("Left eye")
    EYE_RIGHT = "eye_right", _("Right eye")
    MOUTH = "mouth", _("Mouth or teeth")
    NECK = "neck", _("Neck")
    CHEST = "chest", _("Chest")
    TUMMY = "tummy", _("Tummy")
    BACK = "back", _("Back")
    BOTTOM = "bottom", _("Bottom")
    ARM_LEFT = "arm_left", _("Left arm")
    ARM_RIGHT = "arm_right", _("Right arm")
    HAND_LEFT = "hand_left", _("Left hand")
    HAND_RIGHT = "hand_right", _("Right hand")
    LEG_LEFT = "leg_left", _("Left leg")
    LEG_RIGHT = "leg_right", _("Right leg")
    KNEE_LEFT = "knee_left", _("Left knee")
    KNEE_RIGHT = "knee_right", _("Right knee")
    FOOT_LEFT = "foot_left", _("Left foot")
    FOOT_RIGHT = "foot_right", _("Right foot")


class AccidentQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def current(self):
        return self.filter(corrected_by__isnull=True)

    def unacknowledged(self):
        return self.current().filter(acknowledgement__isnull=True)

    def awaiting_ofsted(self):
        """Serious ones (in their latest version) not yet notified to Ofsted."""
        notified = OfstedNotification.objects.filter(original_id=OuterRef("original_or_self"))
        return (self.current().filter(serious=True)
                .annotate(original_or_self=Coalesce("original_id", "id"))
                .filter(~Exists(notified)))


class Accident(models.Model):
    """An accident, injury or incident at the setting, or an injury seen on arrival (EYFS:
    accidents, injuries and first aid are recorded and parents told the same day). Never
    changed: a correction is a new entry pointing at the one it corrects."""

    class Kind(models.TextChoices):
        ACCIDENT = "accident", _("Accident or injury at the setting")
        INCIDENT = "incident", _("Incident (no injury)")
        ON_ARRIVAL = "on_arrival", _("Existing injury seen on arrival")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="accidents")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="accidents")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ACCIDENT)
    happened_at = models.DateTimeField(_("when it happened (or was seen)"))
    location = models.CharField(_("where"), max_length=200)
    what_happened = models.TextField(_("what happened"))
    injury = models.TextField(_("the injury"), blank=True)
    body_position = models.CharField(_("where on the body"), max_length=12, blank=True,
                                     choices=BodyPosition.choices)
    first_aid = models.TextField(_("first aid given"), blank=True)
    first_aid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("first aid given by"))
    witnesses = models.CharField(max_length=300, blank=True)
    parent_explanation = models.TextField(_("what the family said about it"), blank=True)
    serious = models.BooleanField(
        _("serious: Ofsted must be notified"), default=False,
        help_text=_("A serious accident, illness or injury (for example one needing hospital "
                    "treatment)."))
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="corrected_by")
    original = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="versions")
    correction_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(AccidentQuerySet)

    class Meta:
        ordering = ["-happened_at", "-id"]
        indexes = [models.Index(fields=["child", "-happened_at"]),
                   models.Index(fields=["setting", "happened_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.child}, {self.happened_at:%d %b %Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Accident records are never changed: record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Accident records are never deleted.")

    @property
    def original_id_or_own(self) -> int:
        return self.original_id or self.pk

    @property
    def ofsted_due_on(self):
        """EYFS: notify Ofsted within 14 days (constants.OFSTED_NOTIFY_DAYS)."""
        return timezone.localdate(self.happened_at) + timedelta(days=OFSTED_NOTIFY_DAYS)


class AccidentAcknowledgement(models.Model):
    """The family saw the accident record (EYFS: parents informed the same day)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    accident = models.OneToOneField(Accident, on_delete=models.PROTECT,
                                    related_name="acknowledgement")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"{self.acknowledged_by} saw {self.accident}"


class OfstedNotification(models.Model):
    """The manager told Ofsted of a serious accident (EYFS: within 14 days). Points at the
    original record, so corrections of it count as notified too."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    original = models.OneToOneField(Accident, on_delete=models.PROTECT,
                                    related_name="ofsted_notification")
    notified_on = models.DateField()
    reference = models.CharField(_("Ofsted's reference, if given"), max_length=100, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Ofsted notified on {self.notified_on} of {self.original}"
