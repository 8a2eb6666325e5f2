"""What the portal tells a person: one row a person and a thing to tell.

Every app tells people through ``notifications.services.notify``; the notification centre (the
bell and its list) reads these rows, and delivery by email, digest or push follows each
person's preferences and quiet hours. A notification says what happened and links to the page
that shows it; the page checks access again when it is opened.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from preschool.models import Setting
from preschool.tenancy import setting_scoped


class Category(models.TextChoices):
    """What a notification is about: a person's preferences are kept per category."""

    MESSAGE = "message", "Messages"
    COMMENT = "comment", "Comments on the journal"
    WOW_MOMENT = "wow_moment", "A family's wow moment"
    CONSENT = "consent", "Consents to answer"
    MEDICATION = "medication", "Medicines"
    ACCIDENT = "accident", "Accidents and incidents"
    MEETING = "meeting", "Meetings"
    POST = "post", "News and announcements"
    EVENT = "event", "Events"
    POLICY_REVIEW = "policy_review", "Policies open for comment"
    COMPLAINT = "complaint", "Concerns and complaints"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    EMERGENCY = "emergency", "Urgent notices"


# Never turned off by a person's preferences, and never held by quiet hours.
ALWAYS_DELIVERED = frozenset({Category.SAFEGUARDING, Category.EMERGENCY})


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
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

    objects = setting_scoped(NotificationQuerySet)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True),
                         name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.title} (to {self.recipient_id})"
