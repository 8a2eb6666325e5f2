"""The key person and back-up key person of each child (EYFS: every child is assigned a key
person; see shared reference, "Key person and daily record")."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Child
from preschool.models import Membership, Setting
from preschool.tenancy import setting_scoped


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def for_setting(self, setting):
        return self.filter(setting=setting)


class Assignment(models.Model):
    """A practitioner as a child's key person or back-up, from one date to another.

    Changing the key person ends the current assignment and starts a new one, so the history
    of who was the child's key person, and when, is kept.
    """

    class Kind(models.TextChoices):
        KEY = "key", _("Key person")
        BACKUP = "backup", _("Back-up key person")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT,
                              related_name="keyperson_assignments")
    staff = models.ForeignKey(Membership, on_delete=models.PROTECT,
                              related_name="keyperson_assignments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(AssignmentQuerySet)

    class Meta:
        ordering = ["child", "kind", "-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "kind"], condition=Q(ended_on__isnull=True),
                                    name="one_current_assignment_per_child_and_kind"),
        ]

    def __str__(self):
        return f"{self.staff.user} as {self.get_kind_display().lower()} of {self.child}"


def staff_photo_path(instance, filename):
    # The stored name is random: the uploaded file's name may identify a person or a device.
    return f"keyperson/staff-photos/{uuid.uuid4().hex}.jpg"


class StaffProfile(models.Model):
    """What families see about a member of staff: a photo and a few words about themselves.

    One per membership; the staff member edits their own. Nothing personal (phone, email,
    address) is kept here or shown to families: they contact the setting.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    membership = models.OneToOneField(Membership, on_delete=models.PROTECT,
                                      related_name="staff_profile")
    photo = models.FileField(upload_to=staff_photo_path, blank=True)
    about = models.TextField(
        _("about me"), max_length=600, blank=True,
        help_text=_("A few friendly words for families: what you enjoy doing with the children, "
                  "languages you speak. No personal contact details."))
    updated_at = models.DateTimeField(auto_now=True)

    objects = setting_scoped()

    def __str__(self):
        return f"Profile of {self.membership.user}"


class SettlingInPlan(models.Model):
    """How the setting and the family will help a child settle in (one per child)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.OneToOneField(Child, on_delete=models.PROTECT,
                                 related_name="settling_in_plan")
    plan = models.TextField(
        _("our plan"), max_length=4000,
        help_text=_("How many visits, how long they last, when the family will leave the child "
                  "for a short time, and how we will build up from there."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = setting_scoped()

    def __str__(self):
        return f"Settling-in plan for {self.child}"


class SettlingVisit(models.Model):
    """One settling-in visit in the log. ``staff_notes`` is never shown to the family."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="settling_visits")
    visited_on = models.DateField(_("date of the visit"))
    who_came = models.CharField(
        _("who came"), max_length=200,
        help_text=_("For example: Mum and grandma; Dad for the first half hour."))
    how_it_went = models.TextField(_("how it went"), max_length=3000)
    comforters = models.CharField(
        max_length=300, blank=True,
        help_text=_("Comforters, favourite toys or songs that helped."))
    next_steps = models.TextField(_("next steps"), max_length=1500, blank=True)
    staff_notes = models.TextField(
        _("notes for staff only"), max_length=2000, blank=True,
        help_text=_("Never shown to the family. Safeguarding concerns go through the "
                  "safeguarding procedure, not here."))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-visited_on", "-created_at"]

    def __str__(self):
        return f"Settling-in visit of {self.child} on {self.visited_on:%d %b %Y}"


class HomeVisit(models.Model):
    """A visit by staff to the child's home. ``staff_notes`` is never shown to the family."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="home_visits")
    visited_on = models.DateField(_("date of the visit"))
    visited_by = models.CharField(_("who visited"), max_length=200,
                                  help_text=_("The staff who went to the family's home."))
    notes = models.TextField(_("what we talked about"), max_length=4000)
    next_steps = models.TextField(_("agreed next steps"), max_length=1500, blank=True)
    staff_notes = models.TextField(
        _("notes for staff only"), max_length=2000, blank=True,
        help_text=_("Never shown to the family. Safeguarding concerns go through the "
                  "safeguarding procedure, not here."))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-visited_on", "-created_at"]

    def __str__(self):
        return f"Home visit to {self.child} on {self.visited_on:%d %b %Y}"


class SettlingComment(models.Model):
    """A comment on a child's settling in, by the family or staff; seen by both."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="settling_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    body = models.TextField(_("comment"), max_length=1500)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Comment by {self.author} on {self.child}'s settling in"


class MeetingRequestQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def open(self):
        return self.exclude(status=MeetingRequest.Status.CANCELLED)

    def waiting_for_staff(self):
        return self.filter(status=MeetingRequest.Status.REQUESTED)


class MeetingRequest(models.Model):
    """A family asks to meet the child's key person, offering two or three times.

    The key person (or the back-up, or a manager) accepts one of the times, or suggests
    another, which the family then agrees to. Times outside session hours are allowed:
    working parents often cannot come during the day.
    """

    DURATION_MINUTES = 30

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for a reply")
        PROPOSED = "proposed", _("Another time suggested")
        ACCEPTED = "accepted", _("Agreed")
        CANCELLED = "cancelled", _("Cancelled")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="meeting_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    staff = models.ForeignKey(Membership, on_delete=models.PROTECT,
                              related_name="meeting_requests",
                              help_text=_("The key person when the meeting was asked for."))
    topic = models.CharField(_("what you would like to talk about"), max_length=150)
    details = models.TextField(_("anything else we should know"), max_length=2000, blank=True)
    option_1 = models.DateTimeField(_("first choice"))
    option_2 = models.DateTimeField(_("second choice"))
    option_3 = models.DateTimeField(_("third choice"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(max_length=1000, blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(MeetingRequestQuerySet)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self):
        return f"Meeting about {self.child}: {self.topic}"

    @property
    def options(self) -> list:
        return [t for t in (self.option_1, self.option_2, self.option_3) if t is not None]

    @property
    def ends_at(self):
        if self.scheduled_at is None:
            return None
        return self.scheduled_at + timedelta(minutes=self.DURATION_MINUTES)

    @property
    def is_upcoming(self) -> bool:
        return (self.status == self.Status.ACCEPTED and self.scheduled_at is not None
                and self.scheduled_at > timezone.now())


class EventQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def upcoming(self):
        return self.filter(cancelled_at__isnull=True, date__gte=timezone.localdate())


class Event(models.Model):
    """A parents' evening or drop-in session: time slots with each key person."""

    class Kind(models.TextChoices):
        PARENTS_EVENING = "evening", _("Parents' evening")
        DROP_IN = "drop_in", _("Drop-in session")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PARENTS_EVENING)
    title = models.CharField(max_length=120)
    date = models.DateField()
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    slot_minutes = models.PositiveSmallIntegerField(_("length of each slot (minutes)"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = setting_scoped(EventQuerySet)

    class Meta:
        ordering = ["date", "starts_at"]

    def __str__(self):
        return f"{self.title} ({self.date:%d %b %Y})"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Slot(models.Model):
    """A time with one member of staff at an event."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="slots")
    staff = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["event", "staff", "starts_at"],
                                    name="one_slot_per_staff_and_time"),
        ]

    def __str__(self):
        return f"{self.event}: {self.staff.user} at {timezone.localtime(self.starts_at):%H:%M}"


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)


class Booking(models.Model):
    """A family's booking of a slot. At most one active booking per slot, enforced by the
    database, so two parents pressing "Book" at the same moment cannot both get it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="bookings")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="event_bookings")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["slot"], condition=Q(cancelled_at__isnull=True),
                                    name="one_active_booking_per_slot"),
            models.UniqueConstraint(fields=["event", "child"],
                                    condition=Q(cancelled_at__isnull=True),
                                    name="one_active_booking_per_child_and_event"),
        ]

    def __str__(self):
        return f"Booking for {self.child} at {self.slot}"
