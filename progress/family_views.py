"""What a family reads of their child's progress: the summaries shared with them, each in plain
words, and their own comment. Staff who see the child read the same pages (what the family
sees). Access: progress/permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from families.looks import What, looked_at
from progress import services
from progress.family_forms import FamilyCommentForm
from progress.models import Assessment
from progress.permissions import (
    access_assessment,
    access_progress_reader,
    may_comment,
    reads_as_staff,
)
from progress.summary import commenter_name, shared_assessments, summary_of


@login_required
@require_GET
def summaries(request: HttpRequest, child_uuid: str) -> HttpResponse:
    """The assessments of the child shared with the family, newest first: for the child's
    informed family, and for staff who see the child."""
    child, staff = access_progress_reader(request, child_uuid)  # a child who left too
    return render(request, "progress/family/summaries.html", {
        "child": child, "is_staff": staff,
        "assessments": list(shared_assessments(child))})


def _summary_page(request: HttpRequest, assessment: Assessment,
                  form: FamilyCommentForm | None = None, status: int = 200) -> HttpResponse:
    child = assessment.child
    staff = reads_as_staff(request.user, child)
    commenting = may_comment(request.user, assessment)
    if commenting and form is None:
        form = FamilyCommentForm(initial={"comment": assessment.family_comment})
    if staff:
        looked_at(request, child, What.RECORD, assessment)
    return render(request, "progress/family/summary.html", {
        "child": child, "assessment": assessment, "is_staff": staff,
        "rows": summary_of(assessment),
        "form": form if commenting else None,
        "commented_by": commenter_name(assessment),
    }, status=status)


@login_required
@require_GET
def summary(request: HttpRequest, assessment_uuid: str) -> HttpResponse:
    """One assessment in plain words, area by area: what the judgement means, the key person's
    comment, what the family can do at home, the evidence and the family's comment. A draft is
    404 to the family (``access_assessment``)."""
    return _summary_page(request, access_assessment(request, assessment_uuid))


@login_required
@require_POST
def comment(request: HttpRequest, assessment_uuid: str) -> HttpResponse:
    """The family adds (or changes) their comment on a shared assessment of their child. Staff
    who see it: 403; the comment is the family's."""
    assessment = access_assessment(request, assessment_uuid)
    if not may_comment(request.user, assessment):
        raise PermissionDenied
    form = FamilyCommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_family_comment(request.user, assessment,
                                        form.cleaned_data["comment"])
        except services.ServiceError as exc:
            form.add_error("comment", str(exc))
        else:
            messages.success(request, _("Thank you: your comment is saved. %(name)s's key "
                                        "person will read it.")
                             % {"name": assessment.child.known_as})
            return redirect("progress-summary", assessment.uuid)
    messages.error(request, _("Your comment is not saved: see below."))
    return _summary_page(request, assessment, form)
