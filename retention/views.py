"""The managers' retention pages: the schedule, legal holds, what is due, the erasure log.

Every view requires ``retention.manage`` (403 for anyone else in the setting); a hold of
another setting is 404 (``access_hold``).
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from families.access import access_child
from preschool.permissions import require_perm
from preschool.services import ServiceError
from retention import services
from retention.forms import HoldForm, LiftForm, RuleForm
from retention.models import ErasureLog, ErasureNotice, LegalHold
from retention.nightly import NOTICE_VALID_DAYS
from retention.permissions import access_hold
from retention.policy import schedule_of
from retention.schedule import BY_KEY, KEEPSAKE_NOTICE_DAYS, MANAGER_NOTICE_DAYS


@login_required
@require_perm("retention.manage")
@require_GET
def schedule(request):
    """Each record type: the default, the setting's current period, why, and the last
    reason it changed."""
    current = schedule_of(request.setting)
    return render(request, "retention/schedule.html", {"tab": "schedule",
        "periods": list(current.values()), "manager_notice_days": MANAGER_NOTICE_DAYS,
        "keepsake_notice_days": KEEPSAKE_NOTICE_DAYS})


@login_required
@require_perm("retention.manage")
@require_http_methods(["GET", "POST"])
def rule_change(request, record_type):
    if record_type not in BY_KEY:
        raise Http404
    current = schedule_of(request.setting)[record_type]
    form = RuleForm(request.POST or None, default=current.record_type.default, initial={
        "years": current.period.years, "months": current.period.months,
        "days": current.period.days})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.change_rule(request.user, request.setting, record_type, reason=data["reason"],
                             back_to_default=data["back_to_default"], years=data["years"],
                             months=data["months"], days=data["days"])
        messages.success(request, _("The period is changed. The reason is kept with it."))
        return redirect("retention-schedule")
    return render(request, "retention/rule_change.html", {
        "tab": "schedule", "form": form, "current": current})


@login_required
@require_perm("retention.manage")
@require_GET
def hold_list(request):
    holds = (LegalHold.objects.filter(setting=request.setting)
             .select_related("child", "user", "placed_by", "lifted_by")
             .order_by("lifted_at", "-placed_at"))
    page = Paginator(holds, 50).get_page(request.GET.get("page"))
    return render(request, "retention/hold_list.html", {"tab": "holds", "page": page})


@login_required
@require_perm("retention.manage")
@require_http_methods(["GET", "POST"])
def hold_new(request):
    initial = {}
    child_uuid = request.GET.get("child")
    if child_uuid:
        child = access_child(request, child_uuid, allow_left=True)
        initial = {"on": "child", "child": child.uuid}
    form = HoldForm(request.POST or None, setting=request.setting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        on = data["on"]
        services.place_hold(
            request.user, request.setting, reason=data["reason"], details=data["details"],
            child=data["child"] if on == "child" else None,
            adult=data["adult"] if on == "adult" else None,
            record_label=data["record_label"] if on == "record" else "",
            record_uuid=data.get("record_uuid", "") if on == "record" else "")
        messages.success(request, _("The hold is placed: nothing it covers is erased until "
                                    "it is lifted."))
        return redirect("retention-holds")
    return render(request, "retention/hold_new.html", {"tab": "holds", "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def hold_lift(request, hold_uuid):
    hold = access_hold(request, hold_uuid)
    if not hold.is_in_force:
        messages.info(request, _("This hold was already lifted."))
        return redirect("retention-holds")
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.lift_hold(request.user, hold, lift_reason=form.cleaned_data["lift_reason"])
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The hold is lifted."))
        return redirect("retention-holds")
    return render(request, "retention/hold_lift.html", {"tab": "holds", "form": form, "hold": hold})


@login_required
@require_perm("retention.manage")
@require_GET
def due(request):
    """The lists sent to the managers: what will be erased or anonymised, and from when."""
    today = timezone.localdate()
    since = today - timedelta(days=NOTICE_VALID_DAYS)
    notices = list(ErasureNotice.objects.filter(setting=request.setting, sent_on__gt=since)
                   .order_by("-sent_on", "record_type")[:200])
    # What is still to come first, the soonest first; then the lists whose day has passed.
    notices.sort(key=lambda n: (n.for_date < today, abs((n.for_date - today).days)))
    current = schedule_of(request.setting)
    for notice in notices:
        notice.period = current[notice.record_type]
    return render(request, "retention/due.html", {
        "tab": "due", "notices": notices, "manager_notice_days": MANAGER_NOTICE_DAYS})


@login_required
@require_perm("retention.manage")
@require_GET
def erasure_log(request):
    entries = ErasureLog.objects.filter(setting=request.setting).order_by("-run_at", "-pk")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "retention/erasure_log.html", {"tab": "log", "page": page})

