"""The adult's right to erasure: requests, what would be erased and kept, processing.

Every view starts with an access helper of ``retention.adult_permissions``: managers of the
setting only; another setting's person or request answers 404.
"""

from datetime import date

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from preschool.permissions import parse_uuid, require_perm
from preschool.services import ServiceError
from retention import adults
from retention.adult_forms import RequestForm
from retention.adult_permissions import access_adult, access_erasure
from retention.schedule import BY_KEY


@login_required
@require_http_methods(["GET"])
@require_perm("retention.process_adult_erasure")
def erasure_list(request):
    """The setting's requests, and a choice of person to record a new one for."""
    people = adults.people_of(request.setting).order_by("full_name")
    chosen = request.GET.get("person")
    if chosen:
        person = people.filter(uuid=parse_uuid(chosen)).first()
        if person is None:
            raise Http404
        return redirect("retention-adult-erasure-new", user_uuid=person.uuid)
    erasures = (adults.AdultErasure.objects.filter(setting=request.setting)
                .select_related("user", "processed_by")[:200])
    return render(request, "retention/adults/list.html", {
        "erasures": erasures, "people": people.only("uuid", "full_name")})


@login_required
@require_http_methods(["GET", "POST"])
def erasure_new(request, user_uuid):
    person = access_adult(request, user_uuid)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erasure = adults.record_request(request.user, request.setting, person,
                                        received_at=form.cleaned_data["received_at"],
                                        received_how=form.cleaned_data["received_how"])
        messages.success(request, _("The request is recorded. Check what will be kept, then "
                                    "process it."))
        return redirect("retention-adult-erasure-detail", erasure_uuid=erasure.uuid)
    return render(request, "retention/adults/new.html", {
        "person": person, "form": form, "plan": adults.plan_for(person, request.setting)})


@login_required
@require_http_methods(["GET"])
def erasure_detail(request, erasure_uuid):
    erasure = access_erasure(request, erasure_uuid)
    plan = adults.plan_for(erasure.user, request.setting) if erasure.is_pending else None
    kept = [{"label": BY_KEY[row["type"]].label, "why": BY_KEY[row["type"]].why,
             "count": row["count"],
             "until": date.fromisoformat(row["until"]) if row.get("until") else None}
            for row in erasure.kept if row.get("type") in BY_KEY]
    return render(request, "retention/adults/detail.html", {
        "erasure": erasure, "plan": plan, "kept": kept})


@login_required
@require_POST
def erasure_process(request, erasure_uuid):
    erasure = access_erasure(request, erasure_uuid)  # before the password: 404 and 403 first
    return _process(request, erasure)


@reauthentication_required
def _process(request, erasure):
    try:
        adults.process(request.user, erasure)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done. The person has been told by email what was "
                                    "erased and what is kept."))
    return redirect("retention-adult-erasure-detail", erasure_uuid=erasure.uuid)
