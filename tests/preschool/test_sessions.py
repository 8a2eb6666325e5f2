"""Your devices and sessions (allauth.usersessions at /accounts/sessions/, in the portal's look):
where the person is signed in, signing one or all of the others out, and nobody else's."""

import pytest
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from preschool.devices import session_reference
from preschool.models import AuditEvent, Membership, Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

SESSIONS = "/accounts/sessions/"
FIREFOX_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
                   "Firefox/133.0")
CHROME_ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                  "Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")


def _signed_in(email="parent@example.org", user_agent=FIREFOX_WINDOWS,
               address="127.0.0.1") -> Client:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _is_signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def test_the_page_is_at_the_allauth_address():
    assert reverse("usersessions_list") == SESSIONS


def test_anonymous_is_sent_to_sign_in(world):
    response = Client().get(SESSIONS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_lists_where_the_person_is_signed_in(world):
    laptop = _signed_in()
    _signed_in(user_agent=CHROME_ANDROID, address="203.0.113.9")
    _signed_in("other.parent@example.org", user_agent=CHROME_ANDROID, address="198.51.100.7")
    response = laptop.get(SESSIONS)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your devices and sessions" in html
    assert "Firefox on Windows" in html and "Chrome on Android" in html
    assert "203.0.113.9" in html
    assert "198.51.100.7" not in html  # another person's session
    assert html.count("This device") == 1
    assert html.count("data-session") == 2
    assert "Sign out everywhere else" in html
    assert 'aria-current="page" href="/accounts/sessions/"' in html  # the account sub-navigation
    assert "no-store" in response["Cache-Control"]


def test_it_signs_out_everywhere_else(world):
    laptop, phone, tablet = _signed_in(), _signed_in(user_agent=CHROME_ANDROID), _signed_in()
    response = laptop.post(SESSIONS)
    assert response.status_code == 302
    assert not _is_signed_in(phone)
    assert not _is_signed_in(tablet)
    assert _is_signed_in(laptop)
    assert UserSession.objects.filter(user=world.users["parent"]).count() == 1
    event = AuditEvent.objects.get(action="account.sessions_ended")
    assert event.actor == world.users["parent"]
    assert event.changes == {"sessions": 2}


def test_it_signs_out_one_other_session(world):
    laptop, phone, tablet = _signed_in(), _signed_in(user_agent=CHROME_ANDROID), _signed_in()
    key = phone.session.session_key
    html = laptop.get(SESSIONS).content.decode()
    url = reverse("session-sign-out", args=[session_reference(key)])
    assert f'action="{url}"' in html
    assert key not in html  # the page never shows a session's key
    response = laptop.post(url)
    assert response.status_code == 302
    assert response["Location"] == SESSIONS
    assert not _is_signed_in(phone)
    assert _is_signed_in(tablet) and _is_signed_in(laptop)
    assert AuditEvent.objects.get(action="account.sessions_ended").changes == {"sessions": 1}


def test_one_person_cannot_sign_out_anothers_session(world):
    parent = _signed_in()
    other = _signed_in("other.parent@example.org")
    url = reverse("session-sign-out", args=[session_reference(parent.session.session_key)])
    assert other.post(url).status_code == 404
    assert _is_signed_in(parent)
    assert not AuditEvent.objects.filter(action="account.sessions_ended").exists()
    # Nor can the other person's "everywhere else" reach it.
    other.post(SESSIONS)
    assert _is_signed_in(parent)


def test_this_session_is_not_signed_out_by_its_reference(world):
    laptop = _signed_in()
    url = reverse("session-sign-out", args=[session_reference(laptop.session.session_key)])
    assert laptop.post(url).status_code == 404
    assert _is_signed_in(laptop)


def test_signing_out_needs_a_post(world):
    laptop, phone = _signed_in(), _signed_in()
    url = reverse("session-sign-out", args=[session_reference(phone.session.session_key)])
    assert laptop.get(url).status_code == 405
    assert _is_signed_in(phone)


def test_an_unknown_reference_answers_404(world):
    laptop = _signed_in()
    assert laptop.post(reverse("session-sign-out", args=["0" * 32])).status_code == 404


def test_staff_without_a_second_factor_still_reach_it(world):
    """The staff two-factor rule lets /accounts/ through, so a member of staff can sign a
    stolen session out before setting up an authenticator."""
    user = UserFactory(email="new.staff@example.org")
    MembershipFactory(user=user, setting=world.setting_a, role=Role.PRACTITIONER)
    client = _signed_in("new.staff@example.org")
    assert client.get(reverse("home")).status_code == 302  # to two-factor set-up
    assert client.get(SESSIONS).status_code == 200
    assert Membership.objects.filter(user=user).exists()


def _session_writes(client: Client, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("profile"), **extra).status_code == 200
    return sum('UPDATE "usersessions_usersession"' in q["sql"] for q in queries)


def test_last_active_is_written_every_few_minutes_not_on_every_request(world, settings):
    laptop = _signed_in()
    row = UserSession.objects.get(session_key=laptop.session.session_key)
    before = row.last_seen_at
    assert _session_writes(laptop) == 0  # within the interval: no query of its own
    assert UserSession.objects.get(pk=row.pk).last_seen_at == before
    settings.SESSION_ACTIVITY_SECONDS = 0
    assert _session_writes(laptop, REMOTE_ADDR="203.0.113.20") == 1
    row.refresh_from_db()
    assert row.last_seen_at > before
    assert row.ip == "203.0.113.20"


@pytest.mark.parametrize("page", ["home", "profile"])
def test_it_is_reached_from_the_account_menu_and_the_profile(world, page):
    html = world.client_for("parent").get(reverse(page)).content.decode()
    assert f'href="{SESSIONS}"' in html
