"""Setting events: closures, trips, stay-and-play, sports day, term dates.

An event may ask families to answer (RSVP) by a deadline, with the number of adults and
children coming; with a capacity, answers beyond it join a waiting list in the order they
came, and a place given back goes to the first on the list who fits. One answer per child and
event: either of the child's adults answers or changes it.

Each family member may have a private calendar feed (``CalendarFeed``): a secret address
their phone's calendar subscribes to, without signing in. Only the token's SHA-256 is stored;
a new feed replaces the old, which stops working at once. The feed carries the setting's
events (titles, times, places) and nothing about a child.
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import Child
from preschool.models import Setting
from preschool.tenancy import setting_scoped


class EventQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)


class Event(models.Model):
    class Kind(models.TextChoices):
        CLOSURE = "closure", _("Closure")
        TRIP = "trip", _("Trip or outing")
        STAY_AND_PLAY = "stay_and_play", _("Stay and play")
        SPORTS_DAY = "sports_day", _("Sports day")
        TERM_DATES = "term_dates", _("Term dates")
        OTHER = "other", _("Other event")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    asks_for_answers = models.BooleanField(_("ask families who is coming"), default=False)
    rsvp_by = models.DateField(_("answer by"), null=True, blank=True)
    # Places for people (adults and children together); None: no limit.
    capacity = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = setting_scoped(EventQuerySet)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["setting", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                   name="event_ends_after_it_starts"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def answers_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (self.asks_for_answers and not self.is_cancelled
                and (self.rsvp_by is None or today <= self.rsvp_by)
                and timezone.localdate(self.starts_at) >= today)

    def places_taken(self, *, excluding=None) -> int:
        """People coming (not those waiting)."""
        answers = self.answers.filter(status=Rsvp.Status.GOING)
        if excluding is not None:
            answers = answers.exclude(pk=excluding.pk)
        totals = answers.aggregate(adults=Sum("adults"), children=Sum("children"))
        return (totals["adults"] or 0) + (totals["children"] or 0)


class Rsvp(models.Model):
    """A family's answer for one child: who is coming (adults and children), or not."""

    class Status(models.TextChoices):
        GOING = "going", _("Coming")
        WAITING = "waiting", _("On the waiting list")
        NOT_GOING = "not_going", _("Not coming")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="answers")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    adults = models.PositiveSmallIntegerField(default=0)
    children = models.PositiveSmallIntegerField(default=0)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    # When the family asked for places: the waiting list's order.
    asked_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "child"],
                                               name="one_answer_per_child_and_event")]

    def __str__(self):
        return f"{self.get_status_display()} ({self.event_id})"

    @property
    def people(self) -> int:
        return self.adults + self.children


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    """A family member's private calendar address. Only the token's hash is kept."""

    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = setting_scoped()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["setting", "user"],
                                               condition=Q(revoked_at__isnull=True),
                                               name="one_live_feed_per_person")]

    def __str__(self):
        return f"Calendar feed of {self.user_id}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
