"""Subject access requests: asking, logging, the bundle, release and download.

Every view starts with an access helper from subject_access.permissions (or ``require_perm``),
whose docstring states the rule: 404 for what the person may not see, 403 for what they see
but may not handle.
"""

import hmac

import rules
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from families.access import has_parental_responsibility
from families.looks import looked_at
from families.models import RecordView
from preschool.lib.downloads import download, stored_file
from preschool.lib.pdf import render_pdf
from preschool.models import AuditEvent, log_action
from preschool.permissions import require_perm
from preschool.services import ServiceError
from subject_access import services
from subject_access.constants import LINK_VALID_DAYS, MAX_EXTENSION_MONTHS
from subject_access.forms import (
    AskForm,
    ExtendForm,
    HandOverForm,
    ListFilterForm,
    LogRequestForm,
    ReasonForm,
)
from subject_access.models import SubjectAccessRequest, hash_token
from subject_access.permissions import access_request, access_request_to_handle

Status = SubjectAccessRequest.Status
PAGE_SIZE = 25

# The timeline of a request, from its audit trail.
TIMELINE = {
    "subject_access.asked": gettext_lazy("Asked for online"),
    "subject_access.logged": gettext_lazy("Logged by staff"),
    "subject_access.extended": gettext_lazy("Deadline extended"),
    "subject_access.build_started": gettext_lazy("Copy being prepared"),
    "subject_access.built": gettext_lazy("Copy built"),
    "subject_access.checked": gettext_lazy("Copy downloaded to check"),
    "subject_access.released": gettext_lazy("Released to the person who asked"),
    "subject_access.link_reissued": gettext_lazy("Download link sent again"),
    "subject_access.downloaded": gettext_lazy("Downloaded by the person who asked"),
    "subject_access.handed_over": gettext_lazy("Handed over by the setting"),
    "subject_access.refused": gettext_lazy("Refused"),
    "subject_access.closed": gettext_lazy("Closed"),
}


def _can_manage(request) -> bool:
    return bool(request.setting and rules.has_perm("subject_access.manage", request.user,
                                                   request.setting))


def _children_to_ask_about(request):
    """The children the person may ask about: their own, with parental responsibility."""
    from families.models import Child

    return [child for child in Child.objects.visible_to(request.user, request.setting)
            .order_by("first_name") if has_parental_responsibility(request.user, child)]


@login_required
@require_GET
def request_list(request):
    """Managers: every request of the setting, open first, by deadline. Everyone else: their
    own requests and how to ask (families) or log one (staff)."""
    if request.setting is None:
        return render(request, "preschool/home_no_setting.html")
    if not _can_manage(request):
        mine = (SubjectAccessRequest.objects.for_setting(request.setting)
                .filter(requester=request.user)
                .select_related("child", "subject_user").order_by("-received_at"))
        return render(request, "subject_access/mine.html", {
            "requests": mine,
            "can_ask": rules.has_perm("subject_access.ask", request.user, request.setting),
            "can_log": rules.has_perm("subject_access.log", request.user, request.setting)})
    form = ListFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    status = status or "open"
    requests = (SubjectAccessRequest.objects.for_setting(request.setting)
                .select_related("child", "subject_user", "requester")
                .annotate(deadline_on=Coalesce("extended_to", "due_on"),
                          answered=Case(When(status__in=SubjectAccessRequest.OPEN, then=Value(0)),
                                        default=Value(1), output_field=IntegerField()))
                .order_by("answered", "deadline_on", "-received_at"))
    if status == "open":
        requests = requests.open()
    elif status == "answered":
        requests = requests.exclude(status__in=SubjectAccessRequest.OPEN)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    counts = SubjectAccessRequest.objects.for_setting(request.setting).open().aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(extended_to__isnull=True, due_on__lt=today)
                      | Q(extended_to__lt=today)),
        ready=Count("pk", filter=Q(status=Status.READY)))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "subject_access/manage_list.html", {
        "form": form, "page": page, "status": status, "counts": counts,
        "query": query.urlencode()})


@login_required
@require_GET
@require_perm("subject_access.manage")
@reauthentication_required
def log_pdf(request):
    """The log of every request of the setting, as PDF (for the data protection officer or
    the ICO). An export: asks for the password again if it has not been given lately."""
    requests = list(SubjectAccessRequest.objects.for_setting(request.setting)
                    .select_related("child", "subject_user", "requester")
                    .order_by("received_at", "pk"))
    pdf = render_pdf("pdf/subject_access_log.html", {
        "setting": request.setting, "requests": requests, "generated_at": timezone.now(),
        "title": _("Log of requests for a copy of data")})
    log_action(request.user, "subject_access.log_exported", setting=request.setting,
               changes={"requests": len(requests)})
    return download(pdf, content_type="application/pdf", filename="data-requests-log.pdf")


@login_required
@require_perm("subject_access.ask")
def request_ask(request):
    """A parent or carer asks online for a copy of the data held about them or their child."""
    children = _children_to_ask_about(request)
    initial = {"about": request.GET.get("child", "")} if request.method == "GET" else None
    form = AskForm(request.POST or None, children=children, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sar = services.ask(request.user, request.setting, child=form.cleaned_data["child"],
                               details=form.cleaned_data["details"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you: your request has been sent. The setting "
                                        "will answer by %(date)s at the latest.")
                             % {"date": date_format(sar.due_on, "j E Y")})
            return redirect(sar)
    return render(request, "subject_access/ask.html", {"form": form})


@login_required
@require_perm("subject_access.log")
def request_log(request):
    """A member of staff logs a request made in person, by phone, email or letter."""
    form = LogRequestForm(request.POST or None, setting=request.setting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sar = services.log_request(
                request.user, request.setting, received_how=data["received_how"],
                received_at=data["received_at"], child=data["child"],
                subject_user=data["subject_user"], requester=data["requester"],
                requester_name=data["requester_name"],
                requester_contact=data["requester_contact"],
                relationship=data["relationship"], details=data["details"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The request is logged; the managers have been told."))
            return redirect(sar if _can_manage(request) else "subject-access-list")
    return render(request, "subject_access/log.html", {"form": form})


def _detail_context(request, sar, **forms):
    manage = _can_manage(request)
    context = {"sar": sar, "manage": manage, "is_own": sar.requester_id == request.user.pk,
               "max_extension": MAX_EXTENSION_MONTHS, "link_days": LINK_VALID_DAYS,
               "today": timezone.localdate()}
    if manage:
        events = (AuditEvent.objects.filter(
            setting=request.setting, object_type=SubjectAccessRequest._meta.label,
            object_id=str(sar.uuid), action__in=list(TIMELINE))
            .order_by("created_at", "pk"))
        context.update({
            "timeline": [(event, TIMELINE[event.action]) for event in events],
            "can_extend": sar.is_open and timezone.localdate() <= sar.due_on,
            "extend_form": forms.get("extend_form") or ExtendForm(),
            "refuse_form": forms.get("refuse_form") or ReasonForm(),
            "close_form": forms.get("close_form") or ReasonForm(),
            "hand_over_form": forms.get("hand_over_form") or HandOverForm(),
        })
    return context


@login_required
@require_GET
def request_detail(request, request_uuid):
    """One request: its clock and status; for managers, the bundle, its timeline, actions."""
    sar = access_request(request, request_uuid)
    return render(request, "subject_access/detail.html", _detail_context(request, sar))


def _handle(request, sar, form, action, success, form_name):
    """Run ``action`` on a valid form; bad input comes back with its errors, a refusal of the
    service as a message. Either way nothing changes."""
    if form is None or form.is_valid():
        try:
            action(form.cleaned_data if form is not None else {})
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, success)
        return redirect(sar)
    return render(request, "subject_access/detail.html",
                  _detail_context(request, sar, **{form_name: form}))


@login_required
@require_POST
def request_build(request, request_uuid):
    sar = access_request_to_handle(request, request_uuid)
    return _handle(request, sar, None, lambda d: services.start_build(request.user, sar),
                   _("The copy is being prepared: this page shows how far it has got."), "")


@login_required
@require_GET
def request_progress(request, request_uuid):
    """How far the bundle has got (polled by the page every 2 s), then what to do next."""
    sar = access_request_to_handle(request, request_uuid)
    services.build_if_waiting(sar)
    response = render(request, "subject_access/_build_status.html", {"sar": sar, "manage": True})
    if not sar.is_building and request.headers.get("HX-Request"):
        # Built (or failed): the whole page changes (what can be done next), so htmx reloads it.
        response["HX-Refresh"] = "true"
    return response


def _bundle_response(sar):
    return stored_file(sar.bundle, content_type="application/zip", as_attachment=True,
                       filename=f"data-copy-{sar.uuid.hex[:8]}.zip")


@login_required
@require_GET
def request_check(request, request_uuid):
    """A manager downloads the bundle to check it before release (after re-authenticating:
    the access check comes first, so nobody else is asked for a password)."""
    sar = access_request_to_handle(request, request_uuid)
    if not sar.bundle:
        raise Http404
    return _check_download(request, sar)


@reauthentication_required
def _check_download(request, sar):
    services.record_download(request.user, sar, checking=True)
    looked_at(request, sar.child, RecordView.What.EXPORT, sar)
    return _bundle_response(sar)


@login_required
@require_POST
def request_release(request, request_uuid):
    """Release the checked bundle (after re-authenticating; allauth replays the POST, which
    carries no secret)."""
    sar = access_request_to_handle(request, request_uuid)
    return _release(request, sar)


@reauthentication_required
def _release(request, sar):
    return _handle(request, sar, None, lambda d: services.release(request.user, sar),
                   _("Released: the person who asked has been sent a download link."), "")


@login_required
@require_POST
def request_reissue(request, request_uuid):
    sar = access_request_to_handle(request, request_uuid)
    return _reissue(request, sar)


@reauthentication_required
def _reissue(request, sar):
    return _handle(request, sar, None, lambda d: services.reissue_link(request.user, sar),
                   _("A new download link has been sent; the old one no longer works."), "")


@login_required
@require_POST
def request_hand_over(request, request_uuid):
    sar = access_request_to_handle(request, request_uuid)
    return _handle(request, sar, HandOverForm(request.POST),
                   lambda d: services.hand_over(request.user, sar, how=d["how"]),
                   _("Recorded: the copy was handed over."), "hand_over_form")


@login_required
@require_POST
def request_extend(request, request_uuid):
    sar = access_request_to_handle(request, request_uuid)
    return _handle(request, sar, ExtendForm(request.POST),
                   lambda d: services.extend(request.user, sar, months=d["months"],
                                             reason=d["reason"]),
                   _("The deadline is extended; the person who asked has been told why."),
                   "extend_form")


@login_required
@require_POST
def request_refuse(request, request_uuid):
    sar = access_request_to_handle(request, request_uuid)
    return _handle(request, sar, ReasonForm(request.POST),
                   lambda d: services.refuse(request.user, sar, reason=d["reason"]),
                   _("The request is refused; the person who asked can read why."),
                   "refuse_form")


@login_required
@require_POST
def request_close(request, request_uuid):
    sar = access_request_to_handle(request, request_uuid)
    return _handle(request, sar, ReasonForm(request.POST),
                   lambda d: services.close(request.user, sar, note=d["reason"]),
                   _("The request is closed."), "close_form")


@login_required
@require_GET
def request_download(request, request_uuid, token):
    """The person who asked downloads the released bundle through the link they were sent,
    signed in as themselves: anyone else, or a wrong token, gets 404; a link that has expired
    or was replaced by a newer one gets 410 and a page saying what to do."""
    sar = access_request(request, request_uuid)
    if sar.requester_id != request.user.pk:
        raise Http404
    if not sar.link_token_hash or not hmac.compare_digest(sar.link_token_hash,
                                                          hash_token(token)):
        if sar.status in (Status.RELEASED, Status.DOWNLOADED):
            return render(request, "subject_access/link_gone.html", {"sar": sar}, status=410)
        raise Http404
    if not sar.link_is_live or not sar.bundle:
        return render(request, "subject_access/link_gone.html", {"sar": sar}, status=410)
    if sar.child_id is not None and not has_parental_responsibility(request.user, sar.child):
        raise Http404
    if sar.subject_user_id is not None and sar.subject_user_id != request.user.pk:
        raise Http404
    services.record_download(request.user, sar)
    looked_at(request, sar.child, RecordView.What.EXPORT, sar)
    return _bundle_response(sar)
