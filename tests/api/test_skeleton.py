"""The API's frame: a token signs a request in for its own setting; a session with CSRF."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiTokenUse
from tests.api.helpers import make_token
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_token_is_its_persons_in_its_setting():
    membership = MembershipFactory(role="manager")
    other = MembershipFactory(user=membership.user, role="manager")
    token, secret = make_token(other, scopes=["children:read"])
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200, response.content
    assert response.json()["setting"] == other.setting.name
    assert response.json()["scopes"] == ["children:read"]
    assert ApiTokenUse.objects.filter(token=token, status=200).count() == 1


@pytest.mark.parametrize("change", ["revoked", "expired", "unknown", "ended"])
def test_a_token_that_is_not_valid_answers_401(change):
    membership = MembershipFactory(role="manager")
    token, secret = make_token(membership)
    if change == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    elif change == "expired":
        token.expires_at = timezone.now() - timedelta(seconds=1)
        token.save()
    elif change == "unknown":
        secret += "x"
    else:
        membership.ended_at = timezone.now()
        membership.save()
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


def test_no_credentials_answer_401():
    assert Client().get("/api/v1/me").status_code == 401


def test_a_session_calls_the_api(settings):
    settings.REQUIRE_STAFF_MFA = False
    membership = MembershipFactory(role="manager")
    client = Client()
    client.force_login(membership.user)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["setting"] == membership.setting.name
