"""Tenancy (which setting a request is about, and a paused membership's one page), the
language a person reads, the staff two-factor requirement, the sessions' "last active" and no
caching of signed-in pages."""

import time

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from preschool.i18n import language_for
from preschool.lib.downloads import keep_private
from preschool.permissions import memberships_of
from preschool.tenancy import setting_scope

SESSION_KEY = "current_setting"
# The API's paths: refusals there are JSON, not pages (api/).
API_PREFIX = "/api/v1/"


class TenancyMiddleware:
    """Sets ``request.setting`` and ``request.membership`` from the person's memberships.

    The current setting is the one chosen with the setting switcher (kept in the session),
    and only ever one the person has an active membership in; otherwise their first one.
    People with no membership (the portal's operators) have ``request.setting = None``.

    The rest of the request runs inside the setting's scope (preschool/tenancy.py), so its
    queries see only that setting's rows. A request with no setting (signed out, an
    operator, a membership just ended) gets the scope of no setting, where a setting's rows
    read as none: such a person is shown "not found", as the authorization matrix says,
    where raising ScopeError would answer with a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.setting = None
        request.membership = None
        request.memberships = []
        if request.user.is_authenticated:
            by_setting = memberships_of(request.user)
            request.memberships = sorted(by_setting.values(), key=lambda m: m.setting.name)
            token = getattr(request, "api_token", None)
            # A personal access token (api/middleware.py) is for its own setting only.
            chosen = (str(token.setting.uuid) if token is not None
                      else request.session.get(SESSION_KEY))
            membership = next(
                (m for m in request.memberships if str(m.setting.uuid) == chosen), None)
            if membership is None and request.memberships and token is None:
                membership = request.memberships[0]
            if membership is not None:
                request.membership = membership
                request.setting = membership.setting
        with setting_scope(request.setting):
            if (request.membership is not None and request.membership.paused_at is not None
                    and not request.path.startswith(PAUSED_ALLOWED_PREFIXES)):
                return paused_page(request)
            return self.get_response(request)


# What a person whose membership is paused still reaches: signing out (and their account's
# own pages), the language and setting switchers, the files browsers fetch by themselves, and
# the offline capture's key and signed-out page (offline/views.py: the key answers "paused"
# and deletes the person's keys, so the device wipes what it kept).
PAUSED_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/language/",
                           "/setting/switch/", "/manifest.webmanifest", "/sw.js", "/offline/")


def paused_page(request):
    """A membership paused by the bulk-access alarm (privacy/alarm.py) reaches no page, file
    or partial of its setting until a manager looks: this page instead (403), saying whom
    to contact. Checked on the membership the middleware has loaded: no query on the way
    of anyone else."""
    from preschool.models import Membership

    membership = request.membership
    if request.path.startswith(API_PREFIX):
        # A program (or the offline capture's sync, which wipes what waits on the device
        # when it reads "paused") gets the same refusal as JSON.
        return JsonResponse({"detail": str(_("Your account is paused: ask a manager of the "
                                             "setting.")), "code": "paused"}, status=403)
    managers = [m.user for m in Membership.objects.active().filter(setting=membership.setting_id)
                .staff().select_related("user") if m.can_manage_staff
                and m.user_id != membership.user_id]
    # The page offers no link into the setting: no navigation, no bell.
    request.membership = None
    request.memberships = [m for m in request.memberships if m is not membership]
    return render(request, "preschool/membership_paused.html",
                  {"setting": membership.setting, "managers": managers}, status=403)


class StaffMFAMiddleware:
    """With REQUIRE_STAFF_MFA on, staff reach no page until they have a second factor."""

    # The web app manifest and the service worker are public files the browser fetches by
    # itself: they must never answer with a redirect.
    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/manifest.webmanifest", "/sw.js")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (settings.REQUIRE_STAFF_MFA and request.user.is_authenticated
                and not request.path.startswith(self.ALLOWED_PREFIXES)
                # A personal access token is made by someone signed in with the second
                # factor, and is a factor of its own.
                and getattr(request, "api_token", None) is None
                and self._needs_second_factor(request)):
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"detail": "Set up two-factor authentication first.",
                                     "code": "second_factor_needed"}, status=403)
            messages.warning(request, "Staff accounts hold children's records, so they need "
                                      "two-factor authentication. Set it up to continue.")
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _needs_second_factor(request) -> bool:
        is_staff = request.user.is_staff or any(m.is_staff_member for m in request.memberships)
        return is_staff and not has_second_factor(request)


def has_second_factor(request) -> bool:
    """Whether the signed-in person has an authenticator app or a security key (recovery
    codes alone are not a second factor). One query, kept on the request: the staff rule and
    the family home page's encouragement ask the same."""
    if not hasattr(request, "_has_second_factor"):
        from allauth.mfa.models import Authenticator

        request._has_second_factor = Authenticator.objects.filter(
            user=request.user,
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
        ).exists()
    return request._has_second_factor


class PersonLanguageMiddleware:
    """A signed-in person reads the portal in their profile's language (preschool/i18n.py).

    Signed out, Django's LocaleMiddleware has already chosen: the switcher's cookie, else the
    browser's Accept-Language, else British English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            return self.get_response(request)
        language = language_for(request.user)
        request.LANGUAGE_CODE = language
        with translation.override(language):
            return self.get_response(request)


class PrivatePagesMiddleware:
    """Nothing shown to a signed-in person is kept by a browser or a proxy.

    A family computer is often shared: with ``no-store``, pressing Back after signing out
    cannot bring a child's record back from the browser's cache, and ``private`` keeps it out
    of any shared cache on the way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read after the view: signing in or out changes who the request is for.
        if request.user.is_authenticated:
            keep_private(response)
        return response


SEEN_KEY = "_session_seen_at"


def start_session_activity(request) -> None:
    """At a sign-in: the session's row on "Your devices and sessions" (allauth's
    ``UserSession``) was just written; count its "last active" from now."""
    request.session[SEEN_KEY] = int(time.time())


class SessionActivityMiddleware:
    """Keeps "last active" and the address on "Your devices and sessions" true to within
    ``SESSION_ACTIVITY_SECONDS``, with one UPDATE then and no query on the requests between
    (allauth's own tracking writes on every request). Only sessions begun by signing in
    through allauth carry the time (``start_session_activity``) and have a row to update.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            seen = request.session.get(SEEN_KEY)
            now = int(time.time())
            if seen is not None and now - seen >= settings.SESSION_ACTIVITY_SECONDS:
                from allauth.account.adapter import get_adapter
                from allauth.usersessions.models import UserSession
                from django.utils import timezone

                UserSession.objects.filter(
                    session_key=request.session.session_key, user_id=request.user.pk,
                ).update(last_seen_at=timezone.now(), ip=get_adapter().get_client_ip(request))
                request.session[SEEN_KEY] = now
        return self.get_response(request)
