"""Handing out and forgetting the offline capture's device keys (offline/models.py)."""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from offline.models import DeviceKey
from preschool.models import log_action

# The session remembers which device it handed a key to, so that signing out deletes it.
SESSION_DEVICE = "offline_device"
# A browser shared by a few people keeps one device id each; more are ignored.
MAX_DEVICES = 20
# A key not asked for this long is deleted (offline.tasks): what it encrypted is a day's taps
# at most (the API refuses a tap of an earlier day), long sent or shown as a conflict.
UNUSED_KEY_DAYS = 7


def key_for(user, session, devices: list[str]) -> tuple[DeviceKey, list[str]]:
    """The person's key on this browser, and the device ids given that no longer have a key.

    ``devices``: the ids the page keeps (one a person who signed in on it; a few at most).
    The first that is the person's gives its key; if none is (a first use, or a key deleted
    at sign-out or pause), a new device id and key are made: never another person's key. The
    ids with no key left are answered as ``gone``: what they encrypted can no longer be read,
    and the page deletes it. The session remembers the device, so signing out deletes its
    key."""
    wanted = []
    for value in devices[:MAX_DEVICES]:
        try:
            wanted.append(uuid.UUID(value))
        except ValueError:
            continue
    with transaction.atomic():
        known = {k.device: k for k in DeviceKey.objects.select_for_update()
                 .filter(device__in=wanted)}
        kept = next((known[d] for d in wanted if d in known and known[d].user_id == user.pk),
                    None)
        if kept is None:
            kept = DeviceKey.objects.create(user=user)
        else:
            kept.last_used_at = timezone.now()
            kept.save(update_fields=["last_used_at"])
    session[SESSION_DEVICE] = str(kept.device)
    return kept, [str(d) for d in wanted if d not in known]


def forget_devices(user) -> int:
    """Every key of the person (their membership is paused): what their devices keep can no
    longer be read, and the pages wipe it at their next contact."""
    deleted, _ = DeviceKey.objects.filter(user=user).delete()
    return deleted


def forget_devices_of(membership) -> None:
    """The bulk-access alarm paused ``membership`` (``register_membership_paused``)."""
    if forget_devices(membership.user):
        log_action(None, "offline.device_keys_deleted", membership, setting=membership.setting,
                   label=str(membership.user))


def forget_device_at_sign_out(sender, request, user, **kwargs):
    """``user_logged_out``: the key of the device this session used is deleted (the signed-out
    page then wipes the device's store)."""
    device = request.session.get(SESSION_DEVICE) if request is not None else None
    if user is None or not device:
        return
    DeviceKey.objects.filter(user=user, device=device).delete()


def forget_unused_devices(now=None) -> int:
    """Keys of browsers not seen for ``UNUSED_KEY_DAYS``: a tablet retired, wiped or left
    signed in somewhere, and people who left."""
    cutoff = (now or timezone.now()) - timedelta(days=UNUSED_KEY_DAYS)
    deleted, _ = DeviceKey.objects.filter(last_used_at__lt=cutoff).delete()
    return deleted
