"""The portal's REST API (django-ninja): ``/api/v1/``, its OpenAPI 3.1 schema at
``/api/v1/openapi.json`` (committed as ``docs/api/openapi.json``).

Each area is a router in ``api/routers/``; an operation is thin, as a view is: an access
helper of the app that owns the data, a form or a service of that app, and a schema to answer
with. No rule of who may see or do what is written here.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import override
from ninja import NinjaAPI
from ninja.errors import Throttled

from api.auth import AUTH
from api.errors import ApiError
from api.scopes import SCOPES
from api.throttling import THROTTLES

# The schema's introduction (Swagger UI at /api/docs/ shows it first). In English: the schema
# is one committed file (docs/api/openapi.json), the same for every reader.
DESCRIPTION = """\
Children, the register, observations, progress, consents, attendance, messages and news of
one setting, with the rights of the person a token belongs to: the same rules as the portal's
pages.

## Authentication

- **A personal access token**, made on the portal's *API tokens* page (under your name):
  `Authorization: Bearer ppat_...`. It acts for one person in one setting, with that person's
  rights narrowed to its scopes, until it expires or is revoked. It stops working when its
  person leaves the setting. Every request made with it is recorded, and shown on the token's
  page.
- **The portal's own pages** (offline capture): the session cookie, with the CSRF token in the
  `X-CSRFToken` header for a write. A session has every scope; the person's rights still apply.

## Scopes

A token may call an operation only with the scope the operation names (403 otherwise). A new
token has the read scopes; family members' tokens only read.

{scopes}

## Errors

Every error answers JSON: `{{"detail": "...", "code": "..."}}` (`code` where a program may act
on it: `conflict`, `refused`, `invalid`, `paused`). 409: the write no longer fits what someone
else did meanwhile (a child already signed in, or signed out); `refused`: the adult may not
collect the child (keep the child inside and call the manager). 422: bad input, with the
page's own messages; text is plain text, HTML is refused.
401: no credentials, or a token unknown, expired, revoked or whose person left the setting.
403: allowed to see the thing but not to do this, or a scope the token lacks. 404: missing,
**or another setting's** (the same answer, so an id tells nothing).

## Retries

A write may carry an `Idempotency-Key` header (8 to 100 printable characters, a UUID say): a
retry with the same key gets the first answer again and changes nothing. Keys are kept a week.

## Rate limits

Per token, per signed-in person, and per address for anything open to anyone (600 requests a
minute for a token or a person, unless the portal's operators chose otherwise). Over the limit:
429 with a `Retry-After` header, in seconds.
"""

with override(settings.LANGUAGE_CODE):  # whichever request first loads the URLs
    _scopes = "\n".join(f"- `{name}`: {label}" for name, label in SCOPES.items())

api = NinjaAPI(
    title="Pre-school portal API",
    version="1",
    description=DESCRIPTION.format(scopes=_scopes),
    auth=AUTH,
    throttle=THROTTLES,
    urls_namespace="api",
    docs_url=None,
)


@api.exception_handler(ApiError)
def api_error(request, exc):
    return api.create_response(request, {"detail": exc.message, "code": exc.code},
                               status=exc.status_code)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(
        request, {"detail": str(exc) or _("You may not do this.")}, status=403)


@api.exception_handler(Throttled)
def throttled(request, exc):
    # ninja adds Retry-After to this answer.
    return api.create_response(
        request, {"detail": _("Too many requests: wait a little, then try again.")}, status=429)


def _add_routers() -> None:
    from api.routers import (
        attendance,
        children,
        consents,
        me,
        messages,
        news,
        observations,
        progress,
        register,
    )

    api.add_router("", me.router)
    api.add_router("", children.router)
    api.add_router("/register", register.router)
    api.add_router("/attendance", attendance.router)
    api.add_router("/observations", observations.router)
    api.add_router("/consents", consents.router)
    api.add_router("/conversations", messages.router)
    api.add_router("/news", news.router)
    api.add_router("/progress", progress.router)


_add_routers()
