"""Two-step sign-in for families: encouraged on the family home page until they turn it on,
and working for a family account (an authenticator app, recovery codes)."""

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from preschool import registry
from preschool.home import two_step_encouragement
from tests.factories import PASSWORD, enrol_totp

HEADING = "Protect your child's record: turn on two-step sign-in"


def _home(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_family_without_an_authenticator_is_encouraged(world):
    html, _ = _home(world.client_for("parent"))
    assert HEADING in html
    assert f'href="{reverse("mfa_activate_totp")}"' in html


def test_it_goes_once_the_family_has_an_authenticator(world):
    enrol_totp(world.users["parent"])
    html, _ = _home(world.client_for("parent"))
    assert HEADING not in html


def test_recovery_codes_alone_are_not_enough(world):
    Authenticator.objects.create(user=world.users["parent"],
                                 type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    html, _ = _home(world.client_for("parent"))
    assert HEADING in html


@pytest.mark.parametrize("persona", ["manager", "key_person", "practitioner"])
def test_staff_are_not_shown_it(world, persona):
    html, _ = _home(world.client_for(persona))
    assert "two-step sign-in" not in html


def _without_the_section(monkeypatch):
    monkeypatch.setattr(registry, "HOME_SECTIONS",
                        [f for f in registry.HOME_SECTIONS if f is not two_step_encouragement])


def test_it_costs_the_family_home_one_query(world, monkeypatch):
    client = world.client_for("parent")
    _home(client)  # the first request of a session may write it
    _, with_section = _home(client)
    _without_the_section(monkeypatch)
    _, without = _home(client)
    assert with_section == without + 1


def test_it_costs_the_staff_home_nothing(world, monkeypatch):
    """Staff homes already ask (the staff two-factor rule): the answer is kept on the
    request."""
    client = world.client_for("key_person")
    _home(client)
    _, with_section = _home(client)
    _without_the_section(monkeypatch)
    _, without = _home(client)
    assert with_section == without


def test_a_family_turns_on_an_authenticator_app_and_signs_in_with_it(world):
    """allauth's TOTP set-up and sign-in work for a family account, not only for staff."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    client = Client()
    assert client.post(reverse("account_login"),
                       {"login": "parent@example.org", "password": PASSWORD}).status_code == 302
    # allauth asks for the password again before a change to two-step sign-in.
    page = client.get(reverse("mfa_activate_totp"))
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    client.post(page["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret

    def code() -> str:
        counter = next(iter(yield_hotp_counters_from_time()))
        return format_hotp_value(hotp_value(secret, counter))

    response = client.post(reverse("mfa_activate_totp"), {"code": code()})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Authenticator.objects.filter(user=world.users["parent"],
                                        type=Authenticator.Type.TOTP).exists()
    client.post(reverse("account_logout"))

    # Signing in now asks for a code.
    fresh = Client()
    response = fresh.post(reverse("account_login"),
                          {"login": "parent@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert fresh.get(reverse("home")).status_code == 302  # not signed in yet
    fresh.post(reverse("mfa_authenticate"), {"code": code()})
    html = fresh.get(reverse("home")).content.decode()
    assert "Hello, Pat" in html
    assert HEADING not in html
