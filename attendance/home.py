"""The register's part of the home pages and the navigation (preschool.registry).

Each provider runs a fixed number of queries, however many children and rooms there are
(tests/attendance/test_home.py).
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import (
    Absence,
    AttendanceRecord,
    AttendanceSettings,
    RatioBreach,
    RegularSession,
    started_by,
)
from families.models import HEARS, Child, Room
from preschool.registry import HomeSection


def _missing_by_room(setting, now, policy) -> dict:
    """Children expected today and not here this long after their session began, per room
    (three queries)."""
    day = timezone.localdate(now)
    grace = timedelta(minutes=policy.arrival_grace_minutes)
    starts: dict[int, tuple[int | None, datetime]] = {}
    for child_id, room_id, session in (
            RegularSession.objects.on(day).filter(
                setting=setting, session__is_active=True,
                child__in=Child.objects.for_setting(setting).current().filter(
                    started_by(day)))
            .values_list("child_id", "child__room_id", "session__starts_at")):
        start = timezone.make_aware(datetime.combine(day, session))
        if child_id not in starts or start < starts[child_id][1]:
            starts[child_id] = (room_id, start)
    arrived = set(AttendanceRecord.objects.current().filter(setting=setting, date=day)
                  .values_list("child_id", flat=True))
    away = set(Absence.objects.covering(day).filter(setting=setting)
               .values_list("child_id", flat=True))
    missing: defaultdict[int | None, int] = defaultdict(int)
    for child_id, (room_id, start) in starts.items():
        if child_id not in arrived and child_id not in away and now > start + grace:
            missing[room_id] += 1
    return missing


def staff_sections(request) -> list[HomeSection]:
    """Staff: the rooms today (children in, missing, late), and any ratio breach now. Managers
    also see how many breaches were logged today."""
    membership = request.membership
    if membership is None or not membership.can_record_attendance:
        return []
    setting, now = request.setting, timezone.now()
    day = timezone.localdate(now)
    policy = AttendanceSettings.of(setting)
    rooms = list(Room.objects.filter(setting=setting).order_by("name"))
    here: defaultdict[int | None, int] = defaultdict(int)
    late: defaultdict[int | None, int] = defaultdict(int)
    for room_id, ends in (AttendanceRecord.objects.open().filter(setting=setting, date=day)
                          .values_list("room_id", "session__ends_at")):
        here[room_id] += 1
        late[room_id] += bool(ends and timezone.localtime(now).time() > ends)
    missing = _missing_by_room(setting, now, policy)
    breaches = list(RatioBreach.objects.for_setting(setting).open().select_related("room"))
    today_count = None
    if membership.can_manage_setting:
        today_count = RatioBreach.objects.for_setting(setting).filter(
            started_at__date=day).count()
    return [HomeSection("attendance/sections/staff.html", {
        "rooms": [{"room": r, "here": here[r.pk], "missing": missing[r.pk], "late": late[r.pk]}
                  for r in rooms],
        "breaches": breaches, "today_count": today_count,
        "is_manager": membership.can_manage_setting,
    }, order=5, needs_attention=bool(breaches or any(missing.values()) or any(late.values())))]


def family_sections(request) -> list[HomeSection]:
    """Families: each child's day (signed in, gone home), absences to come, and the ways to
    report an absence and arrange who collects."""
    membership = request.membership
    if membership is None or not membership.is_family:
        return []
    children = list(Child.objects.visible_to(request.user, request.setting).current()
                    .order_by("first_name", "last_name"))
    if not children:
        return []
    day = timezone.localdate()
    records = defaultdict(list)
    for r in (AttendanceRecord.objects.current().filter(child__in=children, date=day)
              .order_by("signed_in_at")):
        records[r.child_id].append(r)
    absences = defaultdict(list)
    for a in (Absence.objects.current().filter(child__in=children, last_day__gte=day)
              .order_by("first_day")):
        absences[a.child_id].append(a)
    links = {child_id: (responsible, lives_with) for child_id, responsible, lives_with in
             request.user.child_links.filter(HEARS, child__in=children)
             .values_list("child_id", "has_parental_responsibility", "lives_with_child")}
    return [HomeSection("attendance/sections/family.html", {"children": [
        {"child": c, "records": records[c.pk], "absences": absences[c.pk][:3],
         "can_set_password": links.get(c.pk, (False, False))[0],
         "can_report": any(links.get(c.pk, (False, False)))}
        for c in children]}, order=15)]


def nav(membership) -> list[tuple[str, str]]:
    if membership.can_record_attendance:
        return [(_("Register"), reverse("attendance-index"))]
    return []
