"""Who calls the API: a personal access token, or the person's own signed-in browser.

- ``TokenAuth``: ``Authorization: Bearer <token>``. The token was checked by
  ``api.middleware.ApiTokenMiddleware`` (which also chose its setting); here it is only found
  on the request. Its scopes narrow what it may do (``scoped``).
- ``BrowserSession``: the portal's own pages (offline capture's sync) calling with the
  session cookie and the CSRF token, with every scope: the person's rights are the limit, as on
  the pages.

In both, the rules are the pages' own: ``families.access`` and each app's ``permissions``.
"""

import functools
from collections.abc import Callable

from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from api.scopes import SCOPES


class TokenAuth(HttpBearer):
    openapi_description = "A personal access token (made on the portal's API tokens page)."

    def authenticate(self, request, token):
        return getattr(request, "api_token", None)


class BrowserSession(SessionAuth):
    openapi_description = "The portal's own pages: the session cookie and the CSRF header."

    def authenticate(self, request, key):
        if getattr(request, "api_token", None) is not None:
            return None
        return super().authenticate(request, key)


AUTH = [TokenAuth(), BrowserSession()]


def scoped(scope: str) -> Callable:
    """An operation that a token may call only with ``scope`` (403 otherwise)."""
    assert scope in SCOPES, scope

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            token = getattr(request, "api_token", None)
            if token is not None and not token.allows(scope):
                raise HttpError(403, _("This token does not have the scope %(scope)s.")
                                % {"scope": scope})
            return view(request, *args, **kwargs)

        wrapper.api_scope = scope
        return wrapper

    return decorate


def setting_of(request):
    """The request's setting, for an operation that lists what is in it; 403 for a person who
    is a member of no setting (the portal's superuser): there is nothing to list."""
    if request.setting is None or request.membership is None:
        raise HttpError(403, _("You are not a member of a setting."))
    return request.setting
