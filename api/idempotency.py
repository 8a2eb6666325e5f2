"""Writes that a retry never repeats: the ``Idempotency-Key`` header.

A client that may send the same write twice (offline capture retrying after a dropped
connection, another program retrying after a timeout) sends a key of its own making with it,
a UUID say. The first request with a key runs and its answer is kept
(``api.models.IdempotentRequest``); a later request of the same person with the same key gets
that answer again and changes nothing. Two requests with the same key at the same moment: the
second waits on the key's unique index until the first commits, then gets its answer.

A request refused before it runs (bad input, no access) keeps nothing. A refusal of the
operation itself (``ApiError``: a conflict with what someone else did meanwhile) is kept and
answered again: what it wrote (the audit line of a collector refused) stays written.
"""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Status
from ninja.errors import HttpError

from api.errors import ApiError
from api.models import IdempotentRequest

HEADER = "Idempotency-Key"
# Printable ASCII without spaces, 8 to 100 characters (a UUID is 36).
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{8,100}$")
# How long an answer is kept for a retry (api.tasks.delete_old_idempotency_keys).
IDEMPOTENCY_DAYS = 7


def idempotent(request, operation: str, run: Callable[[], tuple[int, Any]]) -> Status:
    """Run ``run`` once for the request's ``Idempotency-Key`` (if it has one) and answer with
    its ``(status, body)``; ``body`` must be JSON (a dict from ``Schema.model_dump(mode="json")``).
    An ``ApiError`` raised by ``run`` is answered as ``(status, {"detail", "code"})``.
    """
    key = request.headers.get(HEADER)
    if key is None:
        with transaction.atomic():
            try:
                return Status(*run())
            except ApiError as exc:
                return Status(exc.status_code, {"detail": exc.message, "code": exc.code})
    if not KEY_PATTERN.match(key):
        raise HttpError(400, _("The Idempotency-Key header must be 8 to 100 printable "
                               "characters, without spaces."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                kept = IdempotentRequest.objects.create(user=request.user, key=key,
                                                        operation=operation)
        except IntegrityError:
            kept = IdempotentRequest.objects.get(user=request.user, key=key)
            if kept.operation != operation:
                raise HttpError(422, _("This Idempotency-Key was already used for another "
                                       "request.")) from None
            return Status(kept.status_code or 200, kept.body)
        try:
            status, body = run()
        except ApiError as exc:
            status, body = exc.status_code, {"detail": exc.message, "code": exc.code}
        kept.status_code, kept.body = status, body
        kept.save(update_fields=["status_code", "body"])
        return Status(status, body)


def delete_old_keys(now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=IDEMPOTENCY_DAYS)
    deleted, _counts = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
