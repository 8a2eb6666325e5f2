"""The managers' pages of how progress is assessed: the framework, the assessment points and
the setting's own statements (rule ``progress.manage_options``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preschool.permissions import require_perm
from progress import services
from progress.models import AssessmentPoint, ProgressOptions, SettingStatement
from progress.options_forms import OptionsForm, PointForm, StatementForm
from progress.permissions import access_point, access_statement


@login_required
@require_perm("progress.manage_options")
def options(request):
    """The framework and the detail asked for, with the points and statements listed."""
    current = ProgressOptions.of(request.setting)
    form = OptionsForm(request.POST or None, initial={
        "framework": current.framework, "judge_aspects": current.judge_aspects})
    if request.method == "POST" and form.is_valid():
        services.save_options(request.user, request.setting,
                              framework=form.cleaned_data["framework"],
                              judge_aspects=form.cleaned_data["judge_aspects"])
        messages.success(request, _("How progress is assessed is saved."))
        return redirect("progress-options")
    points = list(AssessmentPoint.objects.for_setting(request.setting)
                  .filter(retired_at__isnull=True))
    statements = list(SettingStatement.objects.filter(
        setting=request.setting, framework=current.framework, retired_at__isnull=True)
        .select_related("area", "aspect", "band"))
    return render(request, "progress/options/options.html", {
        "form": form, "current": current, "points": points, "statements": statements,
        "frameworks": form.fields["framework"].queryset})


def _point_form_page(request, form, point=None):
    return render(request, "progress/options/point_form.html", {"form": form, "point": point})


@login_required
@require_perm("progress.manage_options")
def point_new(request):
    form = PointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_point(request.user, request.setting, kind=data["kind"],
                               name=data["name"], starts_on=data["starts_on"],
                               ends_on=data["ends_on"])
        except services.ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The point \"%(name)s\" is added.")
                             % {"name": data["name"]})
            return redirect("progress-options")
    return _point_form_page(request, form)


@login_required
def point_edit(request, point_uuid):
    point = access_point(request, point_uuid)
    form = PointForm(request.POST or None, editing=point, initial={
        "kind": point.kind, "name": point.name, "starts_on": point.starts_on,
        "ends_on": point.ends_on})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_point(request.user, point, name=data["name"],
                                  starts_on=data["starts_on"], ends_on=data["ends_on"])
        except services.ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The point is saved."))
            return redirect("progress-options")
    return _point_form_page(request, form, point)


@login_required
@require_POST
def point_retire(request, point_uuid):
    point = access_point(request, point_uuid)
    services.retire_point(request.user, point)
    messages.success(request, _("\"%(name)s\" is no longer used. Its assessments are kept.")
                     % {"name": point.name})
    return redirect("progress-options")


@login_required
@require_perm("progress.manage_options")
def statement_new(request):
    current = ProgressOptions.of(request.setting)
    form = StatementForm(request.POST or None, framework=current.framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_statement(request.user, request.setting, area=data["area"],
                                   aspect=data["aspect"], band=data["band"], text=data["text"])
        except services.ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The statement is added."))
            return redirect("progress-options")
    return render(request, "progress/options/statement_form.html", {
        "form": form, "current": current})


@login_required
@require_POST
def statement_retire(request, statement_uuid):
    statement = access_statement(request, statement_uuid)
    services.retire_statement(request.user, statement)
    messages.success(request, _("The statement is no longer shown."))
    return redirect("progress-options")
