"""Demo register for `manage.py seed_demo`: the usual sessions, each child's regular days, and
today's register as a morning in progress - staff on duty, children signed in, Noah expected
but not yet here - whatever the time of day it is loaded.

Safe to run again: sessions and regular days are made once per setting, today's register once
per day (a setting with any register row today is left as it is).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from attendance import services
from attendance.models import AttendanceRecord, Session
from families.models import Child
from preschool.models import Membership

# Children who come in the morning only; the others stay all day. Noah is expected but has not
# arrived (the register flags him after the grace period, so staff can call his family).
MORNINGS_ONLY = {"Isla", "Alfie"}
NOT_YET_HERE = {"Noah"}
ARRIVAL = time(8, 50)  # when the demo's children and staff arrive on a usual morning
# Loaded earlier in the day, they arrived this long before the demo was loaded.
ARRIVED_AGO = timedelta(minutes=20)
ON_DUTY = {"priya.shah": "Caterpillars", "tom.baker": "Caterpillars",
           "grace.okafor": "Butterflies", "ellie.ward": "Rainbow Room"}


def load_demo(setting, manager, today, now=None):
    now = now or timezone.now()
    if not Session.objects.filter(setting=setting).exists():
        _sessions_and_regular_days(setting, manager)
    load_today(setting, manager, now)


def _sessions_and_regular_days(setting, manager) -> None:
    sessions = {s.name: s for s in services.add_usual_sessions(manager, setting)}
    for child in Child.objects.filter(setting=setting).order_by("first_name"):
        session = sessions["Morning" if child.first_name in MORNINGS_ONLY else "Full day"]
        for weekday in range(5):
            services.add_regular_session(manager, child, session=session, weekday=weekday)


def arrival_time(now) -> datetime:
    """When the demo's morning began: at ARRIVAL, or (loaded before then) a little before
    ``now``, never before midnight - so the register always shows a morning under way."""
    day = timezone.localdate(now)
    usual = timezone.make_aware(datetime.combine(day, ARRIVAL))
    midnight = timezone.make_aware(datetime.combine(day, time(0, 0)))
    return max(min(usual, now - ARRIVED_AGO), midnight)


def load_today(setting, manager, now) -> None:
    """Today's register of ``setting`` as a morning in progress, once a day."""
    day = timezone.localdate(now)
    if AttendanceRecord.objects.filter(setting=setting, date=day).exists():
        return
    sessions = {s.name: s for s in Session.objects.for_setting(setting).active()}
    if not sessions:
        return
    arrival = arrival_time(now)
    children = list(Child.objects.for_setting(setting).current().select_related("room")
                    .prefetch_related("adults").order_by("first_name"))
    for membership in (Membership.objects.active().for_setting(setting)
                       .select_related("user")):
        room_name = ON_DUTY.get(membership.user.email.split("@")[0])
        room = next((c.room for c in children if c.room and c.room.name == room_name), None)
        if room is not None and not membership.attendance_shifts.open().filter(
                date=day).exists():
            services.staff_sign_in(manager, membership, room, now=arrival)
    for child in children:
        if child.first_name in NOT_YET_HERE or child.room is None:
            continue
        adult = next((a for a in child.adults.all() if a.may_collect and not a.restriction
                      and not a.is_organisation), None)
        session = sessions.get("Morning" if child.first_name in MORNINGS_ONLY else "Full day")
        if session is None:
            continue
        services.sign_in(manager, child, session=session, now=arrival,
                         dropped_off_by=adult.name if adult else "Her foster carer")
