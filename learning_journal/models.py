"""The learning journal: observations by staff and families, their photos and videos, comments,
the home and setting diary, the room's daily board, keepsakes, and the progress check at two.

The EYFS framework (areas, aspects, characteristics of effective learning) is shipped as data
(migration 0002, from learning_journal/eyfs.py). Who sees which photo is decided in one place:
learning_journal/visibility.py.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.models import Child, Room
from preschool.models import Membership, Setting
from preschool.tenancy import setting_scoped

# --- The EYFS framework ---------------------------------------------------------------------


class Area(models.Model):
    """An area of learning (eyfs.md, "Areas of learning"): three prime, four specific."""

    class Kind(models.TextChoices):
        PRIME = "prime", _("Prime area")
        SPECIFIC = "specific", _("Specific area")

    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name as a person reads it, in their language (the names are in eyfs.py)."""
        return gettext(self.name)

    @property
    def is_prime(self) -> bool:
        return self.kind == self.Kind.PRIME


class Aspect(models.Model):
    """An aspect of an area (e.g. Speaking, of Communication and Language)."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="aspects")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["area__order", "order"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="aspect_unique")]

    def __str__(self):
        return f"{self.area.code}: {self.name}"

    @property
    def label(self) -> str:
        """The name as a person reads it, in their language (the names are in eyfs.py)."""
        return gettext(self.name)


class Characteristic(models.Model):
    """A characteristic of effective teaching and learning (eyfs.md)."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name as a person reads it, in their language (the names are in eyfs.py)."""
        return gettext(self.name)


# --- Per-setting options ----------------------------------------------------------------------


class JournalSettings(models.Model):
    """A setting's choices about its journal."""

    setting = models.OneToOneField(Setting, on_delete=models.PROTECT,
                                   related_name="journal_settings")
    require_review = models.BooleanField(
        _("a manager reviews observations before families see them"), default=False,
        help_text=_("Practitioners' observations wait for a manager's approval before they are "
                    "published. Managers' own observations are published at once."))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped()

    class Meta:
        verbose_name = _("journal settings")
        verbose_name_plural = _("journal settings")

    def __str__(self):
        return f"Journal settings of {self.setting}"

    @classmethod
    def of(cls, setting) -> "JournalSettings":
        """The setting's options (the defaults, unsaved, until a manager changes them)."""
        return cls.objects.filter(setting=setting).first() or cls(setting=setting)


# --- Observations -----------------------------------------------------------------------------


class ObservationQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def published(self):
        return self.filter(status=Observation.Status.PUBLISHED)

    def in_journal_of(self, child, *, staff: bool):
        """The observations in ``child``'s journal: published ones for families; staff also see
        drafts and those waiting for review."""
        qs = self.filter(setting_id=child.setting_id, child_links__child=child)
        return qs if staff else qs.published()


class Observation(models.Model):
    """Something a child did, said or made, noticed by staff or by the family at home.

    Staff observations start as drafts; publishing makes them part of each tagged child's
    journal (or, where the setting asks for it, puts them in front of a manager first). A
    family's "wow moment" is about their own child and is published at once.
    """

    class Source(models.TextChoices):
        STAFF = "staff", _("Staff")
        FAMILY = "family", _("Family")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Waiting for review")
        PUBLISHED = "published", _("Published")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    observed_on = models.DateField(_("date"))
    text = models.TextField(_("what happened"), max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    children: "models.ManyToManyField[Child, ObservationChild]" = models.ManyToManyField(
        Child, through="ObservationChild", related_name="+")
    areas: "models.ManyToManyField[Area, Any]" = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("areas of learning"))
    aspects: "models.ManyToManyField[Aspect, Any]" = models.ManyToManyField(
        Aspect, blank=True, related_name="+")
    characteristics: "models.ManyToManyField[Characteristic, Any]" = models.ManyToManyField(
        Characteristic, blank=True, related_name="+",
        verbose_name=_("characteristics of effective learning"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped(ObservationQuerySet)

    class Meta:
        ordering = ["-observed_on", "-created_at"]
        indexes = [models.Index(fields=["setting", "status", "-observed_on"])]

    def __str__(self):
        return f"Observation of {self.observed_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("journal-observation", args=[self.uuid])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable(self) -> bool:
        """Text, date, children and photos can change until the observation is published."""
        return self.status != self.Status.PUBLISHED

    @property
    def is_from_family(self) -> bool:
        return self.source == self.Source.FAMILY


class ObservationChild(models.Model):
    """A child an observation is about, with the next step for that child."""

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT,
                                    related_name="child_links")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="journal_links")
    next_step = models.TextField(_("next step"), max_length=1000, blank=True)

    class Meta:
        ordering = ["child__first_name", "child__last_name"]
        constraints = [models.UniqueConstraint(fields=["observation", "child"],
                                               name="observation_child_unique")]

    def __str__(self):
        return f"{self.child} in {self.observation}"


class ObservationReturn(models.Model):
    """A manager sent an observation waiting for review back to its author with a note; it is a
    draft again. Kept, never changed: the observation's review history."""

    observation = models.ForeignKey(Observation, on_delete=models.PROTECT,
                                    related_name="returns")
    note = models.TextField(_("what needs changing"), max_length=2000)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    returned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-returned_at", "-id"]

    def __str__(self):
        return f"{self.observation} returned by {self.returned_by}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("A returned observation's note is never changed.")
        super().save(*args, **kwargs)


def media_path(instance, filename):
    # Random names: an uploaded file's name may identify a child, a person or a device.
    return f"journal/{instance.setting.uuid}/{filename}"


class Media(models.Model):
    """A photo or short video of an observation, stored privately and served only through the
    access-checked view. ``children_shown`` says who is in it (by default every child the
    observation is about); their photo consents decide which families see it."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    observation = models.ForeignKey(Observation, on_delete=models.PROTECT, related_name="media")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    file = models.FileField(upload_to=media_path, max_length=200)
    thumbnail = models.FileField(upload_to=media_path, max_length=200, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    children_shown = models.ManyToManyField(Child, blank=True, related_name="+",
                                            verbose_name=_("children in this photo or video"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = _("media")

    def __str__(self):
        return f"{self.get_kind_display()} of {self.observation}"

    @property
    def is_photo(self) -> bool:
        return self.kind == self.Kind.PHOTO

    @property
    def content_type(self) -> str:
        return "image/jpeg" if self.is_photo else "video/mp4"


class Comment(models.Model):
    """A comment between the family and staff on an observation, in one child's journal.

    Comments belong to one child's thread: on a group observation, one family never reads
    another family's comments.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    observation = models.ForeignKey(Observation, on_delete=models.PROTECT,
                                    related_name="comments")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="journal_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    by_staff = models.BooleanField(default=False)
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Comment by {self.author} on {self.observation}"


# --- Notifications (instant emails or one daily digest) ------------------------------------


class Notice(models.Model):
    """Something in a child's journal one person should hear about.

    Sent at once or gathered into that person's daily digest (User.notification_frequency);
    either way it goes out through a Reminder (preschool/lib/reminders.py), and only if the
    person still has the right to receive the child's information when it is sent.
    """

    class Event(models.TextChoices):
        PUBLISHED = "published", _("A new observation")
        WOW = "wow", _("A wow moment from home")
        COMMENT = "comment", _("A new comment")
        CHECK_SENT = "check_sent", _("A progress check to read")
        CHECK_COMMENTED = "check_commented", _("The family's comments on a progress check")
        DIARY = "diary", _("A diary entry")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(max_length=16, choices=Event.choices)
    observation = models.ForeignKey(Observation, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    check_record = models.ForeignKey("ProgressCheck", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    digest_on = models.DateField(null=True, blank=True,
                                 help_text=_("The day of the digest it goes in; empty if instant."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["recipient", "digest_on"])]

    def __str__(self):
        return f"{self.get_event_display()} for {self.recipient}"


# --- Home and setting diary ---------------------------------------------------------------


class DiaryEntry(models.Model):
    """One entry of the two-way home and setting diary: how the child slept, ate and felt, and
    anything the other side should know. Added, never changed (a later entry corrects)."""

    class Mood(models.TextChoices):
        HAPPY = "happy", _("Happy")
        SETTLED = "settled", _("Settled")
        TIRED = "tired", _("Tired")
        UNSETTLED = "unsettled", _("Unsettled")
        UNWELL = "unwell", _("Unwell")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="diary_entries")
    day = models.DateField()
    by_staff = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    sleep = models.CharField(_("sleep"), max_length=300, blank=True,
                             help_text=_("For example: slept 12:30 to 13:45; a restless night."))
    food = models.TextField(_("food and drink"), max_length=1000, blank=True)
    mood = models.CharField(max_length=10, choices=Mood.choices, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-day", "-created_at", "-id"]
        verbose_name_plural = _("diary entries")

    def __str__(self):
        return f"Diary of {self.child} on {self.day:%d %b %Y}"


# --- What we did today -----------------------------------------------------------------------


class DailyBoard(models.Model):
    """The room's board for a day: what the children did, what is planned, and ideas to try at
    home. Seen by the families of the room's children (the whole setting's when no room)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", help_text=_("Empty: the whole setting."))
    day = models.DateField()
    what_we_did = models.TextField(_("what we did today"), max_length=3000)
    planning = models.TextField(_("what we are planning next"), max_length=2000, blank=True)
    try_at_home = models.TextField(_("try this at home"), max_length=2000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-day", "room__name"]
        constraints = [
            models.UniqueConstraint(fields=["setting", "room", "day"],
                                    condition=Q(room__isnull=False), name="one_board_per_room"),
            models.UniqueConstraint(fields=["setting", "day"], condition=Q(room__isnull=True),
                                    name="one_setting_board_per_day"),
        ]

    def __str__(self):
        return f"{self.room or 'Whole setting'} on {self.day:%d %b %Y}"


# --- Keepsake ---------------------------------------------------------------------------------


def keepsake_path(instance, filename):
    return f"journal/{instance.setting.uuid}/keepsakes/{filename}"


class Keepsake(models.Model):
    """The whole journal as a PDF and a ZIP of photos, made for one person of the family (it
    holds only what they may see), at any time they ask. Made by a Celery task, which counts
    the observations done in ``progress_done`` of ``progress_total`` as it goes."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="keepsakes")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    pdf = models.FileField(upload_to=keepsake_path, max_length=200, blank=True)
    photos_zip = models.FileField(upload_to=keepsake_path, max_length=200, blank=True)
    observation_count = models.PositiveIntegerField(default=0)
    photo_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True,
                                      help_text=_("When a task claimed it; it is made once."))
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    ready_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Keepsake of {self.child} for {self.requested_by}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.QUEUED


# --- Progress check at two --------------------------------------------------------------------


def check_pdf_path(instance, filename):
    return f"journal/{instance.setting.uuid}/checks/{filename}"


class ProgressCheckQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def completed(self):
        return self.filter(status=ProgressCheck.Status.COMPLETED)

    def open(self):
        return self.exclude(status=ProgressCheck.Status.COMPLETED)


class ProgressCheck(models.Model):
    """The statutory progress check at age two (eyfs.md, "Progress check at age two").

    The key person writes it (strengths, expected or less than expected progress and what the
    setting will do, in each prime area; the parents' views; the child's voice; a targeted plan
    with the SENCO where there are significant concerns); a manager signs it off; it is sent to
    the family, who read it and add their comments; it is then locked. A correction is a new
    version pointing at the one it corrects: the locked record is never changed.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SIGN_OFF = "sign_off", _("Waiting for the manager's sign-off")
        WITH_FAMILY = "with_family", _("With the family for their comments")
        COMPLETED = "completed", _("Completed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="progress_checks")
    version = models.PositiveSmallIntegerField(default=1)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    correction_reason = models.TextField(_("what this version corrects"), max_length=1000,
                                         blank=True)
    outside_age_reason = models.TextField(
        _("why it is done outside 24 to 36 months"), max_length=1000, blank=True,
        help_text=_("Recorded when the check is started for a child younger than two or aged "
                    "three or more."))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    parents_views = models.TextField(
        _("the parents' views"), max_length=3000, blank=True,
        help_text=_("What the family told you about their child at home, in their words."))
    child_voice = models.TextField(
        _("the child's voice"), max_length=2000, blank=True,
        help_text=_("What the child shows or tells us they enjoy and can do."))
    significant_concerns = models.BooleanField(
        _("there are significant emerging concerns, or a special educational need or "
          "disability"),
        default=False)
    targeted_plan = models.TextField(
        _("targeted plan"), max_length=4000, blank=True,
        help_text=_("The activities and strategies we will use, agreed with the family and the "
                    "SENCO (and other professionals, such as the health visitor)."))
    senco = models.ForeignKey(Membership, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("SENCO involved"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_note = models.TextField(_("what needs changing"), max_length=2000, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    family_comments = models.TextField(_("your comments"), max_length=3000, blank=True)
    family_commented_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=check_pdf_path, max_length=200, blank=True)
    pdf_status = models.CharField(max_length=12, blank=True,
                                  help_text=_("The status the current PDF was made at."))
    pdf_generated_at = models.DateTimeField(null=True, blank=True)

    objects = setting_scoped(ProgressCheckQuerySet)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["child", "version"], name="check_version_unique"),
            models.UniqueConstraint(fields=["child"], condition=~Q(status="completed"),
                                    name="one_open_check_per_child"),
        ]

    def __str__(self):
        return f"Progress check of {self.child} (v{self.version})"

    def get_absolute_url(self):
        return reverse("journal-check", args=[self.uuid])

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_shared_with_family(self) -> bool:
        return self.status in (self.Status.WITH_FAMILY, self.Status.COMPLETED)


class CheckArea(models.Model):
    """One prime area of a progress check."""

    class Progress(models.TextChoices):
        EXPECTED = "expected", _("As expected")
        LESS = "less", _("Less than expected")

    check_record = models.ForeignKey(ProgressCheck, on_delete=models.PROTECT,
                                     related_name="areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField(max_length=3000, blank=True)
    progress = models.CharField(max_length=8, choices=Progress.choices, blank=True)
    support = models.TextField(_("what we will do"), max_length=3000, blank=True)

    class Meta:
        ordering = ["area__order"]
        constraints = [models.UniqueConstraint(fields=["check_record", "area"],
                                               name="check_area_unique")]

    def __str__(self):
        return f"{self.area.code} of {self.check_record}"
