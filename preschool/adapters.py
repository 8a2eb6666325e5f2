import logging
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.utils import translation

from preschool.devices import COOKIE_NAME, TOKEN, browser_and_system
from preschool.i18n import language_for, profile_language
from preschool.middleware import start_session_activity
from preschool.models import Invitation, User
from preschool.request_context import client_ip

log = logging.getLogger(__name__)

INVITATION_SESSION_KEY = "invitation_uuid"


def invitation_in_session(request):
    """The usable invitation this browser opened, if any (sign-up is by invitation only)."""
    value = request.session.get(INVITATION_SESSION_KEY)
    if not value:
        return None
    invitation = Invitation.objects.select_related("setting").filter(uuid=value).first()
    return invitation if invitation is not None and invitation.is_usable else None


def recognise_device(request, response, user) -> None:
    """At a sign-in: keep the browser as one of the person's devices, and (through the
    service) tell them when it is a new one. Gives the browser its cookie, or renews it."""
    from preschool.services import sign_in_from_device

    token = request.COOKIES.get(COOKIE_NAME, "")
    if not TOKEN.match(token):
        token = secrets.token_urlsafe(32)
    browser, system = browser_and_system(request.META.get("HTTP_USER_AGENT", ""))
    sign_in_from_device(user, token, browser=browser, system=system, ip_address=client_ip())
    response.set_cookie(COOKIE_NAME, token,
                        max_age=settings.KNOWN_DEVICE_COOKIE_DAYS * 24 * 3600,
                        secure=not settings.DEBUG, httponly=True, samesite="Lax")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # No open sign-up: people join by an invitation from their setting.
        return invitation_in_session(request) is not None

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"].strip()
        # The language the person signed up in (the switcher's, else the browser's) is theirs.
        user.preferred_language = profile_language(translation.get_language())
        if commit:
            user.save()
        return user

    def post_login(self, request, user, **kwargs):
        """After allauth's (which records the session for "Your devices and sessions"): the
        browser becomes a known device, and a new one is told to the person by email."""
        response = super().post_login(request, user, **kwargs)
        start_session_activity(request)
        recognise_device(request, response, user)
        return response

    def send_mail(self, template_prefix, email, context):
        """Render account emails in the request, send them from a worker after commit."""
        request = allauth_context.request

        ctx = {"email": email, "current_site": get_current_site(request), "request": request}
        ctx.update(context)
        # In the language of the account the email goes to (a password reset is asked for
        # signed out, perhaps from another browser); to an address with no account yet, in
        # the request's.
        account = User.objects.filter(email__iexact=email).first()
        language = language_for(account) if account is not None else translation.get_language()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        html = next((body for body, mime in getattr(message, "alternatives", [])
                     if mime == "text/html"), None)
        payload = (list(message.to), message.subject, message.body, html, message.from_email)

        def queue():
            from preschool.tasks import send_email_message

            try:
                send_email_message.delay(*payload)
            except Exception:
                # Broker unreachable: a password reset must not be lost, so send it now.
                log.warning("Could not queue an account email; sending it directly.",
                            exc_info=True)
                message.send()

        transaction.on_commit(queue)


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    """Signing sessions out from "Your devices and sessions" (one, or all the others) goes
    through the portal's service, so it is audited."""

    def end_sessions(self, sessions) -> None:
        from preschool.services import end_sessions

        end_sessions(allauth_context.request.user, list(sessions))
