"""The bulk-access alarm's pages: the alerts (open and closed), one alert with what was read
and the manager's decision, and the setting's privacy options.

Every view starts with ``require_perm`` or ``access_alert`` (privacy/alarm_permissions.py),
whose docstring states the rule.
"""

from dataclasses import dataclass, field
from datetime import datetime

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from families.models import RecordView
from preschool.permissions import require_perm
from preschool.services import ServiceError
from privacy import services
from privacy.alarm_permissions import access_alert
from privacy.forms import DecisionForm, OptionsForm
from privacy.models import AccessAlert, PrivacyOptions

PER_PAGE = 25
# The looks shown on an alert's page at most (a scraping script may have made thousands).
LOOKS_SHOWN = 2000


@login_required
@require_GET
@require_perm("privacy.review_alerts")
def alert_list(request):
    """Every alert of the setting, open ones first, 25 a page: two queries."""
    alerts = (AccessAlert.objects.for_setting(request.setting)
              .select_related("membership__user", "closed_by")
              .annotate(is_closed=Case(When(closed_at__isnull=True, then=Value(0)),
                                       default=Value(1), output_field=IntegerField()))
              .order_by("is_closed", "-raised_at", "-id"))
    page = Paginator(alerts, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "privacy/alarm_list.html", {"page": page})


@dataclass
class ChildRead:
    """What the person read of one child in the alert's episode."""

    name: str
    whats: list[str] = field(default_factory=list)
    looks: int = 0
    first: datetime | None = None
    last: datetime | None = None


@dataclass
class Place:
    """Where from a family account was used: one session and address."""

    session: str
    address: str
    looks: int = 0
    first: datetime | None = None
    last: datetime | None = None


def _looks(alert: AccessAlert):
    """The person's looks in the alert's episode, oldest first: one query."""
    until = alert.closed_at or timezone.now()
    return (RecordView.objects.filter(setting=alert.setting, viewer=alert.membership.user_id,
                                      at__gte=alert.looks_since, at__lte=until)
            .select_related("child").only("at", "what", "session_hash", "ip_address",
                                          "child__first_name", "child__preferred_name",
                                          "child__last_name")
            .order_by("at", "id")[:LOOKS_SHOWN])


def _children_read(looks) -> list[ChildRead]:
    labels = dict(RecordView.What.choices)
    by_child: dict[int | None, ChildRead] = {}
    for look in looks:
        child = look.child
        name = f"{child.known_as} {child.last_name}" if child else _(
            "A record of no child")
        row = by_child.setdefault(look.child_id, ChildRead(name=name, first=look.at))
        label = str(labels.get(look.what, look.what))
        if label not in row.whats:
            row.whats.append(label)
        row.looks += 1
        row.last = look.at
    return list(by_child.values())


def _places(looks) -> list[Place]:
    by_place: dict[tuple[str, str], Place] = {}
    for look in looks:
        key = (look.session_hash, look.ip_address or "")
        row = by_place.setdefault(key, Place(session=key[0][:8], address=key[1], first=look.at))
        row.looks += 1
        row.last = look.at
    return list(by_place.values())


@login_required
@require_GET
def alert_detail(request, alert_uuid):
    """One alert: who, when, the children counted and what was read (or the places a family
    account was used from), and the decision to take. Three queries of its own."""
    alert = access_alert(request, alert_uuid)
    return render(request, "privacy/alarm_detail.html",
                  _detail_context(request, alert, DecisionForm()))


def _detail_context(request, alert: AccessAlert, form: DecisionForm) -> dict:
    """The alert's page: what was read, and the decisions it offers (none about oneself)."""
    looks = list(_looks(alert))
    is_places = alert.kind == AccessAlert.Kind.MANY_PLACES
    membership = alert.membership
    own = membership.user_id == request.user.pk
    return {
        "alert": alert, "person": membership.user, "membership": membership, "form": form,
        "children": [] if is_places else _children_read(looks),
        "places": _places(looks) if is_places else [],
        "looks_cut": len(looks) >= LOOKS_SHOWN, "looks_shown": LOOKS_SHOWN,
        "own_alert": own,
        "can_resume": not own and services.can_resume(alert),
        "can_keep_paused": not own and alert.is_open and membership.paused_at is not None,
        "can_end": not own and alert.is_open and membership.is_active,
    }


@login_required
@require_POST
def alert_decide(request, alert_uuid):
    """Resume the person's access, keep it paused, or end their membership, with a note."""
    alert = access_alert(request, alert_uuid)
    form = DecisionForm(request.POST)
    if form.is_valid():
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        name = alert.membership.user.full_name
        try:
            if action == DecisionForm.RESUME:
                was_paused = alert.membership.paused_at is not None
                services.resume_access(request.user, alert, note)
                if was_paused:
                    messages.success(request, _("%(name)s's access is resumed.")
                                     % {"name": name})
                else:
                    messages.success(request, _("The alert is closed."))
            elif action == DecisionForm.KEEP_PAUSED:
                services.keep_paused(request.user, alert, note)
                messages.success(request, _("%(name)s's access stays paused.") % {"name": name})
            else:
                services.end_membership_after_alert(request.user, alert, note)
                messages.success(request, _("%(name)s no longer has access to %(setting)s. "
                                            "Their records are kept.")
                                 % {"name": name, "setting": request.setting})
            return redirect(alert.get_absolute_url())
        except ServiceError as exc:
            form.add_error(None, str(exc))
    alert = access_alert(request, alert_uuid)  # as it is now: nothing was changed
    return render(request, "privacy/alarm_detail.html", _detail_context(request, alert, form),
                  status=400)


@login_required
@require_perm("privacy.change_options")
@reauthentication_required
def options(request):
    """The alarm's window and thresholds, and whether families see staff's names. Behind a
    fresh sign-in: raising the thresholds would quieten the alarm."""
    current = PrivacyOptions.of(request.setting)
    form = OptionsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.update_options(request.user, request.setting, form.cleaned_data)
        messages.success(request, _("The privacy options are saved."))
        return redirect("privacy-options")
    return render(request, "privacy/alarm_options.html", {"form": form},
                  status=400 if form.errors else 200)
