"""Devices, for an adult: each device that receives the portal's push notifications, by its
label and the date it was turned on. Never its address or keys."""

from django.utils.translation import gettext

from push.models import PushSubscription
from subject_access.collect.rows import value
from subject_access.parts import Part


def for_adult(user, setting) -> Part:
    part = Part("devices", gettext("Devices"))
    part.records += [{"record_type": "device", "label": device.label,
                      "created_at": value(device.created_at)}
                     for device in PushSubscription.objects.filter(user=user)]
    return part
