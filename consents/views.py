"""Consents, medicines, accidents and outings.

Every view starts with an access helper (consents.permissions or families.access) whose
docstring states the rule: 404 for what the person may not see, 403 for what they see but may
not do. Views are thin: helper, form, one service call, redirect.
"""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from consents import constants, services
from consents.forms import (
    AcceptPermissionForm,
    AccidentForm,
    AcknowledgeForm,
    AnswerForm,
    ConsentFormForm,
    CorrectionReasonForm,
    DeclinePermissionForm,
    DoseForm,
    DoubleDoseReviewForm,
    EndPermissionForm,
    OfstedForm,
    OutingForm,
    PermissionForm,
    PolicyForm,
    accident_initial,
    dose_initial,
    permission_initial,
)
from consents.models import (
    Accident,
    ConsentAnswer,
    ConsentForm,
    DoubleDoseReview,
    MedicationDose,
    MedicationPermission,
    MedicationPolicy,
    Outing,
)
from consents.pages import (
    PAGE_SIZE,
    accident_versions,
    accidents_with_ack,
    answerable_children,
    doses_close_to,
    doses_with_ack,
    medication_lists,
    paginate,
    permission_chain,
    with_nearby_doses,
)
from consents.permissions import (
    access_accident,
    access_dose,
    access_form,
    access_outing,
    access_permission,
    can,
    is_staff,
)
from families.access import access_child
from families.looks import What, looked_at, looked_at_many
from families.models import Child
from preschool.lib.downloads import download
from preschool.lib.pdf import render_pdf
from preschool.models import log_action
from preschool.permissions import membership_in, parse_uuid, require_perm
from preschool.services import ServiceError


def _posted(request):
    """The posted data, or None for a GET (an empty POST is still a POST: a form with every
    box unticked must be validated, not shown afresh)."""
    return request.POST if request.method == "POST" else None


def _refuse(request, child, message):
    """403 with the reason, for someone who sees the child but may not do this."""
    return render(request, "consents/not_allowed.html", {"child": child, "message": message},
                  status=403)


def _errors(form) -> str:
    """A form's error messages as one sentence list, for forms posted from another page."""
    return " ".join(dict.fromkeys(e for errors in form.errors.values() for e in errors))


# --- Consent overview, forms and answers -----------------------------------------------------

@login_required
@require_GET
def overview(request):
    """The grid: each child (staff: every current child; a family: their own children) and
    each current form, given / refused / not answered / outdated version; the totals count
    every child, the grid shows them a page at a time. A constant number of queries however
    many children."""
    membership = membership_in(request.user, request.setting)
    if membership is None:
        return render(request, "preschool/home_no_setting.html")
    staff = is_staff(request)
    if membership.can_manage_consents:
        services.ensure_default_forms(request.setting, request.user)
    children = (Child.objects.visible_to(request.user, request.setting).current()
                .select_related("room").order_by("first_name", "last_name"))
    forms, rows = services.consent_grid(request.setting, children)
    totals = dict.fromkeys(services.Status.LABELS, 0)
    for row in rows:
        for cell in row.cells:
            totals[cell.status] += 1
    # The grid was worked out for every child (two queries) for the totals; only a page of
    # it is rendered.
    page = paginate(request, rows)
    return render(request, "consents/overview.html", {
        "forms": forms, "rows": page, "is_staff": staff, "totals": totals,
        "status_labels": services.Status.LABELS,
        "withdrawals": list(services.recent_withdrawals(request.setting)[:20]) if staff else [],
        "can_manage": membership.can_manage_consents,
        "answerable": answerable_children(request.user, [row.child for row in page],
                                          membership),
    })


@login_required
@require_POST
@require_perm("consents.chase")
def chase(request):
    try:
        count = services.chase_unanswered(request.user, request.setting)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        if count:
            messages.success(request, ngettext(
                "Reminders are on their way to %(count)s family (once a day at most).",
                "Reminders are on their way to %(count)s families (once a day at most).",
                count) % {"count": count})
        else:
            messages.info(request, _("Every family has answered every form: nobody to remind."))
    return redirect("consents-overview")


@login_required
@require_GET
@require_perm("consents.manage_forms")
def form_list(request):
    """The setting's consent forms, current and earlier versions. The standard forms are
    created on first use."""
    services.ensure_default_forms(request.setting, request.user)
    forms = list(ConsentForm.objects.for_setting(request.setting)
                 .select_related("created_by").order_by("kind", "title", "-version"))
    current = services.current_forms(request.setting)
    earlier = [f for f in forms if not f.is_current]
    return render(request, "consents/forms.html", {"current": current, "earlier": earlier})


@login_required
@require_perm("consents.manage_forms")
def form_new(request):
    form = ConsentFormForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        new = services.add_form(request.user, request.setting,
                                **form.cleaned_data)
        messages.success(request, _("“%(title)s” added. Families are asked to answer it.")
                         % {"title": new.title})
        return redirect("consents-forms")
    return render(request, "consents/form_edit.html", {"form": form, "consent_form": None})


@login_required
def form_edit(request, form_uuid):
    """New wording for a form: a new version; families are asked again."""
    consent_form = access_form(request, form_uuid)
    if not consent_form.is_current:
        messages.info(request, _("That is an earlier version; this is the current one."))
        latest = ConsentForm.objects.filter(series=consent_form.series, is_current=True).first()
        if latest is None:
            return redirect("consents-forms")
        return redirect("consents-form-edit", latest.uuid)
    form = ConsentFormForm(_posted(request), initial={
        "title": consent_form.title, "wording": consent_form.wording})
    if request.method == "POST" and form.is_valid():
        try:
            new = services.publish_new_version(request.user, consent_form,
                                               **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Version %(version)s of “%(title)s” is published. "
                                        "Families are asked to answer it again; their answers "
                                        "to the earlier wording stay on record.")
                             % {"version": new.version, "title": new.title})
            return redirect("consents-forms")
    return render(request, "consents/form_edit.html", {"form": form,
                                                       "consent_form": consent_form})


@login_required
@require_POST
def form_retire(request, form_uuid):
    consent_form = access_form(request, form_uuid)
    try:
        services.stop_asking(request.user, consent_form)
        messages.success(request, _("“%(title)s” is no longer asked. It stays on "
                                    "record with its answers.") % {"title": consent_form.title})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("consents-forms")


def _child_context(request, child) -> dict:
    staff = is_staff(request)
    answers = (ConsentAnswer.objects.filter(child=child).select_related("form", "answered_by")
               .order_by("-answered_at", "-id"))
    permissions = (MedicationPermission.objects.filter(child=child)
                   .select_related("requested_by", "checked_by", "ended_by"))
    return {
        "child": child, "is_staff": staff, "cells": services.child_consents(child),
        "answers": paginate(request, answers, "answers"), "permissions": permissions,
        "doses": paginate(request, doses_with_ack().filter(child=child), "doses"),
        "accidents": paginate(request, accidents_with_ack().filter(child=child), "accidents"),
        "can_answer": can(request.user, "consents.answer", child) and not child.has_left,
        "can_request": (can(request.user, "consents.request_medication", child)
                        and not child.has_left),
        "can_acknowledge": can(request.user, "consents.acknowledge", child),
        "can_record": can(request.user, "consents.record_medication", child)
        and not child.has_left,
    }


@login_required
@require_GET
def child_page(request, child_uuid):
    """One child's consents (with every answer on record), medicine permissions, doses and
    accidents: for staff and the child's family."""
    child = access_child(request, child_uuid)
    looked_at(request, child, What.MEDICATION)
    looked_at(request, child, What.ACCIDENT)
    return render(request, "consents/child.html", _child_context(request, child))


@login_required
def answer(request, child_uuid):
    """An adult with parental responsibility answers the forms, yes or no."""
    child = access_child(request, child_uuid)
    if child.has_left or not can(request.user, "consents.answer", child):
        return _refuse(request, child, _("Only an adult with parental responsibility for "
                                         "%(name)s can give or withdraw consent. "
                                         "Nothing has been changed.") % {"name": child.known_as})
    cells = services.child_consents(child)
    form = AnswerForm(_posted(request), cells=cells)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.answer_consents(request.user, child, form.answers())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            withdrawn = [a for a in created if a.is_withdrawal]
            if not created:
                messages.info(request, _("Nothing had changed."))
            else:
                text = _("Thank you: your answers for %(name)s are saved.") % {
                    "name": child.known_as}
                if withdrawn:
                    titles = ", ".join(f"“{a.form.title}”" for a in withdrawn)
                    text += " " + _("Withdrawn from now: %(titles)s. Staff can see this at "
                                    "once.") % {"titles": titles}
                messages.success(request, text)
            return redirect("consents-child", child.uuid)
    return render(request, "consents/answer.html", {
        "child": child, "form": form,
        "pairs": [(cell, form[form.key(cell.form)]) for cell in cells]})


# --- Outings -----------------------------------------------------------------------------------

@login_required
@require_GET
@require_perm("consents.staff_pages")
def outing_list(request):
    today = timezone.localdate()
    outings = Outing.objects.filter(setting=request.setting).annotate(
        child_count=Count("children"))
    return render(request, "consents/outings.html", {
        "upcoming": paginate(request, outings.filter(date__gte=today)
                             .order_by("date", "leaves_at", "id"), "upcoming"),
        "past": paginate(request, outings.filter(date__lt=today)
                         .order_by("-date", "-leaves_at", "-id"), "past"),
    })


@login_required
@require_perm("consents.staff_pages")
def outing_new(request):
    form = OutingForm(_posted(request), setting=request.setting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            outing = services.create_outing(request.user, request.setting,
                                            **data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Outing to %(place)s planned.") % {"place": outing.place})
            return redirect("consents-outing", outing.uuid)
    return render(request, "consents/outing_new.html", {"form": form})


@login_required
@require_GET
def outing_detail(request, outing_uuid):
    outing = access_outing(request, outing_uuid)
    roster = services.outing_roster(outing)
    return render(request, "consents/outing.html", {
        "outing": outing, "roster": roster,
        "not_allowed": [r for r in roster if not r["may_go"]],
    })


# --- Medicines: the staff's page and the policy ----------------------------------------------

@login_required
@require_GET
@require_perm("consents.staff_pages")
def medication(request):
    """What staff need today: labels to check, medicines in force, doses given today, records
    families have not acknowledged, possible double doses not yet reviewed, serious accidents
    to notify, recent accidents. Each list is shown a page at a time (its own ``?<list>=N``):
    a constant number of queries however many records."""
    setting = request.setting
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    current_children, lists = medication_lists(setting, start)
    context = {name: paginate(request, items, name) for name, items in lists.items()}
    # Each list shows its children's medicines or accidents: a look at each child listed.
    for name, page in context.items():
        accidents = "accidents" in name or name == "awaiting_ofsted"
        looked_at_many(request, [item.child for item in page.object_list],
                       What.ACCIDENT if accidents else What.MEDICATION)
    # A directory of the children to go to: a pre-school's roll fits on one page.
    context["children"] = paginate(
        request, current_children.order_by("first_name", "last_name", "id"), "children",
        per_page=2 * PAGE_SIZE)
    context.update({
        "policy": MedicationPolicy.of(setting),
        "can_manage": can(request.user, "consents.manage_medication_policy", setting),
        "can_review": can(request.user, "consents.review_double_doses", setting),
    })
    return render(request, "consents/medication.html", context)


@login_required
@require_perm("consents.manage_medication_policy")
def medication_policy(request):
    policy = MedicationPolicy.of(request.setting)
    form = PolicyForm(_posted(request),
                      initial={"accepts_non_prescribed": policy.accepts_non_prescribed})
    if request.method == "POST" and form.is_valid():
        services.set_medication_policy(request.user, request.setting,
                                       **form.cleaned_data)
        messages.success(request, _("The medicines policy is saved."))
        return redirect("consents-medication")
    return render(request, "consents/policy.html", {"form": form, "policy": policy})


# --- Medicine permissions ----------------------------------------------------------------------

@login_required
def permission_new(request, child_uuid):
    """A parent asks for a medicine to be given. With ?replaces=<uuid>, the new permission
    replaces an earlier one (permissions are never edited)."""
    child = access_child(request, child_uuid)
    if child.has_left or not can(request.user, "consents.request_medication", child):
        return _refuse(request, child, _("Only an adult with parental responsibility for "
                                         "%(name)s can give permission for a "
                                         "medicine. Nothing has been saved.")
                       % {"name": child.known_as})
    replaces = None
    replaces_uuid = request.POST.get("replaces") or request.GET.get("replaces")
    if replaces_uuid:
        replaces = MedicationPermission.objects.filter(
            child=child, uuid=parse_uuid(replaces_uuid)).first()
        if replaces is None or not replaces.is_open:
            raise Http404
    form = PermissionForm(_posted(request), setting=child.setting,
                          initial=permission_initial(replaces))
    if request.method == "POST" and form.is_valid():
        try:
            permission = services.request_permission(request.user, child,
                                                     form.permission_data(),
                                                     replaces=replaces)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you. Staff will check the label of "
                                        "%(medicine)s when you bring it in; it can be "
                                        "given once they have accepted it.")
                             % {"medicine": permission.medicine})
            return redirect("consents-permission", permission.uuid)
    return render(request, "consents/permission_new.html", {
        "child": child, "form": form, "replaces": replaces})


@login_required
@require_GET
def permission_detail(request, permission_uuid):
    permission = access_permission(request, permission_uuid)
    child = permission.child
    doses = paginate(request, doses_with_ack().filter(permission=permission), "doses")
    staff = is_staff(request)
    looked_at(request, child, What.MEDICATION, permission)
    return render(request, "consents/permission.html", {
        "permission": permission, "child": child, "doses": doses, "is_staff": staff,
        "accept_form": AcceptPermissionForm() if staff else None,
        "decline_form": DeclinePermissionForm() if staff else None,
        "end_form": EndPermissionForm(),
        "can_end": permission.is_open and can(request.user, "consents.end_medication", child),
        "can_replace": (permission.is_open and not child.has_left
                        and can(request.user, "consents.request_medication", child)),
        "can_record": permission.is_in_force and can(request.user,
                                                     "consents.record_medication", child),
        "history": permission_chain(permission),
    })


def _staff_permission(request, permission_uuid):
    permission = access_permission(request, permission_uuid)
    if not can(request.user, "consents.record_medication", permission.child):
        raise PermissionDenied
    return permission


@login_required
@require_POST
def permission_accept(request, permission_uuid):
    permission = _staff_permission(request, permission_uuid)
    form = AcceptPermissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form) + " " + _("Nothing has been changed."))
    else:
        try:
            services.accept_permission(request.user, permission,
                                       **form.cleaned_data)
            messages.success(request, _("%(medicine)s is accepted: doses can now be "
                                        "recorded.") % {"medicine": permission.medicine})
        except ServiceError as exc:
            messages.error(request, str(exc))
    return redirect("consents-permission", permission.uuid)


@login_required
@require_POST
def permission_decline(request, permission_uuid):
    permission = _staff_permission(request, permission_uuid)
    form = DeclinePermissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form) + " " + _("Nothing has been changed."))
    else:
        try:
            services.decline_permission(request.user, permission,
                                        **form.cleaned_data)
            messages.success(request, _("Declined. The family can see why."))
        except ServiceError as exc:
            messages.error(request, str(exc))
    return redirect("consents-permission", permission.uuid)


@login_required
@require_POST
def permission_end(request, permission_uuid):
    permission = access_permission(request, permission_uuid)
    if not can(request.user, "consents.end_medication", permission.child):
        raise PermissionDenied
    form = EndPermissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form) + " " + _("Nothing has been changed."))
        return redirect("consents-permission", permission.uuid)
    try:
        services.end_permission(request.user, permission,
                                reason=form.cleaned_data.get("reason", ""))
        messages.success(request, _("%(medicine)s will no longer be given. The "
                                    "permission and its doses stay on record.")
                         % {"medicine": permission.medicine})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("consents-permission", permission.uuid)


# --- Doses ---------------------------------------------------------------------------------

@login_required
def dose_new(request, child_uuid):
    """Staff record a dose, with a witness. Outside the permission, the form warns and needs a
    reason."""
    child = access_child(request, child_uuid, "consents.record_medication")
    form = DoseForm(_posted(request), child=child,
                    initial=dose_initial(child, request.user, request.GET))
    # Choosing a medicine fills in its permitted dose: the page is asked for again with the
    # choice, and only the dose fields are taken from it (without scripts: the links of the
    # medication pages carry the choice).
    form.fields["permission"].widget.attrs.update({
        "hx-get": request.path, "hx-trigger": "change", "hx-select": "#dose-prefill",
        "hx-target": "#dose-prefill", "hx-swap": "outerHTML"})
    if request.method == "POST" and form.is_valid():
        try:
            dose = services.record_dose(request.user, child, **form.dose_data())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            text = _("Recorded: %(medicine)s %(dose)s at %(time)s. The family is told.") % {
                "medicine": dose.medicine, "dose": dose.dose_display,
                "time": date_format(timezone.localtime(dose.given_at), "H:i")}
            if dose.possible_double_dose:
                messages.warning(request, text + " " + _(
                    "Another dose of this medicine was recorded moments before: this is "
                    "flagged as a possible double dose. Tell the manager."))
            else:
                messages.success(request, text)
            return redirect("consents-child", child.uuid)
    looked_at(request, child, What.MEDICATION)
    return render(request, "consents/dose_form.html", {"child": child, "form": form,
                                                       "dose": None})


@login_required
def dose_correct(request, dose_uuid):
    """A correction is a new entry pointing at the one it corrects, which stays on record."""
    dose = access_dose(request, dose_uuid)
    child = dose.child
    if not can(request.user, "consents.record_medication", child) or child.has_left:
        raise PermissionDenied
    if MedicationDose.objects.filter(corrects=dose).exists():
        messages.info(request, _("This record has already been corrected."))
        return redirect("consents-child", child.uuid)
    form = DoseForm(_posted(request), child=child, ignore=dose,
                    initial=dose_initial(child, request.user, request.GET,
                                         dose))
    reason_form = CorrectionReasonForm(_posted(request))
    if request.method == "POST" and reason_form.is_valid() & form.is_valid():
        try:
            services.record_dose(
                request.user, child, **form.dose_data(), corrects=dose,
                correction_reason=reason_form.cleaned_data["correction_reason"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The correction is recorded; the original stays on "
                                        "record. The family is asked to acknowledge it."))
            return redirect("consents-child", child.uuid)
    looked_at(request, child, What.MEDICATION, dose)
    return render(request, "consents/dose_form.html", {
        "child": child, "form": form, "dose": dose, "reason_form": reason_form})


# --- Possible double doses: the manager's review -------------------------------------------

@login_required
@require_GET
@require_perm("consents.review_double_doses")
def double_doses(request):
    """The manager's list of doses flagged as possible double doses (two staff recording the
    same dose at once) that nobody has reviewed, each with the other dose close to it and a
    form to mark it reviewed with a note; ``?show=reviewed``: those reviewed, with who, when
    and the note. A page at a time, a constant number of queries."""
    show_reviewed = request.GET.get("show") == "reviewed"
    doses = MedicationDose.objects.filter(setting=request.setting).select_related(
        "child", "given_by", "witnessed_by", "recorded_by", "double_dose_review__reviewed_by")
    to_review = doses.double_doses_to_review()
    if show_reviewed:
        listed = (doses.filter(possible_double_dose=True, double_dose_review__isnull=False)
                  .order_by("-double_dose_review__reviewed_at", "-id"))
    else:
        listed = to_review.order_by("-given_at", "-id")
    page = paginate(request, with_nearby_doses(listed))
    page.object_list = list(page.object_list)
    for dose in page.object_list:
        # One form per dose; ids of its own so each label belongs to its own box.
        dose.review_form = DoubleDoseReviewForm(auto_id=f"id_{dose.uuid.hex}_%s")
    looked_at_many(request, [dose.child for dose in page.object_list], What.MEDICATION)
    return render(request, "consents/double_doses.html", {
        "page": page, "show_reviewed": show_reviewed,
        "to_review_count": page.paginator.count if not show_reviewed else to_review.count(),
    })


@login_required
def dose_review(request, dose_uuid):
    """A manager marks a possible double dose as reviewed, with a note saying what they found
    (a new entry with who and when; the dose is not changed). GET shows the dose, the doses
    close to it and the form; the list page posts here too. Another setting's dose is 404;
    staff who do not manage the setting and the child's family get 403."""
    dose = access_dose(request, dose_uuid)
    if not can(request.user, "consents.review_double_doses", request.setting):
        raise PermissionDenied
    form = DoubleDoseReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_double_dose(request.user, dose, note=form.cleaned_data["note"])
        except ServiceError as exc:
            messages.error(request, str(exc))
            return redirect("consents-dose-review", dose.uuid)
        given_at = timezone.localtime(dose.given_at)
        messages.success(request, _("Reviewed: %(medicine)s for %(name)s at %(time)s on "
                                    "%(date)s. The note is kept with the record.") % {
            "medicine": dose.medicine, "name": dose.child.known_as,
            "time": date_format(given_at, "H:i"), "date": date_format(given_at, "d F")})
        return redirect("consents-double-doses")
    nearby = doses_close_to(dose)
    review = DoubleDoseReview.objects.filter(dose=dose).select_related("reviewed_by").first()
    corrected_by = MedicationDose.objects.filter(corrects=dose).first()
    looked_at(request, dose.child, What.MEDICATION, dose)
    return render(request, "consents/double_dose_review.html", {
        "dose": dose, "child": dose.child, "form": form, "nearby": list(nearby),
        "review": review, "corrected_by": corrected_by,
        "can_review": dose.possible_double_dose and review is None and corrected_by is None,
        "window": constants.DOUBLE_DOSE_MINUTES,
    })


def _acknowledge(request, record, acknowledge, redirect_to):
    """``acknowledge(cleaned_data)`` runs the service once the form is valid."""
    child = record.child
    if not can(request.user, "consents.acknowledge", child):
        raise PermissionDenied
    form = AcknowledgeForm(request.POST)
    target = "home" if request.POST.get("next") == "home" else redirect_to
    if not form.is_valid():
        messages.error(request, _errors(form) + " " + _("Nothing has been saved."))
        return redirect(target)
    try:
        acknowledge(form.cleaned_data)
        messages.success(request, _("Thank you: acknowledged."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(target)


@login_required
@require_POST
def dose_acknowledge(request, dose_uuid):
    dose = access_dose(request, dose_uuid)
    return _acknowledge(
        request, dose, lambda data: services.acknowledge_dose(request.user, dose),
        reverse("consents-child", args=[dose.child.uuid]) + "#medicines")


@login_required
@require_GET
def medication_pdf(request, child_uuid):
    """The child's medication record as a PDF: every permission and every dose, with
    corrections and acknowledgements (parents have access to all records about their
    child)."""
    child = access_child(request, child_uuid)
    permissions = (MedicationPermission.objects.filter(child=child)
                   .select_related("requested_by", "checked_by", "ended_by")
                   .order_by("requested_at"))
    doses = (doses_with_ack().filter(child=child)
             .select_related("double_dose_review__reviewed_by").order_by("given_at", "id"))
    pdf = render_pdf("pdf/consents_medication.html", {
        "setting": child.setting, "child": child, "permissions": permissions, "doses": doses,
        "title": _("Medication record: %(name)s") % {"name": child.full_name},
        "generated_at": timezone.now()})
    log_action(request.user, "medication.record_exported", child)
    looked_at(request, child, What.PDF)
    return _pdf_response(pdf, f"medication-{slugify(child.full_name)}.pdf")


def _pdf_response(pdf: bytes, filename: str):
    return download(pdf, content_type="application/pdf", filename=filename, inline=True)


# --- Accidents ---------------------------------------------------------------------------

@login_required
def accident_new(request, child_uuid):
    child = access_child(request, child_uuid, "consents.record_accident")
    kind = request.GET.get("kind")
    form = AccidentForm(_posted(request), setting=child.setting, initial={
        "happened_at": timezone.localtime().replace(second=0, microsecond=0),
        "kind": kind if kind in Accident.Kind.values else Accident.Kind.ACCIDENT,
        "first_aid_by": request.user.uuid})
    if request.method == "POST" and form.is_valid():
        try:
            accident = services.record_accident(request.user, child, form.accident_data())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            text = _("Recorded. The family is told and asked to acknowledge it.")
            if accident.serious:
                text += " " + _("It is marked serious: Ofsted must be notified within 14 days; "
                                "the manager is reminded until it is recorded as done.")
            messages.success(request, text)
            return redirect("consents-accident", accident.uuid)
    return render(request, "consents/accident_form.html", {"child": child, "form": form,
                                                           "accident": None})


@login_required
@require_GET
def accident_detail(request, accident_uuid):
    accident = access_accident(request, accident_uuid)
    child = accident.child
    original = accident.original or accident
    versions = sorted(accident_versions(original), key=lambda a: a.recorded_at)
    notification = getattr(original, "ofsted_notification", None) if accident.serious else None
    corrected_by = Accident.objects.filter(corrects=accident).first()
    looked_at(request, child, What.ACCIDENT, accident)
    return render(request, "consents/accident.html", {
        "accident": accident, "child": child, "is_staff": is_staff(request),
        "versions": versions, "corrected_by": corrected_by,
        "notification": notification,
        "acknowledgement": getattr(accident, "acknowledgement", None),
        "can_acknowledge": (corrected_by is None
                            and can(request.user, "consents.acknowledge", child)),
        "can_correct": (corrected_by is None and not child.has_left
                        and can(request.user, "consents.record_accident", child)),
        "can_notify": (accident.serious and notification is None and corrected_by is None
                       and can(request.user, "consents.notify_ofsted", request.setting)),
        "ofsted_form": OfstedForm(initial={"notified_on": timezone.localdate()}),
        "ack_form": AcknowledgeForm(),
    })


@login_required
def accident_correct(request, accident_uuid):
    accident = access_accident(request, accident_uuid)
    child = accident.child
    if not can(request.user, "consents.record_accident", child) or child.has_left:
        raise PermissionDenied
    if Accident.objects.filter(corrects=accident).exists():
        messages.info(request, _("This record has already been corrected."))
        return redirect("consents-accident", accident.uuid)
    form = AccidentForm(_posted(request), setting=child.setting,
                        initial=accident_initial(accident))
    reason_form = CorrectionReasonForm(_posted(request))
    if request.method == "POST" and reason_form.is_valid() & form.is_valid():
        try:
            new = services.record_accident(
                request.user, child, form.accident_data(), corrects=accident,
                correction_reason=reason_form.cleaned_data["correction_reason"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The correction is recorded; the original stays on "
                                        "record."))
            return redirect("consents-accident", new.uuid)
    looked_at(request, child, What.ACCIDENT, accident)
    return render(request, "consents/accident_form.html", {
        "child": child, "form": form, "accident": accident, "reason_form": reason_form})


@login_required
@require_POST
def accident_acknowledge(request, accident_uuid):
    accident = access_accident(request, accident_uuid)
    return _acknowledge(
        request, accident,
        lambda data: services.acknowledge_accident(request.user, accident,
                                                   comment=data.get("comment", "")),
        reverse("consents-accident", args=[accident.uuid]))


@login_required
@require_POST
def accident_ofsted(request, accident_uuid):
    accident = access_accident(request, accident_uuid)
    if not can(request.user, "consents.notify_ofsted", request.setting):
        raise PermissionDenied
    form = OfstedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form) + " " + _("Nothing has been saved."))
    else:
        try:
            services.record_ofsted_notification(request.user, accident,
                                                **form.cleaned_data)
            messages.success(request, _("Recorded: Ofsted has been notified. The reminders "
                                        "stop."))
        except ServiceError as exc:
            messages.error(request, str(exc))
    return redirect("consents-accident", accident.uuid)


@login_required
@require_GET
def accident_pdf(request, accident_uuid):
    accident = access_accident(request, accident_uuid)
    original = accident.original or accident
    versions = (accident_versions(original).select_related("first_aid_by", "recorded_by",
                                        "acknowledgement__acknowledged_by")
                .order_by("recorded_at"))
    pdf = render_pdf("pdf/consents_accident.html", {
        "setting": accident.setting, "child": accident.child, "accident": accident,
        "versions": versions,
        "notification": getattr(original, "ofsted_notification", None),
        "title": _("%(kind)s: %(name)s") % {"kind": accident.get_kind_display(),
                                            "name": accident.child.full_name},
        "generated_at": timezone.now()})
    log_action(request.user, "accident.record_exported", accident)
    looked_at(request, accident.child, What.PDF, accident)
    return _pdf_response(pdf, f"accident-{slugify(accident.child.full_name)}-"
                              f"{timezone.localtime(accident.happened_at):%Y-%m-%d}.pdf")

