"""Concerns and complaints: raising, handling, and the record for Ofsted.

Every view starts with an access helper from complaints.permissions (or ``require_perm``),
whose docstring states the rule: 404 for what the person may not see, 403 for what they see
but may not handle.
"""

import csv
from datetime import timedelta
from urllib.parse import urlencode

import rules
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from complaints import services
from complaints.constants import OFSTED, RECORD_KEPT_YEARS, RESPONSE_DAYS
from complaints.forms import (
    KIND_HELP,
    AcknowledgeForm,
    AssignForm,
    AttachmentForm,
    ListFilterForm,
    LogConcernForm,
    NoteForm,
    OutcomeForm,
    RaiseConcernForm,
    RecordForm,
)
from complaints.models import Concern, Note
from complaints.permissions import (
    access_attachment,
    access_concern,
    access_concern_to_handle,
)
from families.looks import What, looked_at, looked_at_many
from preschool.lib.downloads import csv_cell, download, stored_file
from preschool.lib.pdf import render_pdf
from preschool.models import log_action
from preschool.permissions import require_perm
from preschool.services import ServiceError


def _can_manage(request) -> bool:
    return bool(request.setting and rules.has_perm("complaints.manage", request.user,
                                                   request.setting))


def _procedure():
    return {"ofsted": OFSTED, "response_days": RESPONSE_DAYS, "kind_help": KIND_HELP}


@login_required
@require_GET
def concern_list(request):
    """Managers: every concern of the setting, open first. Families: their own concerns and
    how to raise one. Practitioners: what families said that was shared with the team."""
    if request.setting is None:
        return render(request, "preschool/home_no_setting.html")
    membership = request.membership
    if _can_manage(request):
        form = ListFilterForm(request.GET or None)
        status = kind = ""
        if form.is_valid():
            status, kind = form.cleaned_data["status"], form.cleaned_data["kind"]
        concerns = (Concern.objects.for_setting(request.setting)
                    .select_related("child", "complainant", "assigned_to__user")
                    .order_by("-received_at"))
        if status in ("", "open"):
            concerns = concerns.open()
        elif status == "closed":
            concerns = concerns.filter(status=Concern.Status.CLOSED)
        if kind:
            concerns = concerns.filter(kind=kind)
        page = Paginator(concerns, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        counts = Concern.objects.for_setting(request.setting).open().aggregate(
            open=Count("pk"),
            overdue=Count("pk", filter=Q(due_on__lt=timezone.localdate())),
            unacknowledged=Count("pk", filter=Q(acknowledged_at__isnull=True)))
        return render(request, "complaints/manage_list.html", {
            "form": form, "page": page, "query": query.urlencode(), "counts": counts,
            "status": status or "open", **_procedure()})
    if membership.is_staff_member:
        shared = (Concern.objects.for_setting(request.setting).shared_with_staff()
                  .select_related("complainant").order_by("-shared_with_staff_at")[:50])
        return render(request, "complaints/staff_list.html", {"shared": shared,
                                                              **_procedure()})
    mine = (Concern.objects.for_setting(request.setting).filter(complainant=request.user)
            .select_related("child", "outcome").order_by("-received_at"))
    return render(request, "complaints/family_list.html", {"concerns": mine, **_procedure()})


@login_required
@require_perm("complaints.open_form")
def concern_new(request):
    """A family raises a concern; a member of staff logs one made in person or by phone."""
    from families.models import Child

    if request.membership.is_staff_member:
        form = LogConcernForm(request.POST or None, setting=request.setting)
        template = "complaints/log.html"
    else:
        children = Child.objects.visible_to(request.user, request.setting).current()
        form = RaiseConcernForm(request.POST or None, children=children)
        template = "complaints/raise.html"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.membership.is_staff_member:
                concern = services.log_concern(
                    request.user, request.setting, kind=data["kind"], subject=data["subject"],
                    details=data["details"], channel=data["channel"],
                    received_at=data["received_at"], child=data["child"],
                    complainant=data["complainant"],
                    complainant_name=data["complainant_name"],
                    complainant_email=data["complainant_email"],
                    complainant_phone=data["complainant_phone"])
            else:
                concern = services.raise_concern(
                    request.user, request.setting, kind=data["kind"], subject=data["subject"],
                    details=data["details"], child=data["child"],
                    anonymous=data["anonymous"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return _after_raising(request, concern)
    return render(request, template, {"form": form, **_procedure()})


def _after_raising(request, concern):
    if concern.is_anonymous:
        messages.success(request, _("Thank you: your suggestion has been sent anonymously. We "
                                  "read every suggestion, and share what we do in our "
                                  "newsletters and \"you said, we did\" updates."))
        return redirect("complaints-list")
    if concern.logged_by_id:
        logged = {
            Concern.Kind.QUERY: _("The query is logged; the manager has been told."),
            Concern.Kind.COMPLIMENT: _("The compliment is logged; the manager has been told."),
            Concern.Kind.COMPLAINT: _("The complaint is logged; the manager has been told."),
            Concern.Kind.SUGGESTION: _("The suggestion is logged; the manager has been told."),
        }
        messages.success(request, logged[concern.kind])
        if _can_manage(request):
            return redirect(concern)
        return redirect("complaints-list")
    if concern.is_complaint:
        text = _("Thank you: your complaint has been sent. We will tell you the outcome in "
                 "writing by %(date)s.") % {"date": date_format(concern.due_on, "l j E Y")}
    else:
        text = {
            Concern.Kind.QUERY: _("Thank you: your query has been sent."),
            Concern.Kind.COMPLIMENT: _("Thank you: your compliment has been sent."),
            Concern.Kind.SUGGESTION: _("Thank you: your suggestion has been sent."),
        }[concern.kind]
    messages.success(request, text)
    return redirect(concern)


def _detail_context(request, concern, **forms):
    manage = _can_manage(request)
    context = {"concern": concern, "manage": manage,
               "is_own": concern.complainant_id == request.user.pk,
               "outcome": getattr(concern, "outcome", None) if concern.is_closed else None,
               **_procedure()}
    if manage:
        context.update({
            "notes": concern.notes.select_related("author"),
            "attachments": concern.attachments.select_related("uploaded_by"),
            "ack_form": forms.get("ack_form") or AcknowledgeForm(initial={
                "message": _default_acknowledgement(concern)}),
            "assign_form": forms.get("assign_form") or AssignForm(
                setting=request.setting,
                initial={"manager": concern.assigned_to.uuid if concern.assigned_to else None}),
            "note_form": forms.get("note_form") or NoteForm(),
            "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        })
    return context


def _default_acknowledgement(concern) -> str:
    if concern.kind == Concern.Kind.COMPLIMENT:
        return _("Thank you for taking the time to tell us. We will share your kind words "
                 "with the team.")
    if concern.kind == Concern.Kind.SUGGESTION:
        return _("Thank you for your suggestion. We will talk about it as a team and let you "
                 "know what we decide.")
    if concern.is_complaint:
        return _("Thank you for telling us. We are sorry you have had reason to complain. We "
                 "will look into it carefully and may ask to talk to you.")
    return _("Thank you for your question. We will come back to you shortly.")


@login_required
@require_GET
def concern_detail(request, concern_uuid):
    """One concern: its words, acknowledgement and outcome; for managers, the investigation."""
    concern = access_concern(request, concern_uuid)
    looked_at(request, concern.child, What.COMPLAINT, concern)
    return render(request, "complaints/detail.html", _detail_context(request, concern))


def _handle(request, concern, form, action, success, form_name):
    """Run ``action`` on a valid form. A form with bad input comes back with its errors; a
    refusal of the service (already acknowledged, closed) is a message on the concern's page.
    Either way nothing changes."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, success)
        return redirect(concern)
    looked_at(request, concern.child, What.COMPLAINT, concern)
    return render(request, "complaints/detail.html",
                  _detail_context(request, concern, **{form_name: form}))


@login_required
@require_POST
def concern_acknowledge(request, concern_uuid):
    concern = access_concern_to_handle(request, concern_uuid)
    form = AcknowledgeForm(request.POST)
    return _handle(request, concern, form,
                   lambda d: services.acknowledge(request.user, concern, message=d["message"]),
                   _("Acknowledged: the person has been told."), "ack_form")


@login_required
@require_POST
def concern_assign(request, concern_uuid):
    concern = access_concern_to_handle(request, concern_uuid)
    form = AssignForm(request.POST, setting=request.setting)
    return _handle(request, concern, form,
                   lambda d: services.assign(request.user, concern, d["manager"]),
                   _("Saved: they will be reminded of the deadline."), "assign_form")


@login_required
@require_POST
def concern_note(request, concern_uuid):
    concern = access_concern_to_handle(request, concern_uuid)
    form = NoteForm(request.POST)
    return _handle(request, concern, form,
                   lambda d: services.add_note(request.user, concern, kind=d["kind"],
                                               text=d["text"]),
                   _("The note is added."), "note_form")


@login_required
@require_POST
def concern_attachment_add(request, concern_uuid):
    concern = access_concern_to_handle(request, concern_uuid)
    form = AttachmentForm(request.POST, request.FILES)
    return _handle(request, concern, form,
                   lambda d: services.add_attachment(request.user, concern, d["file"],
                                                     description=d["description"]),
                   _("The file is attached (staff only)."), "attachment_form")


@login_required
@require_GET
def attachment_download(request, attachment_uuid):
    """A staff-only attachment, for managers of the setting (404 for anyone else)."""
    attachment = access_attachment(request, attachment_uuid)
    # A file gone from storage is a 404 before anything is recorded as seen.
    response = stored_file(attachment.file, content_type=attachment.content_type,
                           as_attachment=True, filename=attachment.original_name)
    log_action(request.user, "concern.attachment_viewed", attachment.concern,
               changes={"file": attachment.original_name})
    looked_at(request, attachment.concern.child, What.COMPLAINT, attachment.concern)
    return response


@login_required
def concern_close(request, concern_uuid):
    """Close the concern with its outcome, sent to the person in writing."""
    concern = access_concern_to_handle(request, concern_uuid)
    if concern.is_closed:
        messages.error(request, _("This concern is already closed and its outcome has been sent. "
                                "Add a note if something has happened since."))
        return redirect(concern)
    form = OutcomeForm(request.POST or None, concern=concern)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.close_with_outcome(request.user, concern, outcome=data["outcome"],
                                        action_taken=data["action_taken"],
                                        notified_via=data["notified_via"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Closed. The outcome is on the person's page and on "
                                        "its way by email.")
                             if data["notified_via"] == "email"
                             else _("Closed. The outcome is on the person's page."))
            return redirect(concern)
    looked_at(request, concern.child, What.COMPLAINT, concern)
    return render(request, "complaints/close.html", {"concern": concern, "form": form})


@login_required
@require_POST
def concern_share(request, concern_uuid):
    concern = access_concern_to_handle(request, concern_uuid)
    try:
        services.share_with_staff(request.user, concern)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Shared with the staff team: it is on their home page."))
    return redirect(concern)


# --- The record for Ofsted ------------------------------------------------------------------

def _record_rows(setting, date_from, date_to, everything=False):
    """Complaints (or, with ``everything``, all concerns) received in the period, oldest
    first, with what the record must show (eyfs.md, "Complaints": a written record of
    complaints and their outcome). Anonymous complainants are never named."""
    concerns = Concern.objects.for_setting(setting)
    if not everything:
        concerns = concerns.complaints()
    concerns = (concerns.filter(received_at__date__gte=date_from, received_at__date__lte=date_to)
                .select_related("outcome", "complainant", "child").order_by("received_at"))
    concerns = concerns.prefetch_related(Prefetch(
        "notes", queryset=Note.objects.filter(kind=Note.Kind.ACTION), to_attr="actions"))
    rows = []
    for c in concerns:
        outcome = getattr(c, "outcome", None)
        actions = [n.text for n in c.actions]
        if outcome and outcome.action_taken:
            actions.append(outcome.action_taken)
        rows.append({
            "concern": c, "kind": c.get_kind_display(), "received_on": c.received_on,
            "complainant": c.complainant_label,
            "nature": f"{c.subject}: {c.details}", "channel": c.get_channel_display(),
            "action": "\n".join(actions), "outcome": outcome.outcome if outcome else "",
            "notified_on": timezone.localdate(outcome.notified_at) if outcome else None,
            "notified_via": outcome.get_notified_via_display() if outcome else "",
            "due_on": c.due_on, "status": c.get_status_display(),
            "on_time": outcome.within_deadline if outcome else None,
            "overdue": c.is_overdue,
        })
    return rows


def _record_period(request):
    """(form, first day, last day, everything?) from the query string; the last year by
    default; (form, None, None, False) when the period is not valid."""
    today = timezone.localdate()
    form = RecordForm(request.GET or None, initial={
        "date_from": today - timedelta(days=365), "date_to": today, "include": "complaints"})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, data["date_from"], data["date_to"], data["include"] == "all"
    if form.is_bound:
        return form, None, None, False
    return form, form.initial["date_from"], form.initial["date_to"], False


@login_required
@require_GET
@require_perm("complaints.manage")
def record(request):
    """The complaints record for a period, to show Ofsted, with PDF and CSV downloads."""
    form, date_from, date_to, everything = _record_period(request)
    rows = _record_rows(request.setting, date_from, date_to, everything) if date_from else []
    looked_at_many(request, _children_of(rows), What.COMPLAINT)
    return render(request, "complaints/record.html", {
        "form": form, "rows": rows, "date_from": date_from, "date_to": date_to,
        "everything": everything, "kept_years": RECORD_KEPT_YEARS,
        "export_query": urlencode({"date_from": date_from, "date_to": date_to,
                                   "include": "all" if everything else "complaints"})
        if date_from else ""})


def _children_of(rows) -> list:
    """The children the record's rows are about: a look at the complaints of each (kept as
    complaints, not as an export, so that a child's family is never told of a complaint that
    mentions their child through the export's look)."""
    return [r["concern"].child for r in rows]


def _export_period(request):
    form, date_from, date_to, everything = _record_period(request)
    if date_from is None:
        raise Http404("Choose a valid period.")
    return date_from, date_to, everything


@login_required
@require_GET
@require_perm("complaints.manage")
@reauthentication_required
def record_pdf(request):
    """The complaints record as PDF. An export: asks for the password again if it has not
    been given in the last few minutes."""
    date_from, date_to, everything = _export_period(request)
    rows = _record_rows(request.setting, date_from, date_to, everything)
    pdf = render_pdf("pdf/complaints_record.html", {
        "setting": request.setting, "everything": everything, "rows": rows,
        "title": _("Record of concerns and complaints") if everything
        else _("Complaints record"),
        "date_from": date_from, "date_to": date_to, "generated_at": timezone.now(),
        "response_days": RESPONSE_DAYS})
    log_action(request.user, "complaints.record_exported", setting=request.setting,
               changes={"format": "pdf", "from": str(date_from),
                                         "to": str(date_to), "complaints": len(rows)})
    looked_at_many(request, _children_of(rows), What.COMPLAINT)
    return download(pdf, content_type="application/pdf",
                    filename=f"complaints-record-{date_from}-{date_to}.pdf")


@login_required
@require_GET
@require_perm("complaints.manage")
@reauthentication_required
def record_csv(request):
    """The complaints record as CSV (an export, so after a recent password check)."""
    date_from, date_to, everything = _export_period(request)
    rows = _record_rows(request.setting, date_from, date_to, everything)
    response = download(content_type="text/csv; charset=utf-8",
                        filename=f"complaints-record-{date_from}-{date_to}.csv")
    writer = csv.writer(response)
    writer.writerow([_("Date received"), _("Kind"), _("Complainant"), _("How received"),
                     _("Nature"), _("Action taken"), _("Outcome"), _("Date notified"),
                     _("How notified"), _("Due by"), _("Status")])
    for r in rows:
        writer.writerow([csv_cell(v) for v in (
            r["received_on"], r["kind"], r["complainant"], r["channel"], r["nature"], r["action"],
            r["outcome"], r["notified_on"] or "", r["notified_via"], r["due_on"],
            r["status"])])
    log_action(request.user, "complaints.record_exported", setting=request.setting,
               changes={"format": "csv", "from": str(date_from),
                                         "to": str(date_to), "complaints": len(rows)})
    looked_at_many(request, _children_of(rows), What.COMPLAINT)
    return response
