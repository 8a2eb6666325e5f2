"""The portal's REST API (django-ninja): ``/api/v1/``, its OpenAPI 3.1 schema at
``/api/v1/openapi.json`` (committed as ``docs/api/openapi.json``).

Each area is a router in ``api/routers/``; an operation is thin, as a view is: an access
helper of the app that owns the data, a form or a service of that app, and a schema to answer
with. No rule of who may see or do what is written here.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from api.auth import AUTH
from api.errors import ApiError

api = NinjaAPI(
    title="Pre-school portal API",
    version="1",
    description=(
        "Children, the register, observations, consents, attendance, messages and news of "
        "one setting, with the rights of the person a token belongs to."),
    auth=AUTH,
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


def _add_routers() -> None:
    from api.routers import (
        attendance,
        children,
        consents,
        me,
        messages,
        news,
        observations,
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


_add_routers()
