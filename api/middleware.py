"""A personal access token signs a request in, for the API only.

``ApiTokenMiddleware`` runs after Django's authentication middleware and before
``TenancyMiddleware``. For a path under ``/api/v1/`` with ``Authorization: Bearer <token>``:

- a token that is unknown, expired or revoked, or whose person no longer has an active
  membership of the token's setting, answers 401 at once;
- otherwise the request is the token's person's (``request.user``), with the token on
  ``request.api_token``; the tenancy middleware then chooses the token's setting, never the
  session's. A session cookie sent alongside is ignored, and no CSRF check applies (a bearer
  token is not sent by a browser by itself).

Every request made with a known token is kept in ``ApiTokenUse`` (one INSERT, after the
answer), those refused with 401 included.
"""

from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, ApiTokenUse, digest_of
from preschool.request_context import client_ip

API_PREFIX = "/api/v1/"


def _unauthorized(message: str) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


class ApiTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.api_token = None
        header = request.headers.get("Authorization", "")
        if not request.path.startswith(API_PREFIX) or not header.startswith("Bearer "):
            return self.get_response(request)
        token = (ApiToken.objects.filter(digest=digest_of(header[len("Bearer "):].strip()))
                 .select_related("user", "setting").first())
        if token is None:
            return _unauthorized(_("This token is not valid: it is unknown, expired or "
                                   "revoked."))
        if not token.is_usable():
            response = _unauthorized(_("This token is not valid: it is unknown, expired or "
                                       "revoked."))
        elif not token.user.is_active or not token.user.memberships.active().filter(
                setting=token.setting_id).exists():
            response = _unauthorized(_("This token's person is no longer a member of the "
                                       "setting."))
        else:
            request.user = token.user
            request.api_token = token
            request._dont_enforce_csrf_checks = True
            response = self.get_response(request)
        # A refused use is kept too: a revoked token still being tried was leaked or forgotten.
        ApiTokenUse.objects.create(token=token, at=timezone.now(), method=request.method,
                                   path=request.path[:300], status=response.status_code,
                                   ip_address=client_ip())
        return response
