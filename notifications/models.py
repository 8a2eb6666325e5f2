"""What the portal tells a person: one row a person and a thing to tell.

Every app tells people through ``notifications.services.notify``; the notification centre (the
bell and its list) reads these rows, and delivery by email, digest or push follows each
person's preferences and quiet hours. A notification says what happened and links to the page
that shows it; the page checks access again when it is opened.
"""

import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from preschool.models import Setting
from preschool.tenancy import setting_scoped


class Category(models.TextChoices):
    """What a notification is about: a person's preferences are kept per category."""

    MESSAGE = "message", _("Messages")
    COMMENT = "comment", _("Comments on the journal")
    PROGRESS = "progress", _("Progress summaries")
    WOW_MOMENT = "wow_moment", _("A family's wow moment")
    CONSENT = "consent", _("Consents to answer")
    MEDICATION = "medication", _("Medicines")
    ACCIDENT = "accident", _("Accidents and incidents")
    MEETING = "meeting", _("Meetings")
    POST = "post", _("News and announcements")
    EVENT = "event", _("Events")
    POLICY_REVIEW = "policy_review", _("Policies open for comment")
    COMPLAINT = "complaint", _("Concerns and complaints")
    # Requests for a copy of one's data, and what the retention schedule is about to erase
    # (a keepsake to download, the managers' list).
    DATA = "data", _("Data requests and records kept")
    SAFEGUARDING = "safeguarding", _("Safeguarding")
    EMERGENCY = "emergency", _("Urgent notices")


# Never turned off by a person's preferences, and never held by quiet hours.
ALWAYS_DELIVERED = frozenset({Category.SAFEGUARDING, Category.EMERGENCY})

# What asks the person to do something (answer, acknowledge, reply, comment): listed under
# "Needs your action" on the home page while unread.
ACTION_CATEGORIES = frozenset({Category.CONSENT, Category.MEDICATION, Category.ACCIDENT,
                               Category.MEETING, Category.POLICY_REVIEW, Category.COMPLAINT,
                               Category.DATA,
                               Category.WOW_MOMENT, Category.SAFEGUARDING, Category.EMERGENCY})


class Channel(models.TextChoices):
    """How a person hears of a category: every choice but "off" keeps the notification in
    the portal (the bell and its list); the others add a way beyond it."""

    PORTAL = "portal", _("In the portal only")
    EMAIL = "email", _("Email at once")
    DAILY = "daily", _("Daily digest email")
    WEEKLY = "weekly", _("Weekly digest email")
    PUSH = "push", _("Push to my devices")
    OFF = "off", pgettext_lazy("notification channel", "Off")


# The portal's own default when the setting's managers have set none: an email at once for
# what concerns a child or asks for an answer, a daily digest for news and events.
BUILT_IN_DEFAULTS: dict[str, str] = {
    **dict.fromkeys(Category.values, Channel.EMAIL),
    Category.POST: Channel.DAILY,
    Category.EVENT: Channel.DAILY,
}


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def shown_to(self, user, setting):
        """The person's notifications that the centre (the bell, the list, "Needs your
        action", opening one) shows them in ``setting``: those about a child only while they
        may still hear of that child (``families.access.children_heard_of``: a restriction
        recorded, the right to information or the link taken away since is obeyed at once, as
        the emails and pushes obey it when sent). Staff of the setting hear of every child of
        it; anyone else is shown nothing. Part of the same query (a subquery)."""
        from families.access import children_heard_of
        from preschool.permissions import membership_in

        membership = membership_in(user, setting)
        if membership is None:
            return self.none()
        rows = self.for_user(user)
        if membership.is_staff_member:
            return rows
        return rows.filter(Q(child__isnull=True)
                           | Q(child__in=children_heard_of(user, setting).values("pk")))

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="notifications")
    category = models.CharField(max_length=20, choices=Category.choices)
    # Shown in the portal to the recipient alone; may name the child. Never sent in a push.
    title = models.CharField(max_length=200)
    # A path of the portal: the page opens after sign-in and checks access again.
    url = models.CharField(max_length=500)
    child = models.ForeignKey("families.Child", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Delivery beyond the portal, decided from the person's preference when it was made.
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    # The app that told sends its own email of this event (a medicine given, a complaint's
    # outcome): the centre adds no email or digest of its own, so one event is one email.
    emailed_by_app = models.BooleanField(default=False)
    # When its delivery beyond the portal is due (after quiet hours); None until decided.
    deliver_at = models.DateTimeField(null=True, blank=True)
    # When it was pushed or handed to the email queue; None while it waits.
    delivered_at = models.DateTimeField(null=True, blank=True)
    # The day of the digest that lists it (daily or weekly channel).
    digest_on = models.DateField(null=True, blank=True)

    objects = setting_scoped(NotificationQuerySet)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True),
                         name="notification_unread"),
            models.Index(fields=["deliver_at"], condition=Q(delivered_at__isnull=True)
                         & ~Q(channel="portal"), name="notification_waiting"),
        ]

    def __str__(self):
        return f"{self.title} (to {self.recipient_id})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def needs_action(self) -> bool:
        return self.category in ACTION_CATEGORIES


class Preference(models.Model):
    """How a person hears of one category in one setting; with no ``user``, the setting's
    default, set by its managers, for everyone who has not chosen."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.CASCADE, related_name="notification_preferences")
    category = models.CharField(max_length=20, choices=Category.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    objects = setting_scoped()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["setting", "user", "category"],
                                    name="one_preference_per_person_and_category"),
            models.UniqueConstraint(fields=["setting", "category"],
                                    condition=Q(user__isnull=True),
                                    name="one_default_per_setting_and_category"),
            # Safeguarding and urgent notices always reach the person (issue: "cannot be
            # turned off"), whatever a form or a script tries.
            models.CheckConstraint(
                condition=~(Q(category__in=sorted(ALWAYS_DELIVERED)) & Q(channel="off")),
                name="always_delivered_never_off"),
        ]

    def __str__(self):
        return f"{self.category}: {self.channel}"


class QuietHours(models.Model):
    """A family member's quiet hours (the setting's local time): notifications that are not
    urgent wait until they end. Without a row, 19:00 to 07:00. Staff's quiet hours are the
    time outside their working hours (``Membership.is_working_at``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="quiet_hours")
    enabled = models.BooleanField(default=True)
    starts = models.TimeField(default=time(19, 0))
    ends = models.TimeField(default=time(7, 0))

    def __str__(self):
        return f"{self.starts:%H:%M}-{self.ends:%H:%M}" if self.enabled else "none"
