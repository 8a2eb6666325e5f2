from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from preschool.adapters import INVITATION_SESSION_KEY
from preschool.devices import session_reference
from preschool.forms import AuditFilterForm, InvitationForm, MembershipForm, ProfileForm
from preschool.middleware import SESSION_KEY
from preschool.models import AuditEvent, Invitation, Membership
from preschool.permissions import (
    access_invitation,
    access_membership,
    require_perm,
)
from preschool.registry import home_context, home_sections
from preschool.services import (
    ServiceError,
    accept_invitation,
    end_membership,
    invite_person,
    resend_invitation,
    revoke_invitation,
    update_membership,
)


@login_required
@require_GET
def home(request):
    """Each role's home page; people with no setting see how to get one."""
    membership, setting = request.membership, request.setting
    if membership is None:
        return render(request, "preschool/home_no_setting.html")
    context = home_context(request)  # the children: families' part of the page
    if membership.can_manage_staff:
        people = Membership.objects.for_setting(setting).active()
        context["staff_count"] = people.staff().count()
        context["family_count"] = people.count() - context["staff_count"]
        context["pending_invitations"] = Invitation.objects.pending().filter(
            setting=setting).count()
    sections = home_sections(request)
    context["sections"] = sections
    # Staff homes lead with what needs the person today, then what only informs.
    context["attention_sections"] = [s for s in sections if s.needs_attention]
    context["quiet_sections"] = [s for s in sections if not s.needs_attention]
    return render(request, membership.home_template, context)


@login_required
@require_POST
def switch_setting(request):
    """Make another of the person's settings the current one."""
    wanted = request.POST.get("setting", "")
    membership = next((m for m in request.memberships if str(m.setting.uuid) == wanted), None)
    if membership is None:
        messages.error(request, _("You do not belong to that setting."))
    else:
        request.session[SESSION_KEY] = str(membership.setting.uuid)
        messages.success(request, _("You are now working in %(setting)s.")
                         % {"setting": membership.setting})
    return redirect("home")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your details and preferences are saved."))
        return redirect("profile")
    return render(request, "preschool/profile.html", {"form": form})


@login_required
@require_POST
def session_sign_out(request, reference: str):
    """Sign one of the person's other sessions out, from "Your devices and sessions"
    (allauth's page). Only the person's own sessions, and not this one (signing out here is
    the menu's "Sign out"): anything else answers 404 and nothing changes."""
    from allauth.usersessions.adapter import get_adapter
    from allauth.usersessions.models import UserSession

    others = (UserSession.objects.filter(user=request.user)
              .exclude(session_key=request.session.session_key))
    session = next((s for s in others if session_reference(s.session_key) == reference), None)
    if session is None:
        raise Http404
    get_adapter().end_sessions([session])
    messages.success(request, _("That device is signed out."))
    return redirect("usersessions_list")


@login_required
@require_GET
@require_perm("preschool.manage_staff")
def people_list(request):
    """Everyone in the current setting, and the invitations sent."""
    memberships = (Membership.objects.for_setting(request.setting).active()
                   .select_related("user").order_by("role", "user__full_name"))
    staff = [m for m in memberships if m.is_staff_member]
    families = [m for m in memberships if not m.is_staff_member]
    invitations = (Invitation.objects.filter(setting=request.setting)
                   .select_related("invited_by").order_by("-created_at")[:100])
    former = (Membership.objects.for_setting(request.setting).filter(ended_at__isnull=False)
              .select_related("user").order_by("-ended_at")[:50])
    return render(request, "preschool/people_list.html", {
        "staff": staff, "families": families, "invitations": invitations, "former": former,
    })


@login_required
@require_perm("preschool.invite_people")
def invite(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_person(request.user, request.setting,
                                       **form.cleaned_data)
        except ServiceError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("Invitation sent to %(email)s. The link works once and "
                                        "expires in a week.") % {"email": invitation.email})
            return redirect("people-list")
    return render(request, "preschool/invite.html", {"form": form})


@login_required
@require_POST
def invitation_resend(request, invitation_uuid):
    invitation = access_invitation(request, invitation_uuid)
    try:
        resend_invitation(request.user, invitation)
        messages.success(request, _("Invitation sent again to %(email)s.")
                         % {"email": invitation.email})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("people-list")


@login_required
@require_POST
def invitation_revoke(request, invitation_uuid):
    invitation = access_invitation(request, invitation_uuid)
    try:
        revoke_invitation(request.user, invitation)
        messages.success(request, _("The invitation to %(email)s was withdrawn; its link no "
                                    "longer works.") % {"email": invitation.email})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("people-list")


@login_required
def membership_edit(request, membership_uuid):
    membership = access_membership(request, membership_uuid)
    form = MembershipForm(request.POST or None, instance=Membership.objects.get(pk=membership.pk))
    if request.method == "POST" and form.is_valid():
        try:
            update_membership(request.user, membership,
                              **{f: form.cleaned_data[f] for f in form.Meta.fields})
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s's role is saved.") % {"name": membership.user})
            return redirect("people-list")
    return render(request, "preschool/membership_edit.html",
                  {"form": form, "membership": membership})


@login_required
@require_POST
def membership_end(request, membership_uuid):
    membership = access_membership(request, membership_uuid)
    try:
        end_membership(request.user, membership)
        messages.success(request, _("%(name)s no longer has access to %(setting)s. Their "
                                    "records are kept.")
                         % {"name": membership.user, "setting": request.setting})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("people-list")


@never_cache
def invitation_accept(request, token):
    """Open an invitation link: join the setting, creating an account if needed.

    A forged link is 404; an expired, used or withdrawn one explains itself (410) and
    changes nothing.
    """
    invitation = Invitation.from_token(token)
    if invitation is None:
        return render(request, "preschool/invitation_invalid.html", status=404)
    if not invitation.is_usable:
        return render(request, "preschool/invitation_invalid.html",
                      {"invitation": invitation}, status=410)
    if not request.user.is_authenticated:
        from preschool.models import User

        if User.objects.filter(email__iexact=invitation.email).exists():
            login_url = reverse("account_login") + "?next=" + request.path
            return render(request, "preschool/invitation_sign_in.html",
                          {"invitation": invitation, "login_url": login_url})
        # New account: allauth's sign-up page, opened for this invitation only. The address is
        # proven by the link, so it counts as verified.
        request.session[INVITATION_SESSION_KEY] = str(invitation.uuid)
        from allauth.account.adapter import get_adapter

        get_adapter(request).stash_verified_email(request, invitation.email)
        return redirect("account_signup")
    if request.user.email.lower() != invitation.email.lower():
        return render(request, "preschool/invitation_wrong_account.html",
                      {"invitation": invitation}, status=403)
    if request.method == "POST":
        try:
            accept_invitation(request.user, invitation)
        except ServiceError as exc:
            messages.error(request, str(exc))
            return redirect("home")
        request.session[SESSION_KEY] = str(invitation.setting.uuid)
        if hasattr(request.user, "_active_memberships"):
            del request.user._active_memberships
        messages.success(request, _("Welcome to %(setting)s.") % {"setting": invitation.setting})
        return redirect("home")
    return render(request, "preschool/invitation_accept.html", {"invitation": invitation})


@login_required
@require_GET
@require_perm("preschool.view_audit_log")
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.filter(setting=request.setting)
    if form.is_valid():
        if form.cleaned_data["date_from"]:
            events = events.filter(created_at__date__gte=form.cleaned_data["date_from"])
        if form.cleaned_data["date_to"]:
            events = events.filter(created_at__date__lte=form.cleaned_data["date_to"])
        if form.cleaned_data["action"]:
            events = events.filter(action__icontains=form.cleaned_data["action"])
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "preschool/audit_log.html",
                  {"form": form, "page": page, "query": query.urlencode()})


@require_GET
@never_cache
def healthz(request):
    """Database and broker state, for load balancers and monitoring."""
    from django.conf import settings

    state = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        state["database"] = "unavailable"
    if settings.CELERY_TASK_ALWAYS_EAGER:
        state["broker"] = "not configured: tasks run in-process"
    else:
        from preschool.celery import app

        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
        except Exception:
            state["broker"] = "unavailable"
    healthy = state["database"] == "ok" and state["broker"] != "unavailable"
    return JsonResponse({"status": "ok" if healthy else "unhealthy", **state},
                        status=200 if healthy else 503)
