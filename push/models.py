"""Web push: the devices on which a person has turned notifications on.

A ``PushSubscription`` is a device registration, not a record: the browser's push service
gives the portal an address (the endpoint) and the keys to encrypt for it. It is deleted when
the person turns push off on that device or removes it, and when the push service answers
that the address is gone (404 or 410). It belongs to a person, not to a setting: a push names
the setting it comes from, and who may hear of what is decided before a push is sent
(``notifications.services.notify``), so the model has no ``setting`` column and no scope.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PushSubscriptionQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)


class PushSubscription(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="push_subscriptions")
    # One registration an address: a shared family tablet turned on by another person now
    # tells that person, and no longer the first.
    endpoint = models.URLField(max_length=2000, unique=True)
    # The browser's P-256 public key and its authentication secret (RFC 8291), base64url.
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    # "Chrome on Android": how the person tells their devices apart on the devices page.
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)

    objects = PushSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.label or 'A device'} of {self.user_id}"

    def subscription_info(self) -> dict:
        """What pywebpush takes: the address and the keys, as the browser gave them."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}
