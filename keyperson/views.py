"""Key people, settling in, meetings and parents' evenings.

Every view starts with an access helper from keyperson.permissions (or preschool's), whose
docstring states the rule: 404 for what the person may not see, 403 for what they see but may
not change.
"""

from collections import defaultdict

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from families.access import access_child, is_informed_family
from families.models import Child
from keyperson import services
from keyperson.forms import (
    AssignmentForm,
    EventForm,
    HomeVisitForm,
    MeetingAnswerForm,
    MeetingRequestForm,
    SettlingCommentForm,
    SettlingInPlanForm,
    SettlingVisitForm,
    StaffProfileForm,
)
from keyperson.models import (
    Assignment,
    Booking,
    Event,
    HomeVisit,
    MeetingRequest,
    SettlingInPlan,
    SettlingVisit,
    Slot,
    StaffProfile,
)
from keyperson.permissions import (
    access_booking,
    access_event,
    access_meeting,
    access_staff_profile,
    current_assignments,
    family_children_q,
    is_meeting_staff,
    staff_choices,
)
from preschool.lib.calendar import calendar_response, setting_location
from preschool.lib.downloads import stored_file
from preschool.permissions import parse_uuid, require_perm
from preschool.services import ServiceError


def _is_staff(request) -> bool:
    return bool(request.membership and request.membership.can_view_all_children)


def _profiles_for(memberships) -> dict:
    """Staff profiles by membership id, in one query."""
    ids = [m.pk for m in memberships if m is not None]
    if not ids:
        return {}
    return {p.membership_id: p for p in StaffProfile.objects.filter(membership_id__in=ids)}


# --- The child's key person ------------------------------------------------------------------

@login_required
@require_GET
def child_key_person(request, child_uuid):
    """Who the child's key person and back-up are, what a key person does, how to get in
    touch. Staff also see the history of assignments."""
    child = access_child(request, child_uuid)
    assignments = current_assignments(child)
    key, backup = assignments.get(Assignment.Kind.KEY), assignments.get(Assignment.Kind.BACKUP)
    profiles = _profiles_for([a.staff for a in assignments.values()])
    is_staff = _is_staff(request)
    history = None
    if is_staff:
        history = (Assignment.objects.filter(child=child)
                   .select_related("staff__user", "assigned_by")
                   .order_by("-started_on", "-created_at"))
    return render(request, "keyperson/child.html", {
        "child": child, "is_staff": is_staff, "history": history,
        "key": key, "key_profile": profiles.get(key.staff_id) if key else None,
        "backup": backup, "backup_profile": profiles.get(backup.staff_id) if backup else None,
        "can_assign": rules.has_perm("keyperson.manage_assignments", request.user,
                                     request.setting),
        "can_request_meeting": rules.has_perm("keyperson.request_meeting", request.user, child),
    })


@login_required
def assign(request, child_uuid):
    """A manager chooses the child's key person and back-up (403 for anyone else who can see
    the child)."""
    child = access_child(request, child_uuid)
    if not rules.has_perm("keyperson.manage_assignments", request.user, request.setting):
        raise PermissionDenied
    posted = request.POST.get("kind") if request.method == "POST" else None
    current = current_assignments(child)
    forms = {}
    for kind in Assignment.Kind:
        assignment = current.get(kind)
        forms[kind.value] = AssignmentForm(
            request.POST if posted == kind.value else None, prefix=kind.value,
            setting=request.setting,
            initial={"staff": assignment.staff.uuid if assignment else None})
    if request.method == "POST":
        form = forms.get(posted)
        if form is None:
            messages.error(request, _("Choose whether this is the key person or the back-up."))
        elif form.is_valid():
            try:
                assignment = services.assign_key_person(
                    request.user, child, form.cleaned_data["staff"], posted)
            except ServiceError as exc:
                form.add_error("staff", str(exc))
            else:
                if assignment.kind == Assignment.Kind.KEY:
                    notice = _("%(name)s is now %(child)s's key person.")
                else:
                    notice = _("%(name)s is now %(child)s's back-up key person.")
                messages.success(request, notice % {"name": assignment.staff.user.full_name,
                                                    "child": child.known_as})
                return redirect("keyperson-child", child.uuid)
    return render(request, "keyperson/assign.html", {
        "child": child, "key_form": forms["key"], "backup_form": forms["backup"],
        "key": current.get(Assignment.Kind.KEY), "backup": current.get(Assignment.Kind.BACKUP),
    })


@login_required
@require_GET
@require_perm("keyperson.manage_assignments")
def caseload(request):
    """Every member of staff with their key children and back-up children, and the current
    children who have no key person or no back-up. Three queries however many children."""
    setting = request.setting
    children = list(Child.objects.for_setting(setting).current().select_related("room")
                    .order_by("first_name", "last_name"))
    by_id = {c.pk: c for c in children}
    staff = list(staff_choices(setting))
    key_of, backup_of = defaultdict(list), defaultdict(list)
    has_key, has_backup = set(), set()
    assignments = (Assignment.objects.current()
                   .filter(child__in=Child.objects.for_setting(setting).current(),
                           staff__ended_at__isnull=True)
                   .values_list("child_id", "staff_id", "kind"))
    for child_id, staff_id, kind in assignments:
        child = by_id.get(child_id)
        if child is None:
            continue
        if kind == Assignment.Kind.KEY:
            key_of[staff_id].append(child)
            has_key.add(child_id)
        else:
            backup_of[staff_id].append(child)
            has_backup.add(child_id)
    rows = [(m, sorted(key_of[m.pk], key=lambda c: c.full_name),
             sorted(backup_of[m.pk], key=lambda c: c.full_name)) for m in staff]
    return render(request, "keyperson/caseload.html", {
        "rows": rows,
        "without_key": [c for c in children if c.pk not in has_key],
        "without_backup": [c for c in children if c.pk not in has_backup],
        "child_count": len(children),
    })


# --- Staff profiles and photos ------------------------------------------------------------------

@login_required
@require_perm("keyperson.edit_own_profile")
def my_profile(request):
    """A member of staff edits their own photo and "about me" (what families see)."""
    membership = request.membership
    profile = StaffProfile.objects.filter(membership=membership).first()
    form = StaffProfileForm(request.POST or None, request.FILES or None,
                            instance=profile or StaffProfile(membership=membership,
                                                             setting=request.setting))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_staff_profile(
                request.user, membership, about=form.cleaned_data["about"],
                photo=form.cleaned_data.get("photo_upload"),
                remove_photo=form.cleaned_data.get("remove_photo", False))
        except ValidationError as exc:
            form.add_error("photo_upload", exc)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your profile is saved. Families of your key children "
                                        "see it on their child's key person page."))
            return redirect("keyperson-my-profile")
    return render(request, "keyperson/my_profile.html", {"form": form, "profile": profile})


@login_required
@require_GET
def staff_photo(request, profile_uuid):
    """A staff member's photo, for members of the same setting only (404 otherwise)."""
    profile = access_staff_profile(request, profile_uuid)
    return stored_file(profile.photo, content_type="image/jpeg",
                       cache_control="private, max-age=3600")


# --- Settling in -------------------------------------------------------------------------------

def _settling_context(request, child, comment_form=None) -> dict:
    is_staff = _is_staff(request)
    visits = child.settling_visits.select_related("written_by")
    home_visits = child.home_visits.select_related("written_by")
    if not is_staff:
        # Families never see staff-only notes: not even loaded.
        visits, home_visits = visits.defer("staff_notes"), home_visits.defer("staff_notes")
    can_comment = rules.has_perm("keyperson.comment_settling_in", request.user, child)
    return {
        "child": child, "is_staff": is_staff,
        "plan": SettlingInPlan.objects.filter(child=child).select_related("updated_by").first(),
        "visits": visits, "home_visits": home_visits,
        "comments": child.settling_comments.select_related("author"),
        "can_write": rules.has_perm("keyperson.write_settling_in", request.user, child),
        "can_comment": can_comment,
        "comment_form": comment_form or (SettlingCommentForm() if can_comment else None),
    }


@login_required
@require_GET
def settling_in(request, child_uuid):
    """The child's settling-in plan, visits, home visits and comments."""
    child = access_child(request, child_uuid)
    return render(request, "keyperson/settling_in.html", _settling_context(request, child))


@login_required
def settling_plan(request, child_uuid):
    child = access_child(request, child_uuid, "keyperson.write_settling_in")
    plan = SettlingInPlan.objects.filter(child=child).first()
    form = SettlingInPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        services.save_settling_in_plan(request.user, child, plan=form.cleaned_data["plan"])
        messages.success(request, _("The settling-in plan is saved."))
        return redirect("keyperson-settling-in", child.uuid)
    return render(request, "keyperson/record_form.html", {
        "child": child, "form": form, "title": _("Settling-in plan"),
        "intro": _("How we will help %(child)s settle, agreed with the family. The family can "
                   "read this plan.") % {"child": child.known_as},
    })


def _visit_view(request, child_uuid, visit_uuid, *, model, form_class, save, title, intro,
                saved):
    child = access_child(request, child_uuid, "keyperson.write_settling_in")
    instance = None
    if visit_uuid is not None:
        instance = model.objects.filter(child=child, uuid=parse_uuid(visit_uuid)).first()
        if instance is None:
            raise Http404
    form = form_class(request.POST or None, instance=instance, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            save(request.user, child, form.cleaned_data,
                 instance=model.objects.get(pk=instance.pk) if instance else None)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, saved)
            return redirect("keyperson-settling-in", child.uuid)
    return render(request, "keyperson/record_form.html", {
        "child": child, "form": form, "title": title, "intro": intro, "instance": instance})


@login_required
def settling_visit(request, child_uuid, visit_uuid=None):
    return _visit_view(
        request, child_uuid, visit_uuid, model=SettlingVisit, form_class=SettlingVisitForm,
        save=services.save_settling_visit, title=_("Settling-in visit"),
        intro=_("The family can read everything here except the notes for staff only."),
        saved=_("The settling-in visit is saved."))


@login_required
def home_visit(request, child_uuid, visit_uuid=None):
    return _visit_view(
        request, child_uuid, visit_uuid, model=HomeVisit, form_class=HomeVisitForm,
        save=services.save_home_visit, title=_("Home visit"),
        intro=_("The family can read everything here except the notes for staff only."),
        saved=_("The home visit is saved."))


@login_required
@require_POST
def settling_comment(request, child_uuid):
    child = access_child(request, child_uuid, "keyperson.comment_settling_in")
    form = SettlingCommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_settling_comment(request.user, child, form.cleaned_data["body"])
        except ServiceError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(reverse("keyperson-settling-in", args=[child.uuid]) + "#comments")
    return render(request, "keyperson/settling_in.html",
                  _settling_context(request, child, comment_form=form))


# --- Meetings ----------------------------------------------------------------------------------

def _meetings_for(request):
    membership, user = request.membership, request.user
    meetings = (MeetingRequest.objects.for_setting(request.setting)
                .select_related("child", "staff__user", "requested_by"))
    if membership.is_staff_member:
        if not membership.can_manage_staff:
            mine = Assignment.objects.current().filter(staff=membership).values("child_id")
            meetings = meetings.filter(Q(staff=membership) | Q(child_id__in=mine))
        return meetings
    children = Child.objects.for_setting(request.setting).filter(family_children_q(user))
    return meetings.filter(child__in=children)


@login_required
@require_GET
def meetings(request):
    """Meeting requests and parents' evenings: for staff, the requests addressed to them (all,
    for a manager); for families, their own children's."""
    if request.membership is None:
        return render(request, "preschool/home_no_setting.html")
    now = timezone.now()
    all_meetings = list(_meetings_for(request).order_by("-created_at")[:200])
    waiting = [m for m in all_meetings if m.status in (MeetingRequest.Status.REQUESTED,
                                                       MeetingRequest.Status.PROPOSED)]
    upcoming = sorted((m for m in all_meetings if m.is_upcoming), key=lambda m: m.scheduled_at)
    past = [m for m in all_meetings if m not in waiting and m not in upcoming][:30]
    events = list(Event.objects.for_setting(request.setting).upcoming())
    context = {"waiting": waiting, "upcoming": upcoming, "past": past, "events": events,
               "now": now, "is_staff": _is_staff(request),
               "can_manage_events": rules.has_perm("keyperson.manage_events", request.user,
                                                   request.setting)}
    if not context["is_staff"]:
        children = list(Child.objects.for_setting(request.setting).current()
                        .filter(family_children_q(request.user)).distinct()
                        .order_by("first_name"))
        context["children"] = children
        bookings = Booking.objects.active().filter(child__in=children)
        context["bookings"] = list(
            bookings.filter(event__cancelled_at__isnull=True, slot__ends_at__gte=now)
            .select_related("event", "slot__staff__user", "child"))
        booked = {b.event_id for b in bookings}
        context["events"] = [e for e in events if e.pk not in booked]
    return render(request, "keyperson/meetings.html", context)


@login_required
def meeting_request(request, child_uuid):
    """The family asks to meet the child's key person (staff get 403: they arrange meetings
    directly)."""
    child = access_child(request, child_uuid, "keyperson.request_meeting")
    key = current_assignments(child).get(Assignment.Kind.KEY)
    form = MeetingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.request_meeting(
                request.user, child, topic=data["topic"], details=data["details"],
                options=[data["option_1"], data["option_2"], data.get("option_3")])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your request is sent to %(name)s. We will let you "
                                        "know which time suits.")
                             % {"name": meeting.staff.user.full_name})
            return redirect("keyperson-meeting", meeting.uuid)
    return render(request, "keyperson/meeting_request.html",
                  {"child": child, "key": key, "form": form})


def _meeting_page(request, meeting, answer_form=None, status=200):
    can_answer = (is_meeting_staff(request.user, meeting)
                  and meeting.status == MeetingRequest.Status.REQUESTED)
    if can_answer and answer_form is None:
        answer_form = MeetingAnswerForm(meeting=meeting)
    return render(request, "keyperson/meeting.html", {
        "meeting": meeting, "child": meeting.child,
        "is_family": is_informed_family(request.user, meeting.child),
        "answer_form": answer_form if can_answer else None,
    }, status=status)


@login_required
@require_GET
def meeting_detail(request, meeting_uuid):
    return _meeting_page(request, access_meeting(request, meeting_uuid))


@login_required
@require_POST
def meeting_answer(request, meeting_uuid):
    """The key person, back-up or a manager accepts a time or suggests another (403 for the
    family)."""
    meeting = access_meeting(request, meeting_uuid)
    if not is_meeting_staff(request.user, meeting):
        raise PermissionDenied
    form = MeetingAnswerForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.answer_meeting(request.user, meeting, choice=form.cleaned_data["choice"],
                                    proposed_at=form.cleaned_data.get("proposed_at"),
                                    reply=form.cleaned_data.get("reply", ""))
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your answer is sent to the family."))
            return redirect("keyperson-meeting", meeting.uuid)
    return _meeting_page(request, meeting, answer_form=form)


@login_required
@require_POST
def meeting_agree(request, meeting_uuid):
    """The family agrees to the time the key person suggested (403 for staff)."""
    meeting = access_meeting(request, meeting_uuid)
    if not is_informed_family(request.user, meeting.child):
        raise PermissionDenied
    try:
        services.agree_meeting_time(request.user, meeting)
        messages.success(request, _("Thank you: the meeting is agreed."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("keyperson-meeting", meeting.uuid)


@login_required
@require_POST
def meeting_cancel(request, meeting_uuid):
    meeting = access_meeting(request, meeting_uuid)
    try:
        services.cancel_meeting(request.user, meeting)
        messages.success(request, _("The meeting is cancelled."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("keyperson-meeting", meeting.uuid)


@login_required
@require_GET
def meeting_calendar(request, meeting_uuid):
    """The agreed meeting as a calendar file (404 until a time is agreed)."""
    meeting = access_meeting(request, meeting_uuid)
    if meeting.status != MeetingRequest.Status.ACCEPTED:
        raise Http404
    child, setting = meeting.child, meeting.child.setting
    return calendar_response(
        kind="meeting", uuid=meeting.uuid,
        summary=_("Meeting about %(child)s with %(staff)s")
        % {"child": child.known_as, "staff": meeting.staff.user.full_name},
        starts=meeting.scheduled_at, ends=meeting.ends_at, location=setting_location(setting),
        description=f"{meeting.topic}\n\n" + (
            _("To change or cancel: %(setting)s, %(phone)s.")
            % {"setting": setting.name, "phone": setting.phone} if setting.phone
            else _("To change or cancel: %(setting)s.") % {"setting": setting.name}),
        filename=f"meeting-{timezone.localtime(meeting.scheduled_at):%Y-%m-%d}")


# --- Parents' evenings and drop-ins -------------------------------------------------------------

@login_required
@require_perm("keyperson.manage_events")
def event_new(request):
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(request.user, request.setting,
                                          **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(event)s is ready for families to book.")
                             % {"event": event.title})
            return redirect("keyperson-event", event.uuid)
    return render(request, "keyperson/event_new.html", {"form": form})


@login_required
@require_GET
def event_detail(request, event_uuid):
    """Staff: every key person's slots and who booked them. Families: the slots with each of
    their children's key person, to book or cancel."""
    event = access_event(request, event_uuid)
    bookings = {b.slot_id: b for b in Booking.objects.active().filter(event=event)
                .select_related("child", "booked_by", "slot")}
    context = {"event": event, "is_staff": _is_staff(request), "now": timezone.now(),
               "can_manage": rules.has_perm("keyperson.manage_events", request.user,
                                            request.setting)}
    if context["is_staff"]:
        by_staff = defaultdict(list)
        for slot in event.slots.select_related("staff__user").order_by("starts_at"):
            slot.booking = bookings.get(slot.pk)
            by_staff[slot.staff].append(slot)
        context["schedule"] = sorted(by_staff.items(), key=lambda kv: kv[0].user.full_name)
        return render(request, "keyperson/event.html", context)
    children = list(Child.objects.for_setting(request.setting).current()
                    .filter(family_children_q(request.user)).distinct().order_by("first_name"))
    keys = {a.child_id: a.staff for a in Assignment.objects.current()
            .filter(child__in=children, kind=Assignment.Kind.KEY, staff__ended_at__isnull=True)
            .select_related("staff__user")}
    slots = defaultdict(list)
    for slot in event.slots.filter(staff__in=set(keys.values())).order_by("starts_at"):
        slot.booking = bookings.get(slot.pk)
        slots[slot.staff_id].append(slot)
    booked = {b.child_id: b for b in bookings.values()}
    context["families"] = [
        {"child": c, "key": keys.get(c.pk), "booking": booked.get(c.pk),
         "slots": slots.get(keys[c.pk].pk, []) if c.pk in keys else []}
        for c in children]
    return render(request, "keyperson/event.html", context)


@login_required
@require_POST
def event_cancel(request, event_uuid):
    event = access_event(request, event_uuid)
    if not rules.has_perm("keyperson.manage_events", request.user, request.setting):
        raise PermissionDenied
    try:
        services.cancel_event(request.user, event)
        messages.success(request, _("%(event)s is cancelled. Families who had booked are "
                                    "told by email.") % {"event": event.title})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("keyperson-event", event.uuid)


@login_required
@require_POST
def slot_book(request, child_uuid, slot_uuid):
    """A family books a slot with their child's key person (404 for a child they may not
    see; 403 for staff)."""
    child = access_child(request, child_uuid, "keyperson.book_slot")
    slot = (Slot.objects.filter(event__setting=request.setting, uuid=parse_uuid(slot_uuid))
            .select_related("event", "staff__user").first())
    if slot is None:
        raise Http404
    try:
        booking = services.book_slot(request.user, child, slot)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Booked: %(child)s with %(staff)s at %(time)s.") % {
            "child": child.known_as, "staff": slot.staff.user.full_name,
            "time": f"{timezone.localtime(booking.slot.starts_at):%H:%M}"})
    return redirect("keyperson-event", slot.event.uuid)


@login_required
@require_POST
def booking_cancel(request, booking_uuid):
    booking = access_booking(request, booking_uuid, for_change=True)
    try:
        services.cancel_booking(request.user, booking)
        messages.success(request, _("The booking is cancelled; the time is free for others."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("keyperson-event", booking.event.uuid)


@login_required
@require_GET
def booking_calendar(request, booking_uuid):
    """The booked slot as a calendar file (404 once the booking is cancelled)."""
    booking = access_booking(request, booking_uuid)
    if booking.cancelled_at is not None or booking.event.is_cancelled:
        raise Http404
    event, slot, setting = booking.event, booking.slot, booking.event.setting
    return calendar_response(
        kind="booking", uuid=booking.uuid,
        summary=_("%(event)s: %(child)s with %(staff)s") % {
            "event": event.title, "child": booking.child.known_as,
            "staff": slot.staff.user.full_name},
        starts=slot.starts_at, ends=slot.ends_at, location=setting_location(setting),
        description=_("%(kind)s at %(setting)s.") % {"kind": event.get_kind_display(),
                                                     "setting": setting.name} + "\n" + (
            _("To cancel, open the portal or contact %(setting)s on %(phone)s.")
            % {"setting": setting.name, "phone": setting.phone} if setting.phone
            else _("To cancel, open the portal or contact %(setting)s.")
            % {"setting": setting.name}),
        filename=f"{event.title}-{event.date:%Y-%m-%d}")
