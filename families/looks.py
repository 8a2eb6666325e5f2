"""Who looked at a child's sensitive records: the "who looked" log.

A view that shows a sensitive part of a child's record (the record itself, health and
allergies, medication, accidents, restrictions, the progress check, a complaint, a
safeguarding flag, an export or a PDF) calls ``looked_at(request, child, what, obj)``. The
looks are kept on the request and written by ``RecordViewsMiddleware`` in one INSERT when the
response is ready: one write a page, however many records it shows, and nothing written for a
page that failed. Work outside a request (a bundle built in a task) calls ``record_looks``.
"""

import hashlib
from collections.abc import Iterable

from django.utils import timezone

from families.models import Child, RecordView
from preschool.registry import looks_written
from preschool.request_context import client_ip

What = RecordView.What
_PENDING = "_record_views"


def _session_hash(request) -> str:
    key = getattr(getattr(request, "session", None), "session_key", None) or ""
    return hashlib.sha256(key.encode()).hexdigest()[:16] if key else ""


def looked_at(request, child: Child | None, what: str, obj=None) -> None:
    """Note that the person signed in to ``request`` looked at ``what`` of ``child``.

    Nothing is written until the response is ready; the same look twice in one request is
    noted once. A person with no membership of the request's setting is never shown a record,
    so nothing is noted for them.
    """
    looked_at_many(request, [child] if child is not None else [None], what, obj)


def looked_at_many(request, children: Iterable[Child | None], what: str, obj=None) -> None:
    """``looked_at`` for a page that shows one kind of sensitive record of many children."""
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:
        return
    pending = request.__dict__.setdefault(_PENDING, {})
    object_type = obj._meta.label if obj is not None else ""
    object_id = str(getattr(obj, "uuid", getattr(obj, "pk", ""))) if obj is not None else ""
    now = timezone.now()
    session = _session_hash(request)
    for child in children:
        key = (getattr(child, "pk", None), what, object_type, object_id)
        if key in pending:
            continue
        pending[key] = RecordView(
            setting_id=membership.setting_id, child=child, viewer=request.user,
            viewer_role=membership.role, what=what, object_type=object_type,
            object_id=object_id, ip_address=client_ip(), session_hash=session, at=now)


def pending_looks(request) -> list[RecordView]:
    return list(request.__dict__.get(_PENDING, {}).values())


def record_looks(user, setting, role: str, children: Iterable[Child | None], what: str,
                 obj=None) -> None:
    """Write looks made outside a request (a task building an export for ``user``)."""
    object_type = obj._meta.label if obj is not None else ""
    object_id = str(getattr(obj, "uuid", getattr(obj, "pk", ""))) if obj is not None else ""
    now = timezone.now()
    RecordView.objects.bulk_create([
        RecordView(setting=setting, child=child, viewer=user, viewer_role=role, what=what,
                   object_type=object_type, object_id=object_id, at=now)
        for child in children
    ])


class RecordViewsMiddleware:
    """Writes the request's looks in one INSERT once the response is ready (a page that
    answered with an error showed nothing, and writes nothing), then tells the apps that
    watch looks (``preschool.registry.register_looks_written``: the bulk-access alarm).
    Placed after the tenancy middleware, so it runs inside the request's setting scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        looks = pending_looks(request)
        if looks and response.status_code < 400:
            RecordView.objects.bulk_create(looks)
            looks_written(request, looks)
        return response
