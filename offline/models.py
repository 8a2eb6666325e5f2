"""The keys that encrypt what a staff tablet keeps while offline (docs/architecture.md,
"Offline capture").

A ``DeviceKey`` is one person's AES-256 key on one browser: the page keeps the random
``device`` id in its IndexedDB and asks for the key by it (``offline.views.key``); the key
itself never leaves the server but to a signed-in staff session of the same person, and the
page holds it only in memory, as a CryptoKey it cannot export. It outlives a session that
ended by itself (the idle timeout), so taps kept meanwhile are sent after the person signs in
again on that device; it is deleted at sign-out and when the person's membership is paused.
Without it, what the device keeps cannot be read.

Not setting-scoped, like ``preschool.KnownDevice``: a browser is the person's, not the
setting's.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_BYTES = 32  # AES-256-GCM


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


class DeviceKey(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="offline_device_keys")
    device = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.BinaryField(max_length=KEY_BYTES, default=new_key, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"offline key of {self.user_id} on {self.device}"
