"""Personal access tokens and the API's idempotency keys.

An ``ApiToken`` lets another program act for one person in one setting, with that person's
own rights narrowed to the token's scopes (api/scopes.py). The token itself is shown once,
when it is made; only its SHA-256 digest is stored (a token is 256 random bits, so a plain
digest is enough, as for GitHub's tokens), with its first characters to tell tokens apart.
It has an expiry, can be revoked (never deleted), and every request made with it is kept in
``ApiTokenUse``, with the audit trail.

``ApiToken`` is not setting-scoped on purpose, like ``Membership``: it is read by
``api.middleware.ApiTokenMiddleware`` to choose the request's setting, before any scope
exists. Every other read filters on the setting explicitly.

An ``IdempotentRequest`` remembers the answer to a write sent with an ``Idempotency-Key``
header (api/idempotency.py): a retry with the same key gets the same answer and changes
nothing again. Kept for ``IDEMPOTENCY_DAYS``, then deleted (a receipt, not a record).
"""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from preschool.models import ExpiringAppendOnlyQuerySet

# Tells a portal token apart in a log or a secret scanner; not a secret.
TOKEN_PREFIX = "ppat_"  # noqa: S105


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey("preschool.Setting", on_delete=models.CASCADE,
                                related_name="api_tokens")
    # Whose rights the token carries.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="api_tokens")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    name = models.CharField(max_length=100)
    scopes = models.JSONField(default=list)
    # The first characters of the token, to tell tokens apart on the page.
    prefix = models.CharField(max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


class ApiTokenUse(models.Model):
    """One request made with a token: part of the audit trail, append-only, erased by the
    retention run alone six years after it (retention.erasers, shared reference
    retention.md; the database refuses any other delete)."""

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="uses")
    at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = ExpiringAppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "-at"], name="api_tokenuse_token_at")]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


class IdempotentRequest(models.Model):
    """The answer given to one write sent with an ``Idempotency-Key`` (api/idempotency.py)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(max_length=100)
    # The operation the key was first used for: the same key on another operation is refused.
    operation = models.CharField(max_length=100)
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="api_idempotent_request_unique_key")]

    def __str__(self):
        return f"{self.operation} {self.key}"
