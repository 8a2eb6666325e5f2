"""Demo register for `manage.py seed_demo`: the usual sessions, each child's regular days, and
(once the morning has started) today's register with staff on duty.

Run once per setting: a setting that already has sessions is left as it is.
"""

from datetime import datetime, time

from django.utils import timezone

from attendance import services
from attendance.models import Session
from families.models import Child
from preschool.models import Membership

# Children who come in the morning only; the others stay all day. Noah is expected but has not
# arrived (the register flags him after the grace period, so staff can call his family).
MORNINGS_ONLY = {"Isla", "Alfie"}
NOT_YET_HERE = {"Noah"}
ARRIVAL = time(8, 50)  # when the demo's children and staff arrived today
ON_DUTY = {"priya.shah": "Caterpillars", "tom.baker": "Caterpillars",
           "grace.okafor": "Butterflies", "ellie.ward": "Rainbow Room"}


def load_demo(setting, manager, today):
    if Session.objects.filter(setting=setting).exists():
        return
    sessions = {s.name: s for s in services.add_usual_sessions(manager, setting)}
    children = list(Child.objects.filter(setting=setting).select_related("room")
                    .prefetch_related("adults").order_by("first_name"))
    for child in children:
        session = sessions["Morning" if child.first_name in MORNINGS_ONLY else "Full day"]
        for weekday in range(5):
            services.add_regular_session(manager, child, session=session, weekday=weekday)
    arrival = timezone.make_aware(datetime.combine(today, ARRIVAL))
    if timezone.now() < arrival:
        return  # the day has not started: the register shows who is expected
    for membership in (Membership.objects.active().for_setting(setting)
                       .select_related("user")):
        room_name = ON_DUTY.get(membership.user.email.split("@")[0])
        room = next((c.room for c in children if c.room and c.room.name == room_name), None)
        if room is not None:
            services.staff_sign_in(manager, membership, room, now=arrival)
    for child in children:
        if child.first_name in NOT_YET_HERE or child.room is None:
            continue
        adult = next((a for a in child.adults.all() if a.may_collect and not a.restriction),
                     None)
        session = sessions["Morning" if child.first_name in MORNINGS_ONLY else "Full day"]
        services.sign_in(manager, child, session=session, now=arrival,
                         dropped_off_by=adult.name if adult else "Her foster carer")
