"""The daily register: sessions, who is expected, who is here, staff on duty and ratios.

EYFS daily record (shared reference eyfs.md, "Key person and daily record"): the names of the
children being cared for, their hours of attendance and the names of each child's key person.
The register rows are that record: they are never deleted, and a mistake is put right by a
new row that points at the one it corrects (``AttendanceRecord.corrects``).
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from families.models import Child, Room
from preschool.models import Membership, Setting
from preschool.tenancy import setting_scoped

# The setting's own choices (not statutory), used until a manager changes them.
DEFAULT_ARRIVAL_GRACE_MINUTES = 30
DEFAULT_LATE_ALERT_MINUTES = 15
DEFAULT_NON_COLLECTION_PROCEDURE = """\
1. Keep the child with two members of staff, calm and reassured, in the room.
2. Phone every parent and carer on the child's record, then the emergency contacts, and note \
each call and its time.
3. Tell the manager, who decides what happens next and keeps a written note.
4. If no one with parental responsibility or authorised to collect can be reached within an \
hour of the end of the session, the manager contacts the local children's social care team \
for advice and follows it.
5. Never release the child to anyone who is not authorised, and never take the child home."""


def started_by(day) -> Q:
    """Children who have started at the setting by ``day`` (no start date counts as started).
    A child whose first day is still to come is not on the register and cannot be signed in
    (``has_started`` is the same rule for one child)."""
    return Q(start_date__isnull=True) | Q(start_date__lte=day)


def has_started(child: Child, day) -> bool:
    return child.start_date is None or child.start_date <= day


def duration_display(span: timedelta | None) -> str:
    """Hours of attendance as the register shows them: "6h 05m" ("" for None)."""
    if span is None:
        return ""
    minutes = int(span.total_seconds() // 60)
    return gettext("%(hours)dh %(minutes)02dm") % {"hours": minutes // 60,
                                                  "minutes": minutes % 60}


class AttendanceSettings(models.Model):
    """How one setting runs its register. A setting without a row uses the defaults."""

    setting = models.OneToOneField(Setting, on_delete=models.PROTECT,
                                   related_name="attendance_settings")
    arrival_grace_minutes = models.PositiveSmallIntegerField(
        _("minutes before a missing child is flagged"), default=DEFAULT_ARRIVAL_GRACE_MINUTES,
        validators=[MaxValueValidator(240)],
        help_text=_("A child expected but not here this long after the session starts is "
                    "highlighted, so staff can call the family."))
    late_alert_minutes = models.PositiveSmallIntegerField(
        _("minutes after the session before the manager is alerted"),
        default=DEFAULT_LATE_ALERT_MINUTES, validators=[MaxValueValidator(240)],
        help_text=_("A child still here this long after their session ends: the manager and "
                    "the family are told, and the non-collection procedure is shown."))
    non_collection_procedure = models.TextField(
        _("what staff do when a child is not collected"), max_length=4000,
        default=DEFAULT_NON_COLLECTION_PROCEDURE)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped()

    class Meta:
        verbose_name_plural = _("attendance settings")

    def __str__(self):
        return f"Register settings of {self.setting}"

    @classmethod
    def of(cls, setting) -> "AttendanceSettings":
        """The setting's row, or an unsaved one holding the defaults (nothing is written)."""
        return cls.objects.filter(setting=setting).first() or cls(setting=setting)


class SessionQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def active(self):
        return self.filter(is_active=True)


class Session(models.Model):
    """A session the setting offers (morning, afternoon, full day) with its times.

    Sessions are never deleted, since records point at them: one no longer offered is retired.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="sessions")
    name = models.CharField(max_length=60)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(SessionQuerySet)

    class Meta:
        ordering = ["starts_at", "ends_at", "name"]
        constraints = [
            models.UniqueConstraint(fields=["setting", "name"], name="session_name_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="session_ends_after_it_starts"),
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_at:%H:%M}-{self.ends_at:%H:%M})"

    def start_on(self, day) -> datetime:
        return timezone.make_aware(datetime.combine(day, self.starts_at))

    def end_on(self, day) -> datetime:
        return timezone.make_aware(datetime.combine(day, self.ends_at))


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class RegularSessionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def on(self, day):
        """The patterns that apply on ``day``."""
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day),
                           weekday=day.weekday(), started_on__lte=day)


class RegularSession(models.Model):
    """A session a child normally attends every week (Mondays, morning). Ending one keeps it
    on record, so the history of when a child was expected stays true."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="regular_sessions")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(RegularSessionQuerySet)

    class Meta:
        ordering = ["weekday", "session__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["child", "session", "weekday"],
                                    condition=Q(ended_on__isnull=True),
                                    name="one_current_regular_session"),
        ]

    def __str__(self):
        return f"{self.child}: {self.get_weekday_display()} {self.session.name}"


class AbsenceQuerySet(models.QuerySet):
    def current(self):
        return self.filter(withdrawn_at__isnull=True)

    def covering(self, day):
        return self.current().filter(first_day__lte=day, last_day__gte=day)


class Absence(models.Model):
    """A family (or staff, after a phone call) says a child will be away. Withdrawn rather
    than deleted."""

    class Reason(models.TextChoices):
        ILLNESS = "illness", _("Illness")
        APPOINTMENT = "appointment", _("Appointment")
        HOLIDAY = "holiday", _("Holiday")
        FAMILY = "family", _("Family reasons")
        OTHER = "other", _("Another reason")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="absences")
    first_day = models.DateField(_("first day away"))
    last_day = models.DateField(_("last day away"))
    reason = models.CharField(max_length=12, choices=Reason.choices)
    details = models.CharField(max_length=300, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped(AbsenceQuerySet)

    class Meta:
        ordering = ["-first_day", "-reported_at"]
        constraints = [models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")),
                                              name="absence_ends_after_it_starts")]
        indexes = [models.Index(fields=["child", "first_day", "last_day"])]

    def __str__(self):
        if self.first_day == self.last_day:
            return f"{self.child} away on {self.first_day:%d %b %Y}"
        return f"{self.child} away {self.first_day:%d %b} to {self.last_day:%d %b %Y}"


class AttendanceRecordQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def current(self):
        """Rows that stand: not put right by a later row, and not a row saying a sign-in was a
        mistake."""
        return self.filter(correction__isnull=True, is_void=False)

    def open(self):
        """Children here now: signed in and not yet signed out."""
        return self.current().filter(signed_out_at__isnull=True)


class AttendanceRecord(models.Model):
    """One child's attendance: signed in (when, by whom, who dropped them off) and signed out
    (when, by whom, who collected them and how staff knew they could).

    Signing out completes the row once (a conditional update). Anything else is a correction:
    a new row with ``corrects`` pointing here, keeping both.
    """

    class Check(models.TextChoices):
        NAMED = "named", _("Named by the family")
        PASSWORD = "password", _("Gave the day's collection password")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="attendance")
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    date = models.DateField()
    signed_in_at = models.DateTimeField()
    signed_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    dropped_off_by = models.CharField(_("dropped off by"), max_length=150)
    signed_out_at = models.DateTimeField(null=True, blank=True)
    signed_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    collecting = models.CharField(
        _("who the family says is collecting"), max_length=150, blank=True,
        help_text=_("What the family told staff today; it does not authorise anyone: only "
                    "the adults the family has named may collect."))
    collected_by = models.CharField(_("collected by"), max_length=150, blank=True)
    collected_by_relationship = models.CharField(max_length=60, blank=True)
    collection_check = models.CharField(max_length=10, choices=Check.choices, blank=True)
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="correction")
    correction_reason = models.CharField(max_length=300, blank=True)
    is_void = models.BooleanField(
        default=False, help_text=_("This row says the sign-in it corrects was a mistake."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    objects = setting_scoped(AttendanceRecordQuerySet)

    class Meta:
        ordering = ["date", "signed_in_at"]
        indexes = [
            models.Index(fields=["setting", "date"]),
            models.Index(fields=["child", "date"]),
            models.Index(fields=["room", "date"]),
        ]

    def __str__(self):
        return f"{self.child} on {self.date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.signed_out_at is None and not self.is_void

    @property
    def hours(self) -> timedelta | None:
        if self.signed_out_at is None or self.is_void:
            return None
        return self.signed_out_at - self.signed_in_at

    @property
    def hours_display(self) -> str:
        return duration_display(self.hours)

    def session_end(self) -> datetime | None:
        return self.session.end_on(self.date) if self.session is not None else None

    def late_alert_at(self, late_alert_minutes: int) -> datetime | None:
        """When a child still here is overdue: the manager and the family are alerted
        (``AttendanceSettings.late_alert_minutes`` after the session ends)."""
        end = self.session_end()
        return end + timedelta(minutes=late_alert_minutes) if end is not None else None

    def is_late(self, now=None) -> bool:
        """Still here after the session ended."""
        end = self.session_end()
        return self.is_open and end is not None and (now or timezone.now()) > end


class StaffShiftQuerySet(models.QuerySet):
    def open(self):
        return self.filter(signed_out_at__isnull=True)


class StaffShift(models.Model):
    """A member of staff on duty in a room: signed in and out, for the ratio."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT,
                                   related_name="attendance_shifts")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    signed_in_at = models.DateTimeField()
    signed_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    signed_out_at = models.DateTimeField(null=True, blank=True)
    signed_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped(StaffShiftQuerySet)

    class Meta:
        ordering = ["date", "signed_in_at"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "date"],
                                    condition=Q(signed_out_at__isnull=True),
                                    name="one_open_shift_per_person_and_day"),
        ]
        indexes = [models.Index(fields=["room", "date"])]

    def __str__(self):
        return f"{self.membership.user} in {self.room} on {self.date:%d %b %Y}"

    @property
    def has_level_6(self) -> bool:
        """Whether the member of staff on this shift holds a level 6 qualification (read with
        ``select_related("membership__attendance_qualification")``; none recorded is no)."""
        qualification = getattr(self.membership, "attendance_qualification", None)
        return bool(qualification and qualification.has_level_6)


class StaffQualification(models.Model):
    """What the ratios need to know about a practitioner: whether they hold QTS, EYTS, EYPS or
    another approved level 6 qualification (EYFS ratios, attendance/ratios.py).

    Kept here, keyed by the membership, because the people app's models belong to the core.
    Changes are written to the audit trail.
    """

    membership = models.OneToOneField(Membership, on_delete=models.PROTECT,
                                      related_name="attendance_qualification")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    has_level_6 = models.BooleanField(
        _("holds a level 6 qualification"), default=False,
        help_text=_("Qualified Teacher Status, Early Years Teacher Status, Early Years "
                    "Professional Status or another approved level 6 qualification."))
    qualification = models.CharField(_("which qualification"), max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    objects = setting_scoped()

    def __str__(self):
        return f"{self.membership.user}: {'level 6' if self.has_level_6 else 'no level 6'}"


class RatioBreachQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def open(self):
        return self.filter(ended_at__isnull=True)


class RatioBreach(models.Model):
    """A time when a room had fewer adults than the ratios need: the log of breaches.

    Opened by the change that caused it (who was in the room then), closed by the change that
    put it right.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    under_two = models.PositiveSmallIntegerField(default=0)
    aged_two = models.PositiveSmallIntegerField(default=0)
    three_and_over = models.PositiveSmallIntegerField(default=0)
    level_6 = models.BooleanField(default=False)
    staff_on_duty = models.PositiveSmallIntegerField()
    staff_required = models.PositiveSmallIntegerField()
    cause = models.CharField(max_length=300)
    ended_by = models.CharField(max_length=300, blank=True)

    objects = setting_scoped(RatioBreachQuerySet)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["room"], condition=Q(ended_at__isnull=True),
                                    name="one_open_breach_per_room"),
        ]
        indexes = [models.Index(fields=["setting", "-started_at"])]

    def __str__(self):
        return f"Ratio breach in {self.room} at {self.started_at:%d %b %Y %H:%M}"

    @property
    def children(self) -> int:
        return self.under_two + self.aged_two + self.three_and_over

    @property
    def duration(self) -> timedelta | None:
        return self.ended_at - self.started_at if self.ended_at else None
