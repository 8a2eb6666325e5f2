"""Tokens and clients for the API's tests."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from api.models import ApiToken, digest_of, new_token
from api.scopes import SCOPES


def make_token(membership, scopes=tuple(SCOPES), **extra) -> tuple[ApiToken, str]:
    """A token of ``membership``'s person in its setting, and its secret."""
    secret = new_token()
    token = ApiToken.objects.create(
        setting=membership.setting, user=membership.user, created_by=membership.user,
        name="Test", scopes=list(scopes), prefix=secret[:12], digest=digest_of(secret),
        expires_at=extra.pop("expires_at", timezone.now() + timedelta(days=30)), **extra)
    return token, secret


def token_client(membership, scopes=tuple(SCOPES)) -> Client:
    """A client that sends a token of ``membership`` with every request."""
    _token, secret = make_token(membership, scopes)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def earlier_today(minutes: int = 1):
    """A moment a little earlier today (now, just after midnight)."""
    now = timezone.localtime()
    return max(now - timedelta(minutes=minutes),
               now.replace(hour=0, minute=0, second=0, microsecond=0))
