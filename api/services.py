"""Making and revoking personal access tokens (api/models.py). Each takes the acting person,
runs in a transaction and is audited; the token itself is never written to the audit trail."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, digest_of, new_token
from api.scopes import SCOPES
from preschool.models import log_action
from preschool.services import ServiceError

# How long a new token lasts: the choices of the form, 90 days unless chosen otherwise. There is
# no token without an expiry.
EXPIRY_DAYS = (7, 30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90
# The characters of a token shown on the pages to tell tokens apart ("ppat_" and 7 more).
SHOWN_PREFIX_LENGTH = 12


@transaction.atomic
def make_token(actor, membership, *, name: str, scopes: list[str], days: int,
               allowed_scopes: list[str]) -> tuple[ApiToken, str]:
    """Make a token for ``membership``'s person in its setting, with ``scopes`` (a subset of
    ``allowed_scopes``, the person's: ``api.permissions.scopes_for``) for ``days``.

    Returns the token and its secret, which is shown once and never stored: only its SHA-256.
    The caller has checked that ``actor`` may make a token for this person.
    """
    if not membership.is_active:
        raise ServiceError(_("This person is no longer a member of the setting."))
    if not scopes or not set(scopes) <= set(allowed_scopes) or not set(scopes) <= set(SCOPES):
        raise ServiceError(_("Choose at least one of the scopes offered."))
    if days not in EXPIRY_DAYS:
        raise ServiceError(_("Choose one of the expiry periods offered."))
    secret = new_token()
    token = ApiToken.objects.create(
        setting=membership.setting, user=membership.user, created_by=actor, name=name,
        scopes=[scope for scope in SCOPES if scope in scopes],
        prefix=secret[:SHOWN_PREFIX_LENGTH], digest=digest_of(secret),
        expires_at=timezone.now() + timedelta(days=days))
    log_action(actor, "api_token.created", token, changes={
        "person": membership.user.full_name, "scopes": token.scopes,
        "expires_at": token.expires_at.isoformat(), "prefix": token.prefix})
    return token, secret


@transaction.atomic
def revoke_token(actor, token: ApiToken) -> bool:
    """Revoke ``token`` (the caller has checked ``actor`` may): from now on it answers 401.
    Revoking a revoked token changes nothing and returns False."""
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=actor)
    if not changed:
        return False
    token.refresh_from_db(fields=["revoked_at", "revoked_by"])
    log_action(actor, "api_token.revoked", token, changes={"person": token.user.full_name,
                                                            "prefix": token.prefix})
    return True
