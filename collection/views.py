"""Collectors, collection passwords, signing out at the door, and late collections.

Views start with an access helper (collection.permissions) whose docstring states the rule. The
collection password is never put in a page, a message, a log or the session: the form that
takes it is a sensitive action (re-authentication first, and a lapsed POST is dropped rather
than kept), and the views that take one mark it as sensitive for Django's error reports.
"""

from datetime import timedelta

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_POST

from attendance.models import AttendanceRecord, AttendanceSettings
from attendance.rows import register_url, render_row
from collection import services
from collection.forms import CollectorForm, PasswordCheckForm, PasswordForm, SignOutForm
from collection.models import CollectionPassword, LateCollection, PasswordAttempt
from collection.permissions import (
    access_collector,
    access_collector_photo,
    access_password,
    access_record_for_sign_out,
    sensitive_action,
)
from families.access import access_child
from families.looks import What, looked_at
from preschool.lib.downloads import stored_file
from preschool.permissions import require_perm
from preschool.services import ServiceError

# --- The child's collectors and passwords ------------------------------------------------------


@login_required
@require_GET
def child_page(request, child_uuid):
    """Who may collect the child, the collection passwords set (never the passwords), and late
    collections. Staff also see who must not collect."""
    child = access_child(request, child_uuid)
    is_staff = request.membership.can_record_attendance
    today = timezone.localdate()
    allowed, refused, _password = services.collectors_for(child, day=today,
                                                          with_password=False)
    passwords = (CollectionPassword.objects.filter(child=child, for_date__gte=today)
                 .select_related("set_by").order_by("for_date", "-set_at"))
    if not is_staff:
        # A family member sees who may collect; restrictions are staff-only.
        refused = []
    if any(getattr(adult, "restriction", "") for adult in refused):
        looked_at(request, child, What.RESTRICTION)
    return render(request, "collection/child.html", {
        "child": child, "allowed": allowed, "refused": refused, "is_staff": is_staff,
        "passwords": passwords,
        "late": LateCollection.objects.filter(child=child).select_related("record")[:10],
        "can_manage": rules.has_perm("collection.manage_collectors", request.user, child),
        "can_set_password": rules.has_perm("collection.set_password", request.user, child),
    })


@login_required
def collector_new(request, child_uuid):
    child = access_child(request, child_uuid, "collection.manage_collectors")
    form = CollectorForm(request.POST or None, request.FILES or None, child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            collector = services.add_collector(
                request.user, child, name=data["name"], relationship=data["relationship"],
                phone=data["phone"], photo=data.get("photo_upload"),
                child_adult=data["child_adult"])
        except ValidationError as exc:
            form.add_error("photo_upload", exc)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s may now collect %(child)s.")
                             % {"name": collector.name, "child": child.known_as})
            return redirect("collection-child", child.uuid)
    return render(request, "attendance/form_page.html", {
        "form": form, "multipart": True,
        "title": _("Someone who may collect %(child)s") % {"child": child.known_as},
        "intro": _("Staff will release %(child)s to them. They may be asked for identification "
                   "the first time.") % {"child": child.known_as},
        "crumbs": [(child.full_name, child.get_absolute_url()),
                   (_("Collection"), reverse("collection-child", args=[child.uuid]))],
        "cancel_url": reverse("collection-child", args=[child.uuid]), "submit": _("Add")})


@login_required
@require_POST
def collector_remove(request, child_uuid, collector_uuid):
    child = access_child(request, child_uuid, "collection.manage_collectors")
    collector = access_collector(request, child, collector_uuid)
    try:
        services.remove_collector(request.user, collector)
        messages.success(request, _("%(name)s may no longer collect %(child)s.")
                         % {"name": collector.name, "child": child.known_as})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("collection-child", child.uuid)


@login_required
@require_GET
def collector_photo(request, collector_uuid):
    """A collector's photo, for those who may see the child (404 for anyone else)."""
    collector = access_collector_photo(request, collector_uuid)
    return stored_file(collector.photo, content_type="image/jpeg",
                       cache_control="private, max-age=3600")


@login_required
@sensitive_post_parameters("password", "password_again")
def password_new(request, child_uuid):
    """A parent sets the password for an adult unknown to staff (after re-authenticating)."""
    child = access_child(request, child_uuid, "collection.set_password")
    return _password_form(request, child)


@sensitive_action
def _password_form(request, child):
    form = PasswordForm(request.POST or None,
                        initial={"for_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            password = services.set_password(
                request.user, child, for_date=data["for_date"],
                collector_name=data["collector_name"], relationship=data["relationship"],
                password=data["password"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _(
                "The password is set for %(name)s on %(day)s. We will not show it again: staff "
                "will ask them for it and tell you when it is used.") % {
                "name": password.collector_name,
                "day": date_format(password.for_date, "l j E")})
            return redirect("collection-child", child.uuid)
    return render(request, "attendance/form_page.html", {
        "form": form,
        "title": _("A collection password for %(child)s") % {"child": child.known_as},
        "intro": _("When an adult the staff do not know will collect %(child)s, give their "
                   "name and choose a password to tell them. Staff will ask them for it at the "
                   "door and we will tell you when it is used. It works only on the day you "
                   "choose.") % {"child": child.known_as},
        "crumbs": [(child.full_name, child.get_absolute_url()),
                   (_("Collection"), reverse("collection-child", args=[child.uuid]))],
        "cancel_url": reverse("collection-child", args=[child.uuid]),
        "submit": _("Set the password")})


@login_required
@require_POST
def password_cancel(request, password_uuid):
    password = access_password(request, password_uuid)
    try:
        services.cancel_password(request.user, password)
        messages.success(request, _("The password for %(name)s is cancelled.")
                         % {"name": password.collector_name})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("collection-child", password.child.uuid)


# --- At the door -------------------------------------------------------------------------------

def _panel(request, record, *, check=None, error="", refusal="", form=None, inline=None):
    """What staff see when signing a child out: who may collect (with photos), who must not,
    the day's password and its checks, and whether this is a late collection."""
    child = record.child
    now = timezone.now()
    allowed, refused, password = services.collectors_for(child, day=record.date)
    wrong = 0
    if password is not None:
        wrong = PasswordAttempt.objects.filter(
            child=child, for_date=record.date, result=PasswordAttempt.Result.NO_MATCH,
            tried_at__gt=now - timedelta(minutes=services.LOCK_MINUTES)).count()
    session_end = record.session_end()
    return {
        "record": record, "child": child, "allowed": allowed, "refused": refused,
        "password": password, "check": check, "error": error, "refusal": refusal,
        "locked": wrong >= services.MAX_WRONG_ATTEMPTS,
        "remaining": max(services.MAX_WRONG_ATTEMPTS - wrong, 0),
        "late": session_end is not None and now > session_end,
        "session_end": timezone.localtime(session_end) if session_end else None,
        "procedure": (AttendanceSettings.of(request.setting).non_collection_procedure
                      if session_end and now > session_end else ""),
        "form": form or SignOutForm(), "check_form": PasswordCheckForm(),
        "inline": request.htmx if inline is None else inline,
    }


def _after(request, record, *, panel=None, error="", notice=""):
    """The answer to a sign-out or a password check: the register row for htmx, else the
    sign-out page again or the register."""
    if request.htmx:
        # Just signed out: the row shows this visit.
        return render_row(request, record.child, error=error, notice=notice, panel=panel,
                          records=None if panel else {record.child_id: [record]})
    if panel is not None:
        return render(request, "collection/sign_out.html", panel)
    if notice:
        messages.success(request, notice)
    return redirect(register_url(record.room) if record.room else "attendance-index")


@login_required
def sign_out(request, record_uuid):
    """Sign a child out: who is collecting? Only an authorised collector, or the adult named
    with a password staff have checked; a restricted adult is refused."""
    record = access_record_for_sign_out(request, record_uuid)
    if not record.is_open:
        message = _("%(child)s is not signed in.") % {"child": record.child.known_as}
        if request.htmx:
            return render_row(request, record.child, error=message)
        messages.error(request, message)
        return redirect(register_url(record.room) if record.room else "attendance-index")
    if request.method != "POST":
        template = "collection/_panel.html" if request.htmx else "collection/sign_out.html"
        return render(request, template, _panel(request, record))
    form = SignOutForm(request.POST)
    if not form.is_valid():
        return _after(request, record, panel=_panel(request, record, form=form,
                                                    error=_("Choose who is collecting.")))
    try:
        services.sign_out(request.user, record, token=form.cleaned_data["collector"],
                          late_reason=form.cleaned_data["late_reason"])
    except services.CollectionRefused as exc:
        return _after(request, record, panel=_panel(request, record, form=form,
                                                    refusal=str(exc)))
    except ServiceError as exc:
        return _after(request, record, panel=_panel(request, record, form=form,
                                                    error=str(exc)))
    return _after(request, record,
                  notice=_("%(child)s went home with %(name)s at %(time)s.") % {
                      "child": record.child.known_as, "name": record.collected_by,
                      "time": f"{timezone.localtime(record.signed_out_at):%H:%M}"})


@login_required
@require_POST
@sensitive_post_parameters("attempt")
def password_check(request, record_uuid):
    """Staff type what the adult says; the answer is match or no match, never the password.
    Wrong answers are limited (collection.services.check_password)."""
    record = access_record_for_sign_out(request, record_uuid)
    form = PasswordCheckForm(request.POST)
    if not record.is_open:
        context = _panel(request, record, error=_("%(child)s is not signed in.")
                         % {"child": record.child.known_as})
    elif not form.is_valid():
        context = _panel(request, record, error=_("Type the password the adult says."))
    else:
        result = services.check_password(request.user, record.child,
                                         form.cleaned_data["attempt"])
        context = _panel(request, record, check=result)
    if request.htmx:
        return render(request, "collection/_panel.html", context)
    return render(request, "collection/sign_out.html", {**context, "inline": False})


# --- Late collection --------------------------------------------------------------------------

@login_required
@require_GET
@require_perm("collection.sign_out")
def late(request):
    """Children still here after their session, the setting's non-collection procedure, and
    the late collections of the last weeks."""
    now = timezone.now()
    today = timezone.localdate(now)
    policy = AttendanceSettings.of(request.setting)
    still_here = [r for r in AttendanceRecord.objects.open()
                  .filter(setting=request.setting, date=today, session__isnull=False)
                  .select_related("child", "room", "session")
                  .order_by("session__ends_at", "child__first_name", "child__last_name", "pk")
                  if r.is_late(now)]
    for r in still_here:
        # As the alert emails decide it (collection.reminder_kinds.overdue_records).
        r.overdue = r.late_alert_at(policy.late_alert_minutes) <= now
        r.minutes_late = int((now - r.session_end()).total_seconds() // 60)
    recent = (LateCollection.objects.filter(setting=request.setting,
                                            collected_at__date__gte=today - timedelta(days=28))
              .select_related("child", "recorded_by", "record")[:100])
    return render(request, "collection/late.html", {
        "still_here": still_here, "recent": recent, "policy": policy,
        "any_overdue": any(r.overdue for r in still_here),
    })
