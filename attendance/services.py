"""The register's operations: signing children and staff in and out, corrections, absences,
regular sessions, the setting's sessions and timings, and the ratio check after every change.

Each takes the acting user, runs in a transaction and writes the audit trail (log_action). A
ServiceError carries a message for the person and means nothing was changed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from attendance.models import (
    Absence,
    AttendanceRecord,
    AttendanceSettings,
    RatioBreach,
    RegularSession,
    Session,
    StaffQualification,
    StaffShift,
    has_started,
)
from attendance.ratios import RoomRatio
from families.models import Child, Room
from preschool.i18n import SOURCE_LANGUAGE
from preschool.models import log_action
from preschool.services import ServiceError

# How far ahead a family may tell us about an absence.
ABSENCE_MAX_DAYS_AHEAD = 366
# The longest one absence may last (longer ones are a conversation with the manager).
ABSENCE_MAX_LENGTH_DAYS = 92
# Sessions offered by "Add the usual sessions" (a starting point the manager can change).
USUAL_SESSIONS = [("Morning", time(9, 0), time(12, 0)),
                  ("Afternoon", time(12, 0), time(15, 0)),
                  ("Full day", time(9, 0), time(15, 0))]


def _clean_name(value: str) -> str:
    return " ".join((value or "").split())


# --- Ratios --------------------------------------------------------------------------------------

_UNKNOWN = object()


def _logged_summary(ratio: RoomRatio) -> str:
    """The ratio as the audit trail keeps it: in the source language, whoever acted."""
    with translation.override(SOURCE_LANGUAGE):
        return ratio.summary


def _open_breach_columns() -> dict:
    """Annotations for a query on rooms: the room's open breach (what the register shows)."""
    open_breach = RatioBreach.objects.open().filter(room=OuterRef("pk"))
    return {"breach_pk": Subquery(open_breach.values("pk")[:1]),
            "started_at": Subquery(open_breach.values("started_at")[:1]),
            "cause": Subquery(open_breach.values("cause")[:1])}


def _breach_from(row: dict, room):
    if row["breach_pk"] is None:
        return None
    return RatioBreach(pk=row["breach_pk"], room=room, setting_id=room.setting_id,
                       started_at=row["started_at"], cause=row["cause"])


def room_ratio(room, day: date, *, lock: bool = False, breach=_UNKNOWN, on_duty=None):
    """Who is in ``room`` on ``day`` - children signed in by age group, staff on duty, whether
    one of them holds a level 6 qualification - and the room's open breach, if any.

    With ``lock`` the room's row is locked (FOR UPDATE) until the transaction ends, so two
    changes to the same room at once see each other. A caller that has locked the room and read
    its open breach in the same query passes ``breach``; one that has read the room's open
    shifts on ``day`` (with ``select_related("membership__attendance_qualification")``, as the
    register does) passes them as ``on_duty``. Three simple queries at most: measured faster
    than one query with a subquery for each number (bench/attendance_register.py).
    """
    if lock:
        # The lock and the open breach in one query.
        row = (Room.objects.select_for_update(of=("self",)).filter(pk=room.pk)
               .annotate(**_open_breach_columns())
               # The plugin cannot see the names that **_open_breach_columns() annotates.
               .values("breach_pk", "started_at", "cause").get())  # type: ignore[misc]
        breach = _breach_from(row, room)
    elif breach is _UNKNOWN:
        breach = RatioBreach.objects.open().filter(room=room).order_by().first()
    births = list(AttendanceRecord.objects.open().filter(room=room, date=day).order_by()
                  .values_list("child__date_of_birth", flat=True))
    if on_duty is None:
        level_6 = list(StaffShift.objects.open().filter(room=room, date=day).order_by()
                       .values_list("membership__attendance_qualification__has_level_6",
                                    flat=True))
    else:
        level_6 = [shift.has_level_6 for shift in on_duty]
    return RoomRatio.count(births, staff=len(level_6), level_6=any(level_6), on=day), breach


@dataclass
class RatioCheck:
    ratio: RoomRatio
    breach: RatioBreach | None
    started: bool = False
    ended: bool = False


def check_ratio(actor, room, cause: str, *, now=None, setting=None,
                locked: bool = False, breach=_UNKNOWN) -> RatioCheck | None:
    """After a change to who is in ``room``: open a breach in the log when the room now has too
    few adults, close the open one when it has enough again. Runs inside the caller's
    transaction, with the room locked (by the caller when ``locked``) so two changes at once
    see each other. A caller that read the open breach with its lock passes ``breach``."""
    if room is None:
        return None
    now = now or timezone.now()
    ratio, breach = room_ratio(room, timezone.localdate(now), lock=not locked, breach=breach)
    if ratio.is_breach and breach is None:
        breach = RatioBreach.objects.create(
            setting_id=room.setting_id, room=room, started_at=now, under_two=ratio.under_two,
            aged_two=ratio.aged_two, three_and_over=ratio.three_and_over,
            level_6=ratio.level_6, staff_on_duty=ratio.staff, staff_required=ratio.required,
            cause=cause[:300])
        summary = _logged_summary(ratio)
        log_action(actor, "ratio.breach_started", breach, changes={"ratio": summary},
                   label=f"{room}: {summary}", setting=setting or room.setting)
        return RatioCheck(ratio, breach, started=True)
    if not ratio.is_breach and breach is not None:
        RatioBreach.objects.filter(pk=breach.pk, ended_at__isnull=True).update(
            ended_at=now, ended_by=cause[:300])
        summary = _logged_summary(ratio)
        log_action(actor, "ratio.breach_ended", breach, changes={"ratio": summary},
                   label=f"{room}: {summary}", setting=setting or room.setting)
        return RatioCheck(ratio, None, ended=True)
    return RatioCheck(ratio, breach)


# --- Children in and out -------------------------------------------------------------------------

@transaction.atomic
def sign_in(actor, child, *, session, dropped_off_by: str, now=None):
    """Sign ``child`` in now, for ``session``, dropped off by the named adult.

    Refused (nothing changed) when the child is already signed in, has left, or the session is
    not one the setting offers. Returns the new record and the room's ratio check.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    dropped_off_by = _clean_name(dropped_off_by)
    if not dropped_off_by:
        raise ServiceError(_("Say who dropped %(name)s off.") % {"name": child.known_as})
    if len(dropped_off_by) > 150:
        raise ServiceError(_("That name is too long (150 characters at most)."))
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting.") % {"name": child.full_name})
    if not has_started(child, day):
        raise ServiceError(_("%(name)s starts on %(date)s: not yet on the register.") % {
            "name": child.full_name, "date": date_format(child.start_date, "l j E Y")})
    if session is None or session.setting_id != child.setting_id or not session.is_active:
        raise ServiceError(_("Choose one of the setting's sessions."))
    # Lock the child's room (or the child, with no room) and look for the child's open record
    # in the same query: two taps on two tablets must not sign the child in twice, and the
    # room's ratio is checked below under the same lock.
    # With a room, the room's open breach comes in the same query, for the ratio check.
    here = Subquery(AttendanceRecord.objects.open().filter(child=child, date=day)
                    .order_by().values("signed_in_at")[:1])
    if child.room_id:
        row = (Room.objects.filter(pk=child.room_id).select_for_update(of=("self",))
               .order_by().annotate(since=here, **_open_breach_columns())
               .values("since", "breach_pk", "started_at", "cause").get())  # type: ignore[misc]
        breach = _breach_from(row, child.room)
    else:
        row = (Child.objects.filter(pk=child.pk).select_for_update(of=("self",)).order_by()
               .annotate(since=here).values("since").get())
        breach = None
    since = row["since"]
    if since is not None:
        raise ServiceError(_("%(name)s is already signed in (since %(time)s).") % {
            "name": child.known_as, "time": f"{timezone.localtime(since):%H:%M}"})
    record = AttendanceRecord.objects.create(
        setting_id=child.setting_id, child=child, room=child.room, session=session, date=day,
        signed_in_at=now, signed_in_by=actor, dropped_off_by=dropped_off_by, created_by=actor)
    log_action(actor, "attendance.signed_in", record, setting=child.setting,
               changes={"session": session.name, "dropped_off_by": dropped_off_by},
               label=f"{child.full_name} on {day:%d %b %Y}")
    check = check_ratio(actor, record.room, f"{child.full_name} signed in", now=now,
                        setting=child.setting, locked=True, breach=breach)
    return record, check


@transaction.atomic
def note_collecting(actor, record, *, collecting: str) -> None:
    """Note who the family says is collecting the child today ("" clears it), while the child
    is here. A note only: the sign-out still offers only the adults the family has named."""
    collecting = _clean_name(collecting)
    if len(collecting) > 150:
        raise ServiceError(_("That name is too long (150 characters at most)."))
    done = AttendanceRecord.objects.open().filter(pk=record.pk).update(collecting=collecting)
    if not done:
        raise ServiceError(_("%(name)s is not signed in.") % {"name": record.child.known_as})
    log_action(actor, "attendance.collecting_noted", record,
               changes={"collecting": [record.collecting, collecting]},
               label=f"{record.child.full_name} on {record.date:%d %b %Y}")
    record.collecting = collecting


def complete_sign_out(actor, record, *, collected_by: str, relationship: str, check: str,
                      now=None):
    """Complete ``record`` with who collected the child: once, and only while it is open.

    Called by collection.services.sign_out inside its transaction, after it has checked that
    the adult may collect the child. Returns the room's ratio check.
    """
    now = now or timezone.now()
    # Still open: not signed out, not void, not put right by a later row (NOT EXISTS, so that
    # the UPDATE needs no subquery of ids).
    corrected = AttendanceRecord.objects.filter(corrects=OuterRef("pk"))
    done = (AttendanceRecord.objects.filter(pk=record.pk, signed_out_at__isnull=True,
                                            is_void=False)
            .exclude(Exists(corrected))
            .update(signed_out_at=now, signed_out_by=actor, collected_by=collected_by[:150],
                    collected_by_relationship=relationship[:60], collection_check=check))
    if not done:
        raise ServiceError(_("%(name)s is not signed in.") % {"name": record.child.known_as})
    record.signed_out_at, record.signed_out_by = now, actor
    record.collected_by, record.collected_by_relationship = collected_by, relationship
    record.collection_check = check
    setting = record.child.setting
    log_action(actor, "attendance.signed_out", record, setting=setting,
               changes={"collected_by": collected_by, "check": check},
               label=f"{record.child.full_name} on {record.date:%d %b %Y}")
    return check_ratio(actor, record.room, f"{record.child.full_name} signed out", now=now,
                       setting=setting)


def _at(day: date, value: time | None):
    return timezone.make_aware(datetime.combine(day, value)) if value else None


@transaction.atomic
def correct_record(actor, record, *, signed_in: time | None = None,
                   signed_out: time | None = None, dropped_off_by: str = "",
                   collected_by: str = "", reason: str, void: bool = False):
    """Put a register row right with a new row pointing at it; the old row is kept.

    ``void`` says the sign-in was a mistake (the child was not here). Only the latest version of
    a row can be corrected, and the times must make sense (out after in, not in the future).
    """
    reason = _clean_name(reason)
    if not reason:
        raise ServiceError(_("Say why the record is being corrected."))
    record = AttendanceRecord.objects.select_for_update().select_related("child").get(
        pk=record.pk)
    if AttendanceRecord.objects.filter(corrects=record).exists() or record.is_void:
        raise ServiceError(_("This row has already been corrected: correct the latest version."))
    now = timezone.now()
    new = AttendanceRecord(
        setting_id=record.setting_id, child=record.child, room=record.room,
        session=record.session, date=record.date, signed_in_by=record.signed_in_by,
        signed_out_by=record.signed_out_by, collected_by_relationship=(
            record.collected_by_relationship),
        collection_check=record.collection_check, corrects=record, correction_reason=reason,
        is_void=void, created_by=actor,
        signed_in_at=_at(record.date, signed_in) or record.signed_in_at,
        dropped_off_by=_clean_name(dropped_off_by) or record.dropped_off_by,
        collected_by=_clean_name(collected_by) or record.collected_by,
    )
    new.signed_out_at = _at(record.date, signed_out) or record.signed_out_at
    if record.signed_out_at is None and signed_out is not None:
        raise ServiceError(_("Sign the child out on the register (who collected them is checked "
                             "there); a correction cannot sign a child out."))
    if new.signed_in_at > now or (new.signed_out_at and new.signed_out_at > now):
        raise ServiceError(_("A time cannot be in the future."))
    if new.signed_out_at and new.signed_out_at <= new.signed_in_at:
        raise ServiceError(_("The time out must be after the time in."))
    new.save()
    changes: dict[str, object] = {}
    for field in ("signed_in_at", "signed_out_at", "dropped_off_by", "collected_by"):
        before, after = getattr(record, field), getattr(new, field)
        if before != after:
            changes[field] = [str(before or ""), str(after or "")]
    if void:
        changes["void"] = "the child was not here"
    log_action(actor, "attendance.corrected", new,
               changes={**changes, "reason": reason},
               label=f"{record.child.full_name} on {record.date:%d %b %Y}")
    if record.date == timezone.localdate() and record.signed_out_at is None:
        check_ratio(actor, record.room, f"{record.child.full_name}'s record corrected")
    return new


# --- Staff on duty -------------------------------------------------------------------------------

@transaction.atomic
def staff_sign_in(actor, membership, room, *, now=None):
    """Sign a member of staff in to a room (once a day at a time: sign out before moving)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if (room.setting_id != membership.setting_id or not membership.is_staff_member):
        raise ServiceError(_("Only staff of this setting can be signed in to its rooms."))
    open_shift = (StaffShift.objects.open().filter(membership=membership, date=day)
                  .select_related("room").first())
    if open_shift is not None:
        if membership.user_id == actor.pk:
            message = _("You are already signed in, in %(room)s. Sign out first to move to "
                        "another room.")
        else:
            message = _("%(name)s is already signed in, in %(room)s. Sign out first to move "
                        "to another room.")
        raise ServiceError(message % {"name": membership.user, "room": open_shift.room})
    try:
        with transaction.atomic():
            shift = StaffShift.objects.create(
                setting_id=membership.setting_id, membership=membership, room=room, date=day,
                signed_in_at=now, signed_in_by=actor)
    except IntegrityError:
        raise ServiceError(_("%(name)s is already signed in.") % {
            "name": membership.user}) from None
    log_action(actor, "staff.signed_in", shift, changes={"room": room.name})
    check = check_ratio(actor, room, f"{membership.user} signed in", now=now)
    return shift, check


@transaction.atomic
def staff_sign_out(actor, shift, *, now=None):
    now = now or timezone.now()
    done = StaffShift.objects.open().filter(pk=shift.pk).update(signed_out_at=now,
                                                                signed_out_by=actor)
    if not done:
        raise ServiceError(_("%(name)s is not signed in.") % {"name": shift.membership.user})
    log_action(actor, "staff.signed_out", shift,
               changes={"room": shift.room.name})
    return check_ratio(actor, shift.room, f"{shift.membership.user} signed out", now=now)


@transaction.atomic
def set_qualification(actor, membership, *, has_level_6: bool,
                      qualification: str) -> StaffQualification | None:
    """Record whether a practitioner holds a level 6 qualification (EYFS ratios); None when
    there is neither a record nor anything to record."""
    qualification = _clean_name(qualification)
    if has_level_6 and not qualification:
        raise ServiceError(_("Say which level 6 qualification they hold (for example Early Years "
                             "Teacher Status)."))
    row = StaffQualification.objects.select_for_update().filter(membership=membership).first()
    before = (row.has_level_6, row.qualification) if row else (False, "")
    if before == (has_level_6, qualification):
        return row
    if row is None:
        row = StaffQualification(membership=membership, setting_id=membership.setting_id)
    row.has_level_6, row.qualification, row.updated_by = has_level_6, qualification, actor
    row.save()
    log_action(actor, "staff.qualification_changed", membership,
               changes={"level_6": [before[0], has_level_6],
                        "qualification": [before[1], qualification]})
    shift = (StaffShift.objects.open().filter(membership=membership,
                                              date=timezone.localdate())
             .select_related("room").first())
    if shift is not None:
        check_ratio(actor, shift.room, f"{membership.user}'s qualification recorded")
    return row


# --- Absences and regular sessions ---------------------------------------------------------------

@transaction.atomic
def report_absence(actor, child, *, first_day: date, last_day: date | None, reason: str,
                   details: str = "") -> Absence:
    """A family (or staff) says the child will be away, today or later."""
    today = timezone.localdate()
    last_day = last_day or first_day
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting.") % {"name": child.full_name})
    if first_day < today:
        raise ServiceError(_("An absence can only be reported for today or a day to come. For a "
                             "day that has passed, please speak to the staff."))
    if last_day < first_day:
        raise ServiceError(_("The last day away cannot be before the first."))
    if first_day > today + timedelta(days=ABSENCE_MAX_DAYS_AHEAD):
        raise ServiceError(_("That is more than a year away. Please tell us nearer the time."))
    if (last_day - first_day).days >= ABSENCE_MAX_LENGTH_DAYS:
        raise ServiceError(_("For an absence longer than three months, please speak to the "
                             "manager."))
    if reason not in Absence.Reason.values:
        raise ServiceError(_("Choose a reason."))
    if first_day == today and AttendanceRecord.objects.current().filter(
            child=child, date=today).exists():
        raise ServiceError(_("%(name)s has been signed in today. Speak to the staff if they "
                             "are going home.") % {"name": child.known_as})
    absence = Absence.objects.create(
        setting_id=child.setting_id, child=child, first_day=first_day, last_day=last_day,
        reason=reason, details=_clean_name(details)[:300], reported_by=actor)
    log_action(actor, "absence.reported", absence,
               changes={"first_day": str(first_day), "last_day": str(last_day),
                        "reason": reason})
    return absence


@transaction.atomic
def withdraw_absence(actor, absence) -> None:
    if absence.withdrawn_at is not None:
        raise ServiceError(_("This absence was already withdrawn."))
    if absence.last_day < timezone.localdate():
        raise ServiceError(_("This absence is over; it stays on the record."))
    Absence.objects.filter(pk=absence.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=actor)
    log_action(actor, "absence.withdrawn", absence)


@transaction.atomic
def add_regular_session(actor, child, *, session, weekday: int):
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting.") % {"name": child.full_name})
    if session.setting_id != child.setting_id or not session.is_active:
        raise ServiceError(_("Choose one of the setting's sessions."))
    if RegularSession.objects.current().filter(child=child, session=session,
                                               weekday=weekday).exists():
        raise ServiceError(_("%(name)s already comes to that session on that day.") % {
            "name": child.known_as})
    regular = RegularSession.objects.create(setting_id=child.setting_id, child=child,
                                            session=session, weekday=weekday, added_by=actor)
    log_action(actor, "regular_session.added", regular,
               changes={"day": regular.get_weekday_display(), "session": session.name})
    return regular


@transaction.atomic
def end_regular_session(actor, regular) -> None:
    """The child is no longer expected at this session from today; the pattern stays on
    record."""
    if regular.ended_on is not None:
        raise ServiceError(_("This regular session has already ended."))
    RegularSession.objects.filter(pk=regular.pk, ended_on__isnull=True).update(
        ended_on=timezone.localdate() - timedelta(days=1))
    log_action(actor, "regular_session.ended", regular)


# --- The setting's sessions and timings ----------------------------------------------------------

@transaction.atomic
def save_attendance_settings(actor, setting, *, arrival_grace_minutes: int,
                             late_alert_minutes: int,
                             non_collection_procedure: str) -> AttendanceSettings:
    row = AttendanceSettings.objects.select_for_update().filter(setting=setting).first()
    row = row or AttendanceSettings(setting=setting)
    after = {"arrival_grace_minutes": arrival_grace_minutes,
             "late_alert_minutes": late_alert_minutes,
             "non_collection_procedure": non_collection_procedure.strip()}
    changes = {k: [str(getattr(row, k)), str(v)] for k, v in after.items()
               if getattr(row, k) != v}
    if changes or row.pk is None:
        for key, value in after.items():
            setattr(row, key, value)
        row.updated_by = actor
        row.save()
        log_action(actor, "attendance_settings.changed", row, changes=changes)
    return row


@transaction.atomic
def add_session(actor, setting, *, name: str, starts_at: time, ends_at: time) -> Session:
    name = _clean_name(name)
    if not name:
        raise ServiceError(_("Give the session a name."))
    if ends_at <= starts_at:
        raise ServiceError(_("A session must end after it starts."))
    if Session.objects.filter(setting=setting, name__iexact=name).exists():
        raise ServiceError(_("There is already a session called %(name)s.") % {"name": name})
    session = Session.objects.create(setting=setting, name=name, starts_at=starts_at,
                                     ends_at=ends_at)
    log_action(actor, "session.added", session,
               changes={"times": f"{starts_at:%H:%M}-{ends_at:%H:%M}"})
    return session


@transaction.atomic
def add_usual_sessions(actor, setting) -> list[Session]:
    if Session.objects.filter(setting=setting).exists():
        raise ServiceError(_("This setting already has sessions."))
    return [add_session(actor, setting, name=n, starts_at=s, ends_at=e)
            for n, s, e in USUAL_SESSIONS]


@transaction.atomic
def retire_session(actor, session) -> None:
    """A session no longer offered: kept for the records that point at it."""
    if not session.is_active:
        raise ServiceError(_("This session is already retired."))
    Session.objects.filter(pk=session.pk).update(is_active=False)
    RegularSession.objects.current().filter(session=session).update(
        ended_on=timezone.localdate() - timedelta(days=1))
    log_action(actor, "session.retired", session)
