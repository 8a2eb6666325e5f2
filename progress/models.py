"""Where each child is in each area of learning, at the setting's assessment points
(docs/architecture.md, "Progress").

- ``Framework`` and ``Band``: the guidance a setting tracks against and its bands or ranges,
  shipped as data (progress/frameworks.py names their source and licence). ``SettingStatement``:
  a setting's own statements of what to look for, by area (and aspect) and band.
- ``ProgressOptions``: a setting's framework and whether its key persons judge each aspect
  too. ``AssessmentPoint``: when the setting assesses: on entry (each child once, after they
  start), then dated points (each term).
- ``Assessment``: one child at one point, by their key person; a draft until shared with the
  family, who read it in plain words and add their comment. ``Judgement``: one area (or
  aspect) of it: on track, working towards or not yet on track (and, under Birth to 5 Matters,
  the range), a short comment, and the observations that are its evidence.

Nothing here is deleted by the portal's pages: an assessment is corrected (each change of a
shared one is in the audit trail), a point or statement is retired.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from families.models import Child, Room
from learning_journal.models import Area, Aspect, Observation
from preschool.models import Setting
from preschool.tenancy import setting_scoped
from progress.constants import BIRTH_TO_5_MATTERS, DEVELOPMENT_MATTERS

# --- The frameworks (shipped data, every setting's) -----------------------------------------


class Framework(models.Model):
    """Non-statutory guidance a setting assesses against: Development Matters, Birth to 5
    Matters. Shipped by a migration (progress/frameworks.py); not a setting's row."""

    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=100)
    publisher = models.CharField(max_length=200)
    source_url = models.URLField()
    licence = models.CharField(max_length=200)
    licence_url = models.URLField()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return gettext(self.name)

    @property
    def uses_ranges(self) -> bool:
        """Birth to 5 Matters: each judgement names a range. Development Matters: the child's
        band follows from their age."""
        return self.code == BIRTH_TO_5_MATTERS


class Band(models.Model):
    """A band of a framework: Development Matters' broad age bands (with their months), or a
    Birth to 5 Matters range (no months: a range describes development, not age)."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="bands")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    from_months = models.PositiveSmallIntegerField(null=True, blank=True)
    to_months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"],
                                               name="band_code_unique")]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return gettext(self.name)


# --- A setting's choices ----------------------------------------------------------------------


class ProgressOptions(models.Model):
    """A setting's framework, and whether its key persons judge each aspect as well as each
    area (one row a setting, read with ``of``)."""

    setting = models.OneToOneField(Setting, on_delete=models.PROTECT,
                                   related_name="progress_options")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("framework"))
    judge_aspects = models.BooleanField(
        _("judge each aspect too"), default=False,
        help_text=_("Key persons record a judgement for each aspect of an area (such as "
                    "Speaking), as well as for the area."))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped()

    class Meta:
        verbose_name_plural = "progress options"

    def __str__(self):
        return f"Progress options of {self.setting}"

    @classmethod
    def of(cls, setting) -> "ProgressOptions":
        """The setting's options, or (not saved) the defaults: Development Matters, areas
        only."""
        found = cls.objects.filter(setting=setting).select_related("framework").first()
        if found is not None:
            return found
        return cls(setting=setting, framework=Framework.objects.get(code=DEVELOPMENT_MATTERS))


class SettingStatement(models.Model):
    """A statement of what to look for, a setting's own, by area (and aspect) and band: shown
    beside the form as a guide, never ticked off."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    band = models.ForeignKey(Band, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("band or range"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("area"))
    aspect = models.ForeignKey(Aspect, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("aspect"))
    text = models.TextField(_("statement"), max_length=500)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped()

    class Meta:
        ordering = ["area__order", "aspect__order", "band__order", "created_at"]

    def __str__(self):
        return self.text[:60]


class FrameworkStatement(models.Model):
    """A statement published in a framework, loaded by an operator from its publication
    (``manage.py load_statements``), where the framework's licence allows it; every
    setting's that uses the framework."""

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="statements")
    band = models.ForeignKey(Band, on_delete=models.PROTECT, related_name="statements")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    aspect = models.ForeignKey(Aspect, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["framework", "band__order", "area__order", "aspect__order", "order"]

    def __str__(self):
        return self.text[:60]


class AssessmentPointQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def in_use(self):
        return self.filter(retired_at__isnull=True)


class AssessmentPoint(models.Model):
    """When a setting assesses. ``ENTRY``: each child once, after they start (children who
    start on or after ``starts_on``); one a setting. ``DATED``: every child on roll, between
    ``starts_on`` and ``ends_on`` (a term). Retired, never deleted."""

    class Kind(models.TextChoices):
        ENTRY = "entry", _("On entry")
        DATED = "dated", _("Dated point (such as a term)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.DATED)
    name = models.CharField(pgettext_lazy("assessment point", "name"), max_length=80,
                            help_text=_("As key persons and families will read it, such as "
                                        "\"Autumn term 2026\"."))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = setting_scoped(AssessmentPointQuerySet)

    class Meta:
        # On entry first, then by date: the order of a child's chart and the cohort's columns.
        ordering = ["-kind", "starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["setting"],
                                    condition=Q(kind="entry", retired_at__isnull=True),
                                    name="one_entry_point_per_setting"),
            models.CheckConstraint(
                condition=Q(kind="entry", ends_on__isnull=True)
                | Q(kind="dated", ends_on__isnull=False, ends_on__gte=models.F("starts_on")),
                name="point_dates_fit_its_kind"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_entry(self) -> bool:
        return self.kind == self.Kind.ENTRY


# --- A child at a point -----------------------------------------------------------------------


class AssessmentQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def shared(self):
        return self.filter(status=Assessment.Status.SHARED)


class Assessment(models.Model):
    """One child at one assessment point: a judgement for each area, by the key person (or
    back-up, or a manager); shared with the family, who may add their comment."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SHARED = "shared", _("Shared with the family")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="assessments")
    point = models.ForeignKey(AssessmentPoint, on_delete=models.PROTECT,
                              related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    # Development Matters: the broad band of the child's age on ``assessed_on``.
    band = models.ForeignKey(Band, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    assessed_on = models.DateField(_("assessed on"))
    # The child's age in whole months on ``assessed_on`` (kept with the date: the cohort groups
    # by it without working ages out row by row).
    age_months = models.PositiveSmallIntegerField(default=0)
    # The child's room when the assessment was started, then when it was shared (a correction
    # keeps it): the cohort counts a child in the room they were assessed in, not today's.
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    family_comment = models.TextField(_("your comment"), max_length=2000, blank=True)
    family_commented_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    family_commented_at = models.DateTimeField(null=True, blank=True)

    objects = setting_scoped(AssessmentQuerySet)

    class Meta:
        ordering = ["child", "point__starts_on"]
        constraints = [models.UniqueConstraint(fields=["child", "point"],
                                               name="one_assessment_per_child_and_point")]
        indexes = [models.Index(fields=["setting", "point", "status"],
                                name="assessment_cohort_idx")]

    def __str__(self):
        return f"{self.child} at {self.point}"

    @property
    def is_shared(self) -> bool:
        return self.status == self.Status.SHARED


class Judgement(models.Model):
    """One area (``aspect`` empty) or one aspect of an assessment: a best fit, not a tick
    list."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        WORKING_TOWARDS = "towards", _("Working towards")
        NOT_YET = "not_yet", _("Not yet on track")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT,
                                   related_name="judgements")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    aspect = models.ForeignKey(Aspect, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    status = models.CharField(_("judgement"), max_length=8, choices=Status.choices,
                              blank=True)
    # Birth to 5 Matters: the range that best fits.
    band = models.ForeignKey(Band, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("range"))
    comment = models.TextField(_("comment"), max_length=600, blank=True)
    evidence: "models.ManyToManyField[Observation, JudgementEvidence]" = models.ManyToManyField(
        Observation, through="JudgementEvidence", related_name="+", blank=True)

    class Meta:
        ordering = ["area__order", "aspect__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "area"],
                                    condition=Q(aspect__isnull=True),
                                    name="one_judgement_per_area"),
            models.UniqueConstraint(fields=["assessment", "aspect"],
                                    condition=Q(aspect__isnull=False),
                                    name="one_judgement_per_aspect"),
        ]

    def __str__(self):
        return f"{self.aspect or self.area}: {self.status}"


# How far along each judgement is, for charts (higher is further).
STATUS_LEVEL = {Judgement.Status.NOT_YET: 0, Judgement.Status.WORKING_TOWARDS: 1,
                Judgement.Status.ON_TRACK: 2}


class JudgementEvidence(models.Model):
    """An observation from the child's journal linked to a judgement as its evidence."""

    judgement = models.ForeignKey(Judgement, on_delete=models.CASCADE, related_name="+")
    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["judgement", "observation"],
                                               name="evidence_once")]

    def __str__(self):
        return f"Observation {self.observation_id} for judgement {self.judgement_id}"
