"""The notification centre: the list, opening one, marking all read, and preferences.

Every page is the signed-in person's own, in the current setting: a notification of anyone
else (or of another setting) answers 404 like a missing one; a page for managers answers 403
to others.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from notifications import preferences, services
from notifications.channels import channel
from notifications.forms import ChannelsForm, QuietHoursForm
from notifications.models import Channel, Notification, QuietHours
from preschool.permissions import parse_uuid

PAGE_SIZE = 25


def _membership(request):
    if request.membership is None:
        raise PermissionDenied  # no setting: nothing to tell
    return request.membership


def access_notification(request, notification_uuid) -> Notification:
    """The person's own notification in the current setting, while the centre shows it to
    them (``NotificationQuerySet.shown_to``); anyone else's is 404 (with no setting, the
    scope of none: every notification reads as missing)."""
    notification = Notification.objects.shown_to(request.user, request.setting).filter(
        uuid=parse_uuid(notification_uuid)).first()
    if notification is None:
        raise Http404("No such notification.")
    return notification


@login_required
@require_GET
def notification_list(request):
    """Newest first, 25 to a page: one query for the page, one for the count."""
    _membership(request)
    rows = (Notification.objects.shown_to(request.user, request.setting)
            .only("uuid", "title", "category", "created_at", "read_at", "urgent"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_GET
def notification_open(request, notification_uuid):
    """Opening a notification marks it read and goes to what it tells of (a path of the
    portal, which checks access again)."""
    notification = access_notification(request, notification_uuid)
    return redirect(services.open_notification(request.user, notification))


@login_required
@require_POST
def read_all(request):
    _membership(request)
    count = services.mark_all_read(request.user)
    if request.htmx:
        page = Paginator(Notification.objects.shown_to(request.user, request.setting),
                         PAGE_SIZE).get_page(1)
        return render(request, "notifications/partials/list_updated.html",
                      {"page": page, "bell_unread": 0})
    messages.success(request, ngettext("%(count)d marked as read.", "%(count)d marked as read.",
                                        count) % {"count": count}
                     if count else _("Nothing was unread."))
    return redirect("notifications-list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences_page(request):
    """The person's channel for each category, and (families) their quiet hours."""
    membership = _membership(request)
    setting = request.setting
    current = {**preferences.setting_defaults(setting),
               **preferences.person_choices(setting, request.user)}
    push = channel(Channel.PUSH) is not None
    quiet = QuietHours.objects.filter(user=request.user).first() or preferences.FAMILY_QUIET
    data = request.POST if request.method == "POST" else None
    form = ChannelsForm(data, initial_channels=current, push=push, prefix="c")
    quiet_form = None
    if membership.is_family:
        quiet_form = QuietHoursForm(data, prefix="q", initial={
            "enabled": quiet.enabled, "starts": quiet.starts, "ends": quiet.ends})
    if request.method == "POST" and form.is_valid() and (quiet_form is None
                                                         or quiet_form.is_valid()):
        try:
            services.set_preferences(request.user, setting, form.choices())
            if quiet_form is not None:
                services.set_quiet_hours(request.user, setting,
                                         **quiet_form.cleaned_data)
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications-preferences")
    return render(request, "notifications/preferences.html", {
        "form": form, "quiet_form": quiet_form, "membership": membership,
        "working_days": [WEEKDAYS_ABBR[i] for i in range(7)
                         if str(i) in membership.working_days],
    })


@login_required
@require_http_methods(["GET", "POST"])
def setting_defaults(request):
    """The setting's defaults, for everyone who has not chosen: managers only."""
    membership = _membership(request)
    if not membership.can_manage_setting:
        raise PermissionDenied
    current = preferences.setting_defaults(request.setting)
    form = ChannelsForm(request.POST if request.method == "POST" else None,
                        initial_channels=current, push=channel(Channel.PUSH) is not None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_setting_defaults(request.user, membership, form.choices())
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The setting's notification defaults are saved."))
            return redirect("notifications-defaults")
    return render(request, "notifications/defaults.html", {"form": form})
