"""Key people, settling in, meetings and parents' evenings: operations with side effects.

Each takes the acting user, runs in a transaction, writes the audit trail with log_action and
queues emails on commit (through preschool.lib.reminders.schedule). A ServiceError carries a
message for the person.
"""

from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from keyperson.models import (
    Assignment,
    Booking,
    Event,
    HomeVisit,
    MeetingRequest,
    SettlingComment,
    SettlingInPlan,
    SettlingVisit,
    Slot,
    StaffProfile,
)
from keyperson.permissions import child_has_left, current_assignments, is_meeting_staff
from notifications.models import Category
from notifications.services import notify
from preschool.i18n import override_for
from preschool.lib.reminders import schedule
from preschool.lib.uploads import reencode_image
from preschool.models import log_action
from preschool.services import ServiceError

# Staff photos are shown small (a card, a profile page): no need to keep more pixels.
STAFF_PHOTO_MAX_EDGE = 800
MAX_SLOTS_PER_PERSON = 60


def _who(membership) -> str:
    return membership.user.full_name


# --- Key person assignments --------------------------------------------------------------------

@transaction.atomic
def assign_key_person(actor, child, staff_membership, kind) -> Assignment:
    """Make ``staff_membership`` the child's key person or back-up (``kind``), from today.

    The current assignment of that kind ends today and a new one starts, so the history is
    kept. Only an active practitioner or manager of the child's own setting can be assigned,
    and nobody can be their own back-up. A back-up who becomes the key person stops being the
    back-up (the child then needs a new back-up).
    EYFS: every child is assigned a key person (shared reference, "Key person").
    """
    kind = Assignment.Kind(kind)
    if (staff_membership.setting_id != child.setting_id or not staff_membership.is_active
            or not staff_membership.is_staff_member):
        raise ServiceError(_("Only a practitioner or manager who works at this setting now can "
                             "be a key person."))
    if child_has_left(child):
        raise ServiceError(_("%(child)s has left the setting.") % {"child": child.known_as})
    # Lock the child's current assignments so two managers saving at once do not both end
    # the same assignment.
    current = {a.kind: a for a in Assignment.objects.select_for_update()
               .filter(child=child, ended_on__isnull=True).select_related("staff__user")}
    today = timezone.localdate()
    existing = current.get(kind)
    if existing is not None and existing.staff_id == staff_membership.pk:
        already = (_("%(name)s is already %(child)s's key person.")
                   if kind == Assignment.Kind.KEY
                   else _("%(name)s is already %(child)s's back-up key person."))
        raise ServiceError(already % {"name": _who(staff_membership), "child": child.known_as})
    other_kind = Assignment.Kind.BACKUP if kind == Assignment.Kind.KEY else Assignment.Kind.KEY
    other = current.get(other_kind)
    if other is not None and other.staff_id == staff_membership.pk:
        if kind == Assignment.Kind.BACKUP:
            raise ServiceError(_("%(name)s is %(child)s's key person; choose someone else as "
                                 "the back-up.")
                               % {"name": _who(staff_membership), "child": child.known_as})
        # The back-up steps up to key person: they can no longer be the back-up too.
        other.ended_on = today
        other.save(update_fields=["ended_on"])
        log_action(actor, "keyperson.ended", other,
                   changes={"kind": other.kind, "staff": _who(other.staff)})
    if existing is not None:
        existing.ended_on = today
        existing.save(update_fields=["ended_on"])
    assignment = Assignment.objects.create(
        setting=child.setting, child=child, staff=staff_membership, kind=kind,
        started_on=today, assigned_by=actor)
    log_action(actor, "keyperson.assigned", assignment, changes={
        "kind": kind.value,
        "staff": [_who(existing.staff) if existing else None, _who(staff_membership)],
    })
    if hasattr(child, "_keyperson_current"):
        del child._keyperson_current
    return assignment


# --- Staff profiles --------------------------------------------------------------------------

@transaction.atomic
def end_assignments_of(membership) -> None:
    """Someone has left the setting: their key-person assignments end with them, so their key
    children show as needing a new key person (preschool.registry, on a membership's end)."""
    Assignment.objects.filter(staff=membership, ended_on__isnull=True).update(
        ended_on=timezone.localdate())


def update_staff_profile(actor, membership, *, about: str, photo=None,
                         remove_photo: bool = False) -> StaffProfile:
    """Save the staff member's own "about me" and photo.

    The photo is re-encoded (preschool.lib.uploads) before anything is stored; a file that is
    not an acceptable picture raises ValidationError and nothing is saved. The old photo file
    is deleted once the change is committed.
    """
    if membership.user_id != actor.pk or not membership.is_staff_member:
        raise ServiceError(_("Only a member of staff can change their own profile."))
    clean_photo = reencode_image(photo, max_edge=STAFF_PHOTO_MAX_EDGE) if photo else None
    profile, _created = StaffProfile.objects.select_for_update().get_or_create(
        membership=membership, defaults={"setting": membership.setting})
    changes: dict[str, object] = {}
    old_name = profile.photo.name if profile.photo else ""
    if about != profile.about:
        changes["about"] = [profile.about, about]
        profile.about = about
    if clean_photo is not None:
        profile.photo.save(clean_photo.name, clean_photo, save=False)
        changes["photo"] = "replaced" if old_name else "added"
    elif remove_photo and old_name:
        profile.photo = ""
        changes["photo"] = "removed"
    try:
        profile.save()
        if changes:
            log_action(actor, "staff_profile.changed", profile,
                       changes=changes)
    except Exception:
        # The new file must not be left behind when the change is not saved.
        if clean_photo is not None:
            default_storage.delete(profile.photo.name)
        raise
    if old_name and "photo" in changes:
        transaction.on_commit(lambda: default_storage.delete(old_name))
    return profile


# --- Settling in -----------------------------------------------------------------------------

@transaction.atomic
def save_settling_in_plan(actor, child, *, plan: str) -> SettlingInPlan:
    existing = SettlingInPlan.objects.select_for_update().filter(child=child).first()
    if existing is None:
        existing = SettlingInPlan.objects.create(setting=child.setting, child=child, plan=plan,
                                                 updated_by=actor)
        log_action(actor, "settling_in.plan_written", existing)
    elif existing.plan != plan:
        existing.plan, existing.updated_by = plan, actor
        existing.save(update_fields=["plan", "updated_by", "updated_at"])
        log_action(actor, "settling_in.plan_changed", existing)
    return existing


SETTLING_VISIT_FIELDS = ["visited_on", "who_came", "how_it_went", "comforters", "next_steps",
                         "staff_notes"]
HOME_VISIT_FIELDS = ["visited_on", "visited_by", "notes", "next_steps", "staff_notes"]


def _save_record(actor, model, fields, child, data, instance, action):
    if instance is None:
        instance = model.objects.create(setting=child.setting, child=child, written_by=actor,
                                        **{f: data[f] for f in fields})
        log_action(actor, f"{action}.added", instance,
                   changes={"visited_on": str(instance.visited_on)})
        return instance
    # Staff-only notes are recorded in the audit trail as changed, never with their text.
    changes = {f: "changed" if f == "staff_notes" else [str(getattr(instance, f)), str(data[f])]
               for f in fields if getattr(instance, f) != data[f]}
    if changes:
        for f in fields:
            setattr(instance, f, data[f])
        instance.save()
        log_action(actor, f"{action}.changed", instance, changes=changes)
    return instance


def _check_visit_date(visited_on):
    if visited_on > timezone.localdate():
        raise ServiceError(_("The visit's date is in the future; record a visit once it has "
                             "happened."))


@transaction.atomic
def save_settling_visit(actor, child, data: dict, instance=None) -> SettlingVisit:
    """Add a visit to the child's settling-in log, or correct one."""
    _check_visit_date(data["visited_on"])
    return _save_record(actor, SettlingVisit, SETTLING_VISIT_FIELDS, child, data, instance,
                        "settling_in.visit")


@transaction.atomic
def save_home_visit(actor, child, data: dict, instance=None) -> HomeVisit:
    """Record a home visit, or correct one."""
    _check_visit_date(data["visited_on"])
    return _save_record(actor, HomeVisit, HOME_VISIT_FIELDS, child, data, instance,
                        "home_visit")


@transaction.atomic
def add_settling_comment(actor, child, body: str) -> SettlingComment:
    body = body.strip()
    if not body:
        raise ServiceError(_("Write your comment first."))
    comment = SettlingComment.objects.create(setting=child.setting, child=child, author=actor,
                                             body=body)
    log_action(actor, "settling_in.comment_added", comment)
    return comment


# --- Meetings --------------------------------------------------------------------------------

def _check_future(moment: datetime, message: str | None = None):
    if moment <= timezone.now():
        raise ServiceError(
            message or _("This time has already passed; choose a time in the future."))


@transaction.atomic
def request_meeting(actor, child, *, topic: str, details: str, options: list) -> MeetingRequest:
    """The family asks to meet the child's key person at one of two or three times."""
    options = [o for o in options if o is not None]
    if not 2 <= len(options) <= 3:
        raise ServiceError(_("Offer two or three times that would suit you."))
    if len(set(options)) != len(options):
        raise ServiceError(_("Offer different times, so the key person has a choice."))
    for option in options:
        _check_future(option, _("One of the times has already passed; choose a time in the "
                                     "future."))
    key = current_assignments(child).get(Assignment.Kind.KEY)
    if key is None:
        raise ServiceError(_("%(child)s does not have a key person yet. Please speak to the "
                             "manager, who will arrange one.") % {"child": child.known_as})
    meeting = MeetingRequest.objects.create(
        setting=child.setting, child=child, requested_by=actor, staff=key.staff,
        topic=topic.strip(), details=details.strip(), option_1=options[0], option_2=options[1],
        option_3=options[2] if len(options) > 2 else None)
    log_action(actor, "meeting.requested", meeting,
               changes={"staff": _who(key.staff)})
    schedule("keyperson-meeting-requested", object_key=str(meeting.uuid),
             recipient_email=key.staff.user.email, recipient=key.staff.user,
             setting=child.setting)
    with override_for(key.staff.user):
        title = _("%(child)s's family asked to meet you") % {"child": child.known_as}
    notify(setting=child.setting, recipients=[key.staff.user], category=Category.MEETING,
           title=title,
           url=reverse("keyperson-meeting", args=[meeting.uuid]), child=child,
           emailed_by_app=True)
    return meeting


def _locked_meeting(meeting) -> MeetingRequest:
    return MeetingRequest.objects.select_for_update().select_related(
        "child__setting", "staff__user", "requested_by").get(pk=meeting.pk)


@transaction.atomic
def answer_meeting(actor, meeting, *, choice: str, proposed_at=None,
                   reply: str = "") -> MeetingRequest:
    """The key person (or back-up, or a manager) accepts one of the family's times
    (``choice`` "1", "2" or "3") or suggests another (``choice`` "other", ``proposed_at``)."""
    meeting = _locked_meeting(meeting)
    if not is_meeting_staff(actor, meeting):
        raise ServiceError(_("Only the child's key person, back-up or a manager can answer."))
    if meeting.status != MeetingRequest.Status.REQUESTED:
        raise ServiceError(_("This request has already been answered or cancelled."))
    if choice == "other":
        if proposed_at is None:
            raise ServiceError(_("Choose the time you would like to suggest."))
        _check_future(proposed_at, _("The time you suggested has already passed; choose a "
                                    "time in the future."))
        meeting.status, meeting.scheduled_at = MeetingRequest.Status.PROPOSED, proposed_at
        action = "meeting.time_suggested"
    else:
        options = meeting.options
        index = int(choice) - 1 if choice in ("1", "2", "3") else -1
        if not 0 <= index < len(options):
            raise ServiceError(_("Choose one of the times offered, or suggest another."))
        _check_future(options[index], _("That time has already passed; choose a time in the "
                                       "future."))
        meeting.status, meeting.scheduled_at = MeetingRequest.Status.ACCEPTED, options[index]
        action = "meeting.accepted"
    meeting.reply, meeting.replied_by, meeting.replied_at = reply.strip(), actor, timezone.now()
    meeting.save(update_fields=["status", "scheduled_at", "reply", "replied_by", "replied_at"])
    log_action(actor, action, meeting,
               changes={"scheduled_at": meeting.scheduled_at.isoformat()})
    _tell_family(meeting)
    return meeting


def _tell_family(meeting):
    # Only to the person who asked: they chose the times; the reminder comes the day before.
    from keyperson.reminder_kinds import answered_key

    schedule("keyperson-meeting-answered", object_key=answered_key(meeting),
             recipient_email=meeting.requested_by.email, recipient=meeting.requested_by,
             setting=meeting.setting)
    agreed = meeting.status == MeetingRequest.Status.ACCEPTED
    with override_for(meeting.requested_by):
        title = (_("Your meeting about %(child)s is agreed") if agreed
                 else _("Another time is suggested for your meeting about %(child)s")) % {
            "child": meeting.child.known_as}
    notify(setting=meeting.setting, recipients=[meeting.requested_by],
           category=Category.MEETING, child=meeting.child, title=title,
           url=reverse("keyperson-meeting", args=[meeting.uuid]), emailed_by_app=True)


@transaction.atomic
def agree_meeting_time(actor, meeting) -> MeetingRequest:
    """The family agrees to the time the key person suggested."""
    meeting = _locked_meeting(meeting)
    if meeting.status != MeetingRequest.Status.PROPOSED:
        raise ServiceError(_("There is no suggested time to agree to."))
    _check_future(meeting.scheduled_at, _("The suggested time has already passed; choose a "
                                           "time in the future."))
    meeting.status = MeetingRequest.Status.ACCEPTED
    meeting.save(update_fields=["status"])
    log_action(actor, "meeting.agreed", meeting,
               changes={"scheduled_at": meeting.scheduled_at.isoformat()})
    return meeting


@transaction.atomic
def cancel_meeting(actor, meeting) -> MeetingRequest:
    meeting = _locked_meeting(meeting)
    if meeting.status == MeetingRequest.Status.CANCELLED:
        raise ServiceError(_("This meeting has already been cancelled."))
    meeting.status, meeting.cancelled_by = MeetingRequest.Status.CANCELLED, actor
    meeting.save(update_fields=["status", "cancelled_by"])
    log_action(actor, "meeting.cancelled", meeting)
    return meeting


# --- Parents' evenings and drop-ins ------------------------------------------------------------

def key_people_of(setting):
    """Staff who are the key person of at least one current child of ``setting``."""
    from families.models import Child
    from preschool.models import Membership

    assigned = (Assignment.objects.current()
                .filter(kind=Assignment.Kind.KEY,
                        child__in=Child.objects.for_setting(setting).current())
                .values("staff_id"))
    return (Membership.objects.for_setting(setting).active().staff().filter(pk__in=assigned)
            .select_related("user").order_by("user__full_name"))


def slot_times(event_date, starts, ends, minutes: int) -> list[tuple[datetime, datetime]]:
    """Whole slots of ``minutes`` from ``starts`` to ``ends`` on ``event_date`` (local time)."""
    start = timezone.make_aware(datetime.combine(event_date, starts))
    end = timezone.make_aware(datetime.combine(event_date, ends))
    step = timedelta(minutes=minutes)
    times = []
    while start + step <= end:
        times.append((start, start + step))
        start += step
    return times


@transaction.atomic
def create_event(actor, setting, *, kind: str, title: str, date, starts_at, ends_at,
                 slot_minutes: int) -> Event:
    """Create a parents' evening or drop-in, with slots for every key person."""
    times = slot_times(date, starts_at, ends_at, slot_minutes)
    if not times:
        raise ServiceError(_("The event is shorter than one slot: make it longer, or the slots "
                             "shorter."))
    if len(times) > MAX_SLOTS_PER_PERSON:
        raise ServiceError(_("That makes %(slots)s slots for each key person; the most is "
                             "%(most)s. Make the slots longer or the event shorter.")
                           % {"slots": len(times), "most": MAX_SLOTS_PER_PERSON})
    if times[0][0] <= timezone.now():
        raise ServiceError(_("The event starts in the past; choose a later date or time."))
    staff = list(key_people_of(setting))
    if not staff:
        raise ServiceError(_("Nobody is a key person yet, so there is nobody to book. Assign "
                             "key people first."))
    event = Event.objects.create(setting=setting, kind=kind, title=title.strip(), date=date,
                                 starts_at=starts_at, ends_at=ends_at,
                                 slot_minutes=slot_minutes, created_by=actor)
    Slot.objects.bulk_create([Slot(event=event, staff=m, starts_at=s, ends_at=e)
                              for m in staff for s, e in times])
    log_action(actor, "event.created", event, changes={
        "date": str(date), "slots": len(times), "staff": [_who(m) for m in staff]})
    return event


@transaction.atomic
def cancel_event(actor, event) -> Event:
    """Cancel the event; every family with a booking is told by email."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.is_cancelled:
        raise ServiceError(_("This event has already been cancelled."))
    event.cancelled_at = timezone.now()
    event.save(update_fields=["cancelled_at"])
    bookings = list(Booking.objects.active().filter(event=event).select_related("booked_by"))
    for booking in bookings:
        schedule("keyperson-event-cancelled", object_key=str(booking.uuid),
                 recipient_email=booking.booked_by.email, recipient=booking.booked_by,
                 setting=event.setting)
    log_action(actor, "event.cancelled", event,
               changes={"bookings": len(bookings)})
    return event


SLOT_TAKEN = gettext_noop("Sorry, someone has just booked that time. Please choose another.")


@transaction.atomic
def book_slot(actor, child, slot) -> Booking:
    """Book ``slot`` for ``child``. Exactly one booking per slot, even when two families press
    "Book" at the same moment: the database's unique constraint decides, and the other
    family is told the time has gone."""
    event = slot.event
    if event.setting_id != child.setting_id:
        raise ServiceError(_("That time is not at your child's setting."))
    if event.is_cancelled:
        raise ServiceError(_("This event has been cancelled."))
    if slot.starts_at <= timezone.now():
        raise ServiceError(_("That time has already passed; choose a later one."))
    key = current_assignments(child).get(Assignment.Kind.KEY)
    if key is None or key.staff_id != slot.staff_id:
        raise ServiceError(_("Book a time with %(child)s's key person.")
                           % {"child": child.known_as})
    existing = Booking.objects.active().filter(event=event, child=child).first()
    if existing is not None:
        raise ServiceError(_("%(child)s already has a time booked at this event. Cancel it "
                             "first if you would like a different time.")
                           % {"child": child.known_as})
    try:
        with transaction.atomic():
            booking = Booking.objects.create(event=event, slot=slot, child=child,
                                             booked_by=actor)
    except IntegrityError:
        if Booking.objects.active().filter(event=event, child=child).exists():
            raise ServiceError(_("%(child)s already has a time booked at this event.")
                               % {"child": child.known_as}) from None
        raise ServiceError(_(SLOT_TAKEN)) from None
    log_action(actor, "booking.made", booking, setting=event.setting,
               changes={"event": event.title,
                        "time": timezone.localtime(slot.starts_at).isoformat()})
    return booking


@transaction.atomic
def cancel_booking(actor, booking) -> Booking:
    booking = Booking.objects.select_for_update().select_related("event").get(pk=booking.pk)
    if booking.cancelled_at is not None:
        raise ServiceError(_("This booking has already been cancelled."))
    booking.cancelled_at, booking.cancelled_by = timezone.now(), actor
    booking.save(update_fields=["cancelled_at", "cancelled_by"])
    log_action(actor, "booking.cancelled", booking, setting=booking.event.setting)
    return booking
