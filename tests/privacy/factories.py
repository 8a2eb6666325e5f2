"""Looks at records and alerts for the bulk-access alarm's tests."""

from datetime import timedelta

from django.utils import timezone

from families.models import RecordView
from tests.factories import ChildFactory


def children(world, n):
    return ChildFactory.create_batch(n, setting=world.setting_a, room=world.room)


def looks(world, persona, kids, *, what=RecordView.What.RECORD, minutes_ago=1, session="s1",
          ip="192.0.2.1", object_type=""):
    """``persona`` looked at each of ``kids`` ``minutes_ago``, from one session and address."""
    membership = world.memberships[persona]
    at = timezone.now() - timedelta(minutes=minutes_ago)
    return RecordView.objects.bulk_create([
        RecordView(setting=membership.setting, child=child, viewer=membership.user,
                   viewer_role=membership.role, what=what, session_hash=session, ip_address=ip,
                   object_type=object_type, at=at)
        for child in kids])


def alarm(world, persona="practitioner", n=25, **kwargs):
    """An alert about ``persona`` (a practitioner at the default 25 children)."""
    from privacy import alarm as alarm_module

    looks(world, persona, children(world, n), **kwargs)
    return alarm_module.check(world.setting_a, world.users[persona].pk)
