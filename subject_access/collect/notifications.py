"""Notifications, for an adult: what the portal told them (the bell's list), how they chose
to be told (their channel for each kind of news) and their quiet hours."""

from django.utils.translation import gettext

from notifications.models import Notification, Preference, QuietHours
from subject_access.collect.rows import row
from subject_access.parts import Part


def for_adult(user, setting) -> Part:
    part = Part("notifications", gettext("Notifications"))
    part.records += [row(p, skip=("user",), record_type="preference")
                     for p in Preference.objects.filter(user=user, setting=setting)]
    quiet = QuietHours.objects.filter(user=user).first()
    if quiet is not None:
        part.records.append(row(quiet, skip=("user",), record_type="quiet_hours"))
    part.records += [row(n, skip=("recipient", "child", "url"), record_type="notification")
                     for n in Notification.objects.filter(recipient=user, setting=setting)]
    return part
