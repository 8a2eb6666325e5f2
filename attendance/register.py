"""What the register page shows for a room: one row per child, the room's ratio, staff on duty.

Everything is loaded in a fixed number of queries however many children the room holds
(tests/attendance/test_register.py asserts it for 1 and 60 children).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.utils import timezone

from attendance.models import (
    Absence,
    AttendanceRecord,
    AttendanceSettings,
    RatioBreach,
    RegularSession,
    Session,
    StaffShift,
    started_by,
)
from attendance.ratios import RoomRatio
from attendance.registry import passwords_for
from attendance.services import room_ratio
from families.models import Allergy, Child, ChildAdult
from keyperson.models import Assignment

IN, OUT, ABSENT, MISSING, EXPECTED, NOT_EXPECTED = (
    "in", "out", "absent", "missing", "expected", "not_expected")


def hands_over(adult: ChildAdult) -> bool:
    """Whether staff may offer ``adult`` as someone who brings or collects the child: a
    person (never an organisation on the record, such as a local authority with parental
    responsibility for a looked-after child) under no restriction."""
    return not adult.restriction and not adult.is_organisation


@dataclass
class Medicine:
    """A medicine in force today and when it was last given today."""

    medicine: str
    dose: str
    when: str
    last_given: datetime | None = None


@dataclass
class Alerts:
    """What staff must know about a child at a glance, at the door. Staff-only: the register
    is for staff, and restrictions are never shown to families."""

    allergies: list[Allergy] = field(default_factory=list)  # current ones, worst first
    medical_needs: str = ""
    diet: str = ""
    restrictions: list[ChildAdult] = field(default_factory=list)  # under a restriction
    looked_after: bool = False
    medicines: list[Medicine] = field(default_factory=list)  # due today
    password_for: str = ""                             # the adult a password is set for today
    collecting: str = ""                               # who the family said is collecting

    @property
    def any(self) -> bool:
        return bool(self.allergies or self.medical_needs or self.diet or self.restrictions
                    or self.looked_after or self.medicines or self.password_for
                    or self.collecting)


_SEVERITY_RANK: dict[str, int] = {Allergy.Severity.ANAPHYLAXIS: 0, Allergy.Severity.SEVERE: 1,
                  Allergy.Severity.MODERATE: 2, Allergy.Severity.MILD: 3}


def load_alerts(children: list[Child], adults_of: Callable[[Child], list[ChildAdult]],
                day: date) -> dict[int, Alerts]:
    """Child id: Alerts, for ``children`` (loaded) whose adults ``adults_of(child)`` gives, in
    three queries whatever their number: current allergies, medicines in force today with
    today's doses, and today's collection passwords."""
    from consents.models import MedicationDose, MedicationPermission

    ids = [c.pk for c in children]
    allergies = defaultdict(list)
    for allergy in Allergy.objects.filter(child_id__in=ids, ended_at__isnull=True).order_by(
            "allergen"):
        allergies[allergy.child_id].append(allergy)
    medicines = defaultdict(list)
    # A medicine in force whose dates cover today; the latest dose today comes in the same
    # query (a correlated subquery).
    last_dose = (MedicationDose.objects.current()
                 .filter(permission=OuterRef("pk"), given_at__date=day).order_by()
                 .values("permission").annotate(last=Max("given_at")).values("last"))
    for permission in (MedicationPermission.objects.in_force()
                       .filter(child_id__in=ids, start_date__lte=day, end_date__gte=day)
                       .annotate(last_given=Subquery(last_dose)).order_by("medicine")):
        medicines[permission.child_id].append(Medicine(
            medicine=permission.medicine, dose=permission.dose_display,
            when=permission.when_to_give, last_given=permission.last_given))
    passwords = passwords_for(ids, day)  # collection's (attendance.registry)
    alerts = {}
    for child in children:
        alerts[child.pk] = Alerts(
            allergies=sorted(allergies[child.pk], key=lambda a: _SEVERITY_RANK.get(
                a.severity, 9)),
            medical_needs=child.medical_needs.strip(), diet=child.dietary_requirements.strip(),
            restrictions=[a for a in adults_of(child) if a.restriction],
            looked_after=child.is_looked_after, medicines=medicines[child.pk],
            password_for=passwords.get(child.pk, ""))
    return alerts


@dataclass
class Row:
    child: Child
    record: AttendanceRecord | None = None        # open now, else the last one today
    records: list = field(default_factory=list)   # today's rows that stand
    expected: list = field(default_factory=list)  # sessions the child normally has today
    absence: Absence | None = None
    key_person: str = ""                          # the key person's name
    drop_off_adults: list = field(default_factory=list)
    family_phones: list = field(default_factory=list)
    alerts: Alerts = field(default_factory=Alerts)
    sign_in_session: Session | None = None
    state: str = NOT_EXPECTED
    late: bool = False
    overdue: bool = False                        # late past the manager's alert time
    error: str = ""
    notice: str = ""

    @property
    def dom_id(self) -> str:
        return f"row-{self.child.uuid}"


def family_adults_prefetch():
    return Prefetch("adults", queryset=ChildAdult.objects.order_by(
        "-has_parental_responsibility", "name"), to_attr="register_adults")


def _default_session(expected, selected, sessions, now):
    """The session a tap signs the child in for: the chosen one if the child is expected at
    it; the child's own session that is on now or next; the chosen one; the one on now."""
    local = timezone.localtime(now).time()
    if selected is not None and (not expected or selected in expected):
        return selected
    if expected:
        for session in expected:
            if session.ends_at > local:
                return session
        return expected[-1]
    if selected is not None:
        return selected
    current = [s for s in sessions if s.starts_at <= local < s.ends_at]
    return current[0] if current else (sessions[0] if sessions else None)


def build_rows(setting, children, *, selected=None, now=None, sessions=None, policy=None,
               records=None) -> list[Row]:
    """Register rows for ``children`` (a list, already loaded) at ``now``, in a fixed number of
    queries whatever their number.

    Only what the rows need is loaded: usual sessions and absences for children not signed in
    today, the setting's sessions for rows that offer a sign-in, the family adults (unless
    ``children`` came with ``family_adults_prefetch()``), each child's alerts
    (``load_alerts``), and the setting's timings when a row needs them. ``records`` (child
    id: today's rows) saves a query when the caller has them, as after a sign-in.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    ids = [c.pk for c in children]
    if records is None:
        records = defaultdict(list)
        for r in (AttendanceRecord.objects.current().filter(child_id__in=ids, date=day)
                  .select_related("session").order_by("signed_in_at")):
            records[r.child_id].append(r)
    keys = dict(Assignment.objects.current()
                .filter(child_id__in=ids, kind=Assignment.Kind.KEY, staff__ended_at__isnull=True)
                .order_by().values_list("child_id", "staff__user__full_name"))
    here = {c.pk for c in children if any(r.is_open for r in records.get(c.pk, []))}
    away = [pk for pk in ids if pk not in here]
    not_yet = [pk for pk in away if not records.get(pk)]  # not signed in at all today
    expected, absences, adults = defaultdict(list), {}, defaultdict(list)
    if not_yet:
        for regular in (RegularSession.objects.on(day).filter(child_id__in=not_yet)
                        .select_related("session").order_by("session__starts_at")):
            if regular.session.is_active:
                expected[regular.child_id].append(regular.session)
        absences = {a.child_id: a for a in Absence.objects.covering(day)
                    .filter(child_id__in=not_yet)}
    if away and sessions is None:
        sessions = list(Session.objects.for_setting(setting).active())
    # Every row shows the child's restrictions, so the family's adults are loaded for all.
    unloaded = [c.pk for c in children if not hasattr(c, "register_adults")]
    if unloaded:
        for adult in (ChildAdult.objects.filter(child_id__in=unloaded)
                      .order_by("-has_parental_responsibility", "name")):
            adults[adult.child_id].append(adult)

    def family_of(child):
        family = getattr(child, "register_adults", None)
        return adults[child.pk] if family is None else family

    alerts = load_alerts(children, family_of, day)

    def timings():
        nonlocal policy
        policy = policy or AttendanceSettings.of(setting)
        return policy

    rows = []
    for child in children:
        row = Row(child=child, records=records.get(child.pk, []), expected=expected[child.pk],
                  absence=absences.get(child.pk), key_person=keys.get(child.pk, ""),
                  alerts=alerts[child.pk])
        open_records = [r for r in row.records if r.is_open]
        row.record = open_records[-1] if open_records else (row.records[-1] if row.records
                                                            else None)
        if open_records:
            row.state = IN
            row.alerts.collecting = open_records[-1].collecting
            end = open_records[-1].session_end()
            row.late = end is not None and now > end
            row.overdue = row.late and now > end + timedelta(
                minutes=timings().late_alert_minutes)
        elif row.records:
            row.state = OUT
        elif row.absence is not None:
            row.state = ABSENT
        elif row.expected:
            start = min(s.start_on(day) for s in row.expected)
            grace = timedelta(minutes=timings().arrival_grace_minutes)
            row.state = MISSING if now > start + grace else EXPECTED
        if row.state != IN:
            family = family_of(child)
            row.sign_in_session = _default_session(row.expected, selected, sessions, now)
            row.drop_off_adults = [a for a in family if hands_over(a) and (
                a.may_collect or a.has_parental_responsibility)][:3]
            row.family_phones = [a for a in family if a.phone and not a.restriction and (
                a.has_parental_responsibility or a.is_emergency_contact)]
        rows.append(row)
    return rows


_ORDER = {MISSING: 1, EXPECTED: 2, IN: 3, ABSENT: 4, OUT: 5, NOT_EXPECTED: 6}


def _rank(row: Row) -> tuple:
    """Late children first, then those missing, expected, here, away, gone home."""
    return (0 if row.late else _ORDER[row.state], row.child.first_name, row.child.last_name)


@dataclass
class Register:
    room: object
    rows: list
    ratio: RoomRatio
    breach: RatioBreach | None
    shifts: list
    sessions: list
    selected: Session | None
    policy: AttendanceSettings
    now: datetime


def room_register(setting, room, *, selected=None, show_all=False, now=None) -> Register:
    """The register of ``room`` now; with a session chosen, the children expected at it (and
    any already signed in for it) unless ``show_all``."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    policy = AttendanceSettings.of(setting)
    sessions = list(Session.objects.for_setting(setting).active())
    children = list(Child.objects.for_setting(setting).current()
                    .filter(started_by(day), room=room)
                    .prefetch_related(family_adults_prefetch())
                    .order_by("first_name", "last_name"))
    rows = build_rows(setting, children, selected=selected, now=now, sessions=sessions,
                      policy=policy)
    if selected is not None and not show_all:
        rows = [r for r in rows if selected in r.expected or r.state == IN or any(
            rec.session_id == selected.pk for rec in r.records)]
    rows.sort(key=_rank)
    shifts = list(StaffShift.objects.open().filter(room=room, date=day)
                  .select_related("membership__user", "membership__attendance_qualification")
                  .order_by("signed_in_at"))
    ratio, breach = room_ratio(room, day, on_duty=shifts)
    return Register(room=room, rows=rows, ratio=ratio, breach=breach, shifts=shifts,
                    sessions=sessions, selected=selected, policy=policy, now=now)
