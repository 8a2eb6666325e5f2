"""The key person's progress pages: their caseload at the current point, a child's progress
over time, and recording an assessment (docs/architecture.md, "Progress").

Every view starts with an access helper (progress.permissions): 404 for what the person may
not see, 403 for what they see but may not change. These pages are for staff: a family
reads their child's summary on pages of their own, and gets 404 here.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from families.access import access_child
from families.models import Child
from preschool.permissions import require_perm
from progress import record_reads, services
from progress.models import Assessment, Judgement, JudgementEvidence
from progress.permissions import access_assessment, may
from progress.points import current_point, points_of
from progress.record_forms import AssessmentForm, StartForm, judgement_forms
from progress.services import ServiceError


def _staff_child(request, child_uuid) -> Child:
    """A child of the setting for its staff; 404 for anyone else (a family too)."""
    child = access_child(request, child_uuid)
    if not may(request.user, "progress.view_child", child):
        raise Http404
    return child


def _staff_assessment(request, assessment_uuid, *, for_change: bool = False) -> Assessment:
    assessment = access_assessment(request, assessment_uuid, for_change=for_change)
    if not may(request.user, "progress.view_child", assessment.child):
        raise Http404
    return assessment


def _may_record(request, child: Child) -> bool:
    return not child.has_left and may(request.user, "progress.record", child)


@login_required
@require_GET
@require_perm("progress.view_caseload")
def caseload(request):
    """The current point, and the children of the person's caseload not yet assessed at it
    (and those due on entry); a manager's caseload is every child on roll."""
    membership = request.membership
    return render(request, "progress/record/caseload.html", {
        **record_reads.caseload_page(request.setting, membership),
        "is_manager": membership.can_manage_setting,
        "can_manage_options": may(request.user, "progress.manage_options", request.setting)})


@login_required
@require_GET
def child_progress(request, child_uuid):
    """A child's progress over time per area, their assessments, and (for those who record
    it) the form that starts the assessment of a point."""
    child = _staff_child(request, child_uuid)
    context = record_reads.child_progress(child)
    may_record = _may_record(request, child)
    points = points_of(request.setting) if may_record else []
    return render(request, "progress/record/child.html", {
        **context, "child": child, "may_record": may_record, "points": points,
        "current": current_point(points, timezone.localdate())})


@login_required
@require_POST
def start(request, child_uuid):
    """Start (or open) the child's assessment at the point chosen, prefilled from the last."""
    child = _staff_child(request, child_uuid)
    if not _may_record(request, child):
        raise PermissionDenied
    form = StartForm(request.POST, points=points_of(request.setting))
    if not form.is_valid():
        for error in form.errors.get("point", []):
            messages.error(request, error)
        return redirect("progress-child", child.uuid)
    try:
        assessment = services.start_assessment(request.user, child, form.cleaned_data["point"])
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("progress-child", child.uuid)
    return redirect("progress-assessment-edit", assessment.uuid)


def _judgements(assessment: Assessment) -> tuple[list[Judgement], dict[int, list[int]]]:
    """The assessment's judgements and, by judgement, the ids of its evidence (two
    queries)."""
    judgements = list(assessment.judgements.select_related("area", "aspect", "band"))
    evidence: dict[int, list[int]] = {}
    for judgement_id, observation_id in JudgementEvidence.objects.filter(
            judgement__assessment=assessment).values_list("judgement_id", "observation_id"):
        evidence.setdefault(judgement_id, []).append(observation_id)
    return judgements, evidence


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, assessment_uuid):
    """The phone-friendly form: a card an area (and aspect), prefilled, with the child's recent
    observations and the setting's statements beside it. "Save draft", or "Save and share"
    (a correction, once shared: every change is in the audit trail)."""
    assessment = _staff_assessment(request, assessment_uuid, for_change=True)
    child = assessment.child
    judgements, evidence = _judgements(assessment)
    observations = record_reads.recent_observations(child, assessment)
    ranges = (list(assessment.framework.bands.order_by("order"))
              if assessment.framework.uses_ranges else None)
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm(data, initial={"assessed_on": assessment.assessed_on})
    forms = judgement_forms(judgements, data, observations, evidence, ranges)
    sharing = request.POST.get("action") == "share"
    if data is not None and form.is_valid() and all(f.is_valid() for f in forms):
        was_shared = assessment.is_shared
        try:
            services.save_assessment(request.user, assessment, [f.as_input() for f in forms],
                                     assessed_on=form.cleaned_data["assessed_on"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if was_shared:
                messages.success(request, _("The correction is saved and recorded."))
                return redirect("progress-assessment", assessment.uuid)
            if not sharing:
                messages.success(request, _("The assessment is saved as a draft."))
                return redirect("progress-assessment-edit", assessment.uuid)
            try:
                services.share_assessment(request.user, assessment)
            except ServiceError as exc:
                form.add_error(None, _("Your changes are saved as a draft, not shared yet. "
                                       "%(reason)s") % {"reason": exc})
            else:
                messages.success(request, _("The assessment is shared with %(name)s's family.")
                                 % {"name": child.known_as})
                return redirect("progress-assessment", assessment.uuid)
    elif data is not None:
        form.add_error(None, _("Nothing is saved yet: correct what is marked below."))
    found = record_reads.statements(assessment)
    cards = [{"form": f, "observations": observations.get(f.judgement.area_id, []),
              "statements": record_reads.statements_for(
                  found, f.judgement, assessment.band_id or f.judgement.band_id)}
             for f in forms]
    return render(request, "progress/record/edit.html", {
        "assessment": assessment, "child": child, "form": form, "cards": cards,
        "uses_ranges": ranges is not None})


@login_required
@require_GET
def assessment(request, assessment_uuid):
    """An assessment read-only, for staff: each judgement, its comment and evidence, the
    family's comment."""
    found = _staff_assessment(request, assessment_uuid)
    judgements = list(found.judgements.select_related("area", "aspect", "band")
                      .prefetch_related("evidence"))
    missing = [j for j in judgements
               if not j.status or (found.framework.uses_ranges and not j.band_id)]
    return render(request, "progress/record/assessment.html", {
        "assessment": found, "child": found.child, "judgements": judgements,
        "missing": missing, "can_record": _may_record(request, found.child)})


@login_required
@require_POST
def share(request, assessment_uuid):
    found = _staff_assessment(request, assessment_uuid, for_change=True)
    try:
        services.share_assessment(request.user, found)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The assessment is shared with %(name)s's family.")
                         % {"name": found.child.known_as})
    return redirect("progress-assessment", found.uuid)
