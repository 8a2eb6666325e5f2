"""The register, staff on duty, absences, history and the setting's sessions.

Every view starts with an access helper (attendance.permissions, or preschool's) whose
docstring states the rule; then a form, one service call, and a redirect - or, for htmx
requests from the register, the updated row.
"""

import csv
from collections import defaultdict
from datetime import datetime, timedelta

import rules
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendance import services
from attendance.forms import (
    AbsenceForm,
    AttendanceSettingsForm,
    CorrectionForm,
    HistoryForm,
    QualificationForm,
    RegularSessionForm,
    SessionForm,
    SignInForm,
    StaffSignInForm,
)
from attendance.models import (
    Absence,
    AttendanceRecord,
    AttendanceSettings,
    RatioBreach,
    RegularSession,
    Session,
    StaffQualification,
    StaffShift,
    duration_display,
    started_by,
)
from attendance.permissions import (
    access_absence,
    access_record,
    access_room,
    access_session,
    access_shift,
    access_staff_membership,
)
from attendance.register import room_register
from attendance.registry import record_sections
from attendance.rows import register_url, render_row
from attendance.services import room_ratio
from families.access import access_child
from families.looks import What, looked_at_many
from families.models import Child, Room
from keyperson.models import Assignment
from preschool.lib.downloads import csv_cell, download
from preschool.models import Membership
from preschool.permissions import parse_uuid, require_perm
from preschool.services import ServiceError


def _range(form) -> dict:
    """The form's range when it was given and is valid; else the last seven days."""
    if form.is_bound and form.is_valid():
        return form.cleaned_data
    today = timezone.localdate()
    return {"date_from": today - timedelta(days=6), "date_to": today, "room": None}


# --- The register ----------------------------------------------------------------------------

def _open_by_room(setting, day, now):
    """Children in, late, and staff on duty per room, in three queries."""
    counts = defaultdict(lambda: {"in": 0, "late": 0, "staff": 0, "expected": 0})
    for room_id, session_end in (AttendanceRecord.objects.open()
                                 .filter(setting=setting, date=day)
                                 .values_list("room_id", "session__ends_at")):
        counts[room_id]["in"] += 1
        if session_end is not None and timezone.localtime(now).time() > session_end:
            counts[room_id]["late"] += 1
    for room_id, n in (StaffShift.objects.open().filter(setting=setting, date=day)
                       .values("room_id").annotate(n=Count("pk")).values_list("room_id", "n")):
        counts[room_id]["staff"] = n
    for room_id, n in (RegularSession.objects.on(day).filter(
            setting=setting, session__is_active=True, child__in=Child.objects.for_setting(
                setting).current().filter(started_by(day))).values("child__room_id")
            .annotate(n=Count("child_id", distinct=True)).values_list("child__room_id", "n")):
        counts[room_id]["expected"] = n
    return counts


@login_required
@require_GET
@require_perm("attendance.keep_register")
def index(request):
    """The rooms, how many children are in each, its staff, and any ratio breach now."""
    setting, now = request.setting, timezone.now()
    day = timezone.localdate(now)
    rooms = list(Room.objects.filter(setting=setting).order_by("name"))
    counts = _open_by_room(setting, day, now)
    breaches = {b.room_id: b for b in RatioBreach.objects.for_setting(setting).open()}
    own_shift = (StaffShift.objects.open().filter(membership=request.membership, date=day)
                 .select_related("room").first())
    return render(request, "attendance/index.html", {
        "rooms": [(room, counts[room.pk], breaches.get(room.pk)) for room in rooms],
        "own_shift": own_shift, "today": day,
        "has_sessions": Session.objects.for_setting(setting).active().exists(),
        "is_manager": request.membership.can_manage_setting,
    })


def _selected_session(request):
    value = request.GET.get("session") or request.POST.get("register_session") or ""
    if not value:
        return None
    return Session.objects.for_setting(request.setting).active().filter(
        uuid=parse_uuid(value)).first()


@login_required
@require_GET
def register(request, room_uuid):
    """A room's register: one row per child, one tap to sign in, the live ratio."""
    room = access_room(request, room_uuid)
    selected = _selected_session(request)
    show_all = request.GET.get("all") == "1"
    data = room_register(request.setting, room, selected=selected, show_all=show_all)
    return render(request, "attendance/register.html", {
        "register": data, "room": room, "selected": selected, "show_all": show_all,
        "is_manager": request.membership.can_manage_setting,
        "own_shift": StaffShift.objects.open().filter(
            membership=request.membership, date=timezone.localdate()).first(),
    })


@login_required
@require_GET
def ratio(request, room_uuid):
    """The room's ratio banner as it is now. The register asks for it after every tap (the
    ``ratio-changed`` event) and every 30 seconds, so it follows the taps made on this device,
    in whatever order their answers arrive, and those made on others."""
    room = access_room(request, room_uuid)
    ratio, breach = room_ratio(room, timezone.localdate())
    return render(request, "attendance/_ratio_now.html", {"room": room, "ratio": ratio,
                                                      "breach": breach})


@login_required
@require_POST
def sign_in(request, child_uuid):
    """Sign a child in (one tap on the register)."""
    child = access_child(request, child_uuid, "attendance.keep_register", allow_left=True)
    selected = _selected_session(request)
    form = SignInForm(request.POST, setting=request.setting)
    error, record = "", None
    if not form.is_valid():
        error = " ".join(e for errors in form.errors.values() for e in errors)
    else:
        try:
            record, _check = services.sign_in(request.user, child,
                                             session=form.cleaned_data["session"],
                                             dropped_off_by=form.cleaned_data["dropped_off_by"])
        except ServiceError as exc:
            error = str(exc)
    if request.htmx:
        # Just signed in: the new row is the one that matters for the register row.
        return render_row(request, child, selected=selected, error=error,
                          records={child.pk: [record]} if record else None)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(name)s is signed in.") % {"name": child.known_as})
    if child.room is None:
        return redirect("attendance-index")
    return redirect(register_url(child.room, selected))


@login_required
@require_POST
def collecting(request, record_uuid):
    """Note who the family says is collecting the child today (from the register row)."""
    record = access_record(request, record_uuid)
    error = ""
    try:
        services.note_collecting(request.user, record,
                                 collecting=request.POST.get("collecting", ""))
    except ServiceError as exc:
        error = str(exc)
    if request.htmx:
        return render_row(request, record.child, error=error)
    if error:
        messages.error(request, error)
    return redirect(register_url(record.room) if record.room else "attendance-index")


@login_required
@require_GET
def record_detail(request, record_uuid):
    """One register row with the rows it corrected, the corrections made to it, and the late
    collection if there was one."""
    record = access_record(request, record_uuid)
    # A correction keeps the child and the day of the row it corrects, so the whole chain is
    # among that child's rows of that day: one query, not one per correction.
    same_day = {r.pk: r for r in AttendanceRecord.objects.filter(
        child_id=record.child_id, date=record.date).select_related("created_by")}
    history, older = [], record.corrects_id
    while older:
        previous = same_day.get(older) or (AttendanceRecord.objects
                                           .select_related("created_by").get(pk=older))
        history.append(previous)
        older = previous.corrects_id
    newer = next((r for r in same_day.values() if r.corrects_id == record.pk), None)
    return render(request, "attendance/record.html", {
        "record": record, "child": record.child, "history": history, "newer": newer,
        "sections": record_sections(record),  # collection: a late collection
    })


@login_required
def record_correct(request, record_uuid):
    record = access_record(request, record_uuid)
    local = timezone.localtime
    form = CorrectionForm(request.POST or None, initial={
        "signed_in": local(record.signed_in_at).time().replace(second=0, microsecond=0),
        "signed_out": (local(record.signed_out_at).time().replace(second=0, microsecond=0)
                       if record.signed_out_at else None),
        "dropped_off_by": record.dropped_off_by, "collected_by": record.collected_by})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.correct_record(
                request.user, record, signed_in=data["signed_in"], signed_out=data["signed_out"],
                dropped_off_by=data["dropped_off_by"], collected_by=data["collected_by"],
                reason=data["reason"], void=data["void"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request,
                             _("The correction is saved; the original is kept with it."))
            return redirect("attendance-record", new.uuid)
    return render(request, "attendance/form_page.html", {
        "form": form,
        "title": _("Correct %(name)s's record of %(date)s") % {
            "name": record.child.known_as, "date": date_format(record.date, "d F Y")},
        "intro": _("The original stays on the record with your correction and its reason."),
        "crumbs": [(_("Register"), reverse("attendance-index")),
                   (_("%(child)s on %(date)s") % {"child": record.child,
                                                  "date": date_format(record.date, "d M Y")},
                    reverse("attendance-record", args=[record.uuid]))],
        "cancel_url": reverse("attendance-record", args=[record.uuid]),
        "submit": _("Save the correction")})


# --- Staff on duty ---------------------------------------------------------------------------

@login_required
@require_perm("attendance.sign_in_staff")
def staff(request):
    """Sign yourself in to a room or out; see who is on duty where. Managers can sign anyone
    out and record level 6 qualifications."""
    setting, day = request.setting, timezone.localdate()
    form = StaffSignInForm(request.POST or None, setting=setting)
    if request.method == "POST" and form.is_valid():
        try:
            _shift, check = services.staff_sign_in(request.user, request.membership,
                                              form.cleaned_data["room"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            room = form.cleaned_data["room"]
            messages.success(request, _("You are signed in, in %(room)s.") % {"room": room})
            if check and check.ratio.is_breach:
                messages.warning(request, _("%(room)s is still below the ratio: %(summary)s.")
                                 % {"room": room, "summary": check.ratio.summary})
            if request.POST.get("next") == "register":
                return redirect("attendance-register", room.uuid)
            return redirect("attendance-staff")
    shifts = list(StaffShift.objects.open().filter(setting=setting, date=day)
                  .select_related("membership__user", "room",
                                  "membership__attendance_qualification")
                  .order_by("room__name", "signed_in_at"))
    is_manager = request.membership.can_manage_setting
    staff_list = []
    if is_manager:
        staff_list = list(Membership.objects.for_setting(setting).active().staff()
                          .select_related("user", "attendance_qualification")
                          .order_by("user__full_name"))
    return render(request, "attendance/staff.html", {
        "form": form, "shifts": shifts, "is_manager": is_manager, "staff_list": staff_list,
        "own_shift": next((s for s in shifts if s.membership_id == request.membership.pk),
                          None),
    })


@login_required
@require_POST
def staff_sign_out(request, shift_uuid):
    shift = access_shift(request, shift_uuid)
    try:
        check = services.staff_sign_out(request.user, shift)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s is signed out.") % {"name": shift.membership.user})
        if check and check.ratio.is_breach:
            messages.error(request, _("Ratio breach in %(room)s: %(summary)s. Bring another "
                                      "adult into the room.")
                           % {"room": shift.room, "summary": check.ratio.summary})
    target = request.POST.get("next", "")
    if target == "register":
        return redirect("attendance-register", shift.room.uuid)
    return redirect("attendance-staff")


@login_required
def qualification(request, membership_uuid):
    """A manager records whether a member of staff holds a level 6 qualification."""
    membership = access_staff_membership(request, membership_uuid)
    row = StaffQualification.objects.filter(membership=membership).first()
    form = QualificationForm(request.POST or None, initial={
        "has_level_6": row.has_level_6 if row else False,
        "qualification": row.qualification if row else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_qualification(request.user, membership,
                                       **form.cleaned_data)
        except ServiceError as exc:
            form.add_error("qualification", str(exc))
        else:
            messages.success(request, _("%(name)s's qualification is saved.")
                             % {"name": membership.user})
            return redirect("attendance-staff")
    return render(request, "attendance/form_page.html", {
        "form": form,
        "title": _("%(name)s: level 6 qualification") % {"name": membership.user.full_name},
        "intro": _("EYFS ratios: with a practitioner holding QTS, EYTS, EYPS or another "
                   "approved level 6 qualification working directly with the children, a room "
                   "may have 13 children aged 3 and over per adult instead of 8."),
        "crumbs": [(_("Register"), reverse("attendance-index")),
                   (_("Staff on duty"), reverse("attendance-staff"))],
        "cancel_url": reverse("attendance-staff")})


@login_required
@require_GET
@require_perm("attendance.manage")
def breaches(request):
    """The log of ratio breaches, newest first."""
    form = HistoryForm(request.GET or None)
    found = RatioBreach.objects.for_setting(request.setting).select_related("room")
    if form.is_bound and form.is_valid():
        found = found.filter(started_at__date__gte=form.cleaned_data["date_from"],
                             started_at__date__lte=form.cleaned_data["date_to"])
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "attendance/breaches.html",
                  {"form": form, "page": page, "query": query.urlencode()})


# --- The daily record and history --------------------------------------------------------------

class KeyPeople:
    """Who each child's key person was on each day of a range, from one query."""

    def __init__(self, child_ids, date_from, date_to):
        self.by_child = defaultdict(list)
        for a in (Assignment.objects.filter(child_id__in=child_ids, kind=Assignment.Kind.KEY,
                                            started_on__lte=date_to)
                  .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=date_from))
                  .select_related("staff__user").order_by("started_on")):
            self.by_child[a.child_id].append(a)

    def on(self, child_id, day) -> str:
        name = ""
        for a in self.by_child.get(child_id, []):
            if a.started_on <= day and (a.ended_on is None or a.ended_on > day):
                name = a.staff.user.full_name
        return name


def _records(setting, date_from, date_to, room=None, child=None):
    records = (AttendanceRecord.objects.current().filter(setting=setting, date__gte=date_from,
                                                         date__lte=date_to)
               .select_related("child", "room", "session").order_by("date", "room__name",
                                                                    "child__first_name",
                                                                    "signed_in_at"))
    if room is not None:
        records = records.filter(room=room)
    if child is not None:
        records = records.filter(child=child)
    return records


@login_required
@require_GET
@require_perm("attendance.keep_register")
def day_record(request):
    """The EYFS daily record for one day: each child's hours of attendance and key person."""
    try:
        day = (datetime.strptime(request.GET["date"], "%Y-%m-%d").date()
               if request.GET.get("date") else timezone.localdate())
    except ValueError:
        day = timezone.localdate()
        messages.error(request, _("That is not a date; here is today."))
    records = list(_records(request.setting, day, day))
    keys = KeyPeople({r.child_id for r in records}, day, day)
    for r in records:
        r.key_person = keys.on(r.child_id, day)
    absences = (Absence.objects.covering(day).filter(setting=request.setting)
                .select_related("child").order_by("child__first_name"))
    return render(request, "attendance/day.html", {
        "day": day, "records": records, "absences": absences,
        "previous": day - timedelta(days=1), "next": day + timedelta(days=1),
        "is_today": day == timezone.localdate(),
        "can_export": request.membership.can_manage_setting,
    })


def _duration():
    return ExpressionWrapper(F("signed_out_at") - F("signed_in_at"), output_field=DurationField())


@login_required
@require_GET
@require_perm("attendance.keep_register")
def history(request):
    """Attendance over a date range, per child (days and hours) and row by row, for one room
    or all."""
    form = HistoryForm(request.GET or None, setting=request.setting)
    data = _range(form)
    records = _records(request.setting, data["date_from"], data["date_to"], room=data.get(
        "room"))
    totals = list(records.filter(signed_out_at__isnull=False).order_by()
                  .values("child_id", "child__first_name", "child__last_name", "child__uuid")
                  .annotate(days=Count("date", distinct=True), time=Sum(_duration()))
                  .order_by("child__first_name", "child__last_name"))
    children = Child.objects.in_bulk([t["child_id"] for t in totals])
    for t in totals:
        t["name"] = children[t["child_id"]].full_name
        t["hours"] = duration_display(t["time"]) if t["time"] else ""
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    keys = KeyPeople({r.child_id for r in page.object_list}, data["date_from"], data["date_to"])
    for r in page.object_list:
        r.key_person = keys.on(r.child_id, r.date)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "attendance/history.html", {
        "form": form, "range": data, "totals": totals, "page": page, "query": query.urlencode(),
        "can_export": request.membership.can_manage_setting,
    })


@login_required
@require_GET
def export(request):
    """The register as CSV for a date range (and room): a sensitive action
    (docs/architecture.md), for managers, after a recent re-authentication."""
    if request.setting is None or not rules.has_perm("attendance.manage", request.user,
                                                     request.setting):
        raise PermissionDenied
    return _export(request)


@reauthentication_required
def _export(request):
    form = HistoryForm(request.GET or None, setting=request.setting)
    if form.is_bound and not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Check the dates."))
        return redirect("attendance-history")
    data = _range(form)
    records = _records(request.setting, data["date_from"], data["date_to"], room=data["room"])
    keys = KeyPeople(set(records.values_list("child_id", flat=True)), data["date_from"],
                     data["date_to"])
    response = download(
        content_type="text/csv; charset=utf-8",
        filename=f"attendance-{data['date_from']:%Y%m%d}-{data['date_to']:%Y%m%d}.csv")
    writer = csv.writer(response)
    writer.writerow([_("Date"), _("Child"), _("Date of birth"), _("Room"), _("Session"),
                     _("Key person"), _("Signed in"), _("Dropped off by"), _("Signed out"),
                     _("Collected by"), _("How staff knew they could collect"), _("Hours")])
    local = timezone.localtime
    exported = {}
    for r in records.iterator(chunk_size=500):
        exported[r.child_id] = r.child
        writer.writerow([csv_cell(v) for v in (
            r.date.isoformat(), r.child.full_name, r.child.date_of_birth.isoformat(),
            r.room.name if r.room else "", r.session.name if r.session else "",
            keys.on(r.child_id, r.date), f"{local(r.signed_in_at):%H:%M}", r.dropped_off_by,
            f"{local(r.signed_out_at):%H:%M}" if r.signed_out_at else "", r.collected_by,
            r.get_collection_check_display(), r.hours_display)])
    from preschool.models import log_action

    log_action(request.user, "attendance.exported", setting=request.setting,
               changes={"from": str(data["date_from"]), "to": str(data["date_to"]),
                        "room": str(data["room"] or "all rooms")})
    looked_at_many(request, exported.values(), What.EXPORT)
    return response


# --- A child's attendance, absences and regular sessions -------------------------------------

@login_required
@require_GET
def child(request, child_uuid):
    """A child's attendance for the people who may see the child: regular sessions, absences
    to come, and the days attended over a range."""
    found = access_child(request, child_uuid)
    form = HistoryForm(request.GET or None)
    data = _range(form)
    today = timezone.localdate()
    records = list(_records(request.setting, data["date_from"], data["date_to"], child=found)
                   .order_by("-date", "-signed_in_at"))
    keys = KeyPeople({found.pk}, data["date_from"], data["date_to"])
    for r in records:
        r.key_person = keys.on(found.pk, r.date)
    total = sum((r.hours for r in records if r.hours), timedelta())
    return render(request, "attendance/child.html", {
        "child": found, "form": form, "range": data, "records": records,
        "regular": found.regular_sessions.current().select_related("session"),
        "absences": Absence.objects.current().filter(child=found, last_day__gte=today)
        .select_related("reported_by").order_by("first_day"),
        "past_absences": Absence.objects.filter(child=found, last_day__lt=today,
                                                last_day__gte=data["date_from"])
        .order_by("-first_day")[:20],
        "is_staff": request.membership.can_record_attendance,
        "can_report": rules.has_perm("attendance.report_absence", request.user, found),
        "can_change_sessions": rules.has_perm("attendance.change_regular_sessions",
                                              request.user, found),
        "total": duration_display(total) if total else "",
    })


def _absence_description(absence) -> str:
    """The absence as a person reads it: the child and the days (``str(absence)``, in the
    reader's language)."""
    if absence.first_day == absence.last_day:
        return _("%(child)s away on %(date)s") % {
            "child": absence.child, "date": date_format(absence.first_day, "d M Y")}
    return _("%(child)s away %(first_day)s to %(last_day)s") % {
        "child": absence.child, "first_day": date_format(absence.first_day, "d M"),
        "last_day": date_format(absence.last_day, "d M Y")}


@login_required
def absence_new(request, child_uuid):
    found = access_child(request, child_uuid, "attendance.report_absence")
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            absence = services.report_absence(request.user, found,
                                              **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you. We have noted it: %(absence)s.")
                             % {"absence": _absence_description(absence)})
            return redirect("attendance-child", found.uuid)
    return render(request, "attendance/form_page.html", {
        "form": form, "title": _("%(name)s will be away") % {"name": found.known_as},
        "intro": _("Tell us in advance when your child will not come, so staff do not worry "
                   "and call you."),
        "crumbs": [(found.full_name, found.get_absolute_url()),
                   (_("Attendance"), reverse("attendance-child", args=[found.uuid]))],
        "cancel_url": reverse("attendance-child", args=[found.uuid]),
        "submit": _("Tell the setting")})


@login_required
@require_POST
def absence_withdraw(request, absence_uuid):
    absence = access_absence(request, absence_uuid)
    try:
        services.withdraw_absence(request.user, absence)
        messages.success(request, _("The absence is withdrawn: we expect %(name)s as usual.")
                         % {"name": absence.child.known_as})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("attendance-child", absence.child.uuid)


@login_required
def regular_new(request, child_uuid):
    """Staff add a session the child attends every week."""
    found = access_child(request, child_uuid, "attendance.keep_register", allow_left=True)
    if not rules.has_perm("attendance.change_regular_sessions", request.user, found):
        raise PermissionDenied
    form = RegularSessionForm(request.POST or None, setting=request.setting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_regular_session(request.user, found,
                                         **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Regular session added."))
            return redirect("attendance-child", found.uuid)
    return render(request, "attendance/form_page.html", {
        "form": form, "title": _("A regular session for %(name)s") % {"name": found.known_as},
        "crumbs": [(found.full_name, found.get_absolute_url()),
                   (_("Attendance"), reverse("attendance-child", args=[found.uuid]))],
        "cancel_url": reverse("attendance-child", args=[found.uuid]), "submit": _("Add")})


@login_required
@require_POST
def regular_end(request, child_uuid, regular_uuid):
    found = access_child(request, child_uuid, "attendance.keep_register", allow_left=True)
    regular = found.regular_sessions.filter(uuid=parse_uuid(regular_uuid)).first()
    if regular is None:
        raise Http404
    if not rules.has_perm("attendance.change_regular_sessions", request.user, found):
        raise PermissionDenied
    try:
        services.end_regular_session(request.user, regular)
        messages.success(request, _("%(name)s is no longer expected at that session.")
                         % {"name": found.known_as})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("attendance-child", found.uuid)


# --- The setting's sessions and timings ----------------------------------------------------------

@login_required
@require_perm("attendance.manage")
def settings_page(request):
    current = AttendanceSettings.of(request.setting)
    form = AttendanceSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.save_attendance_settings(request.user, request.setting,
                                          **form.cleaned_data)
        messages.success(request, _("The register settings are saved."))
        return redirect("attendance-settings")
    return render(request, "attendance/settings.html", {
        "form": form,
        "sessions": Session.objects.for_setting(request.setting).order_by("-is_active",
                                                                          "starts_at"),
        "session_form": SessionForm(),
    })


@login_required
@require_perm("attendance.manage")
def session_new(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.add_session(request.user, request.setting,
                                           **form.cleaned_data)
        except ServiceError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("Session added: %(session)s.") % {"session": session})
            return redirect("attendance-settings")
    return render(request, "attendance/form_page.html", {
        "form": form, "title": _("Add a session"),
        "crumbs": [(_("Register"), reverse("attendance-index")),
                   (_("Sessions and timings"), reverse("attendance-settings"))],
        "cancel_url": reverse("attendance-settings"), "submit": _("Add the session")})


@login_required
@require_POST
@require_perm("attendance.manage")
def session_usual(request):
    try:
        services.add_usual_sessions(request.user, request.setting)
        messages.success(request, _("Morning, afternoon and full-day sessions are added. "
                                    "Change their times here if yours differ."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("attendance-settings")


@login_required
@require_POST
def session_retire(request, session_uuid):
    session = access_session(request, session_uuid)
    try:
        services.retire_session(request.user, session)
        messages.success(request, _("%(name)s is retired. Records that used it keep it.")
                         % {"name": session.name})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("attendance-settings")
