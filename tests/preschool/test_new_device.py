"""A sign-in from a new device: the browser gets a cookie whose token is kept only as a hash,
and the person is emailed once, in their language; a known device is not emailed again."""

import hashlib

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from preschool.devices import COOKIE_NAME, browser_and_system
from preschool.models import AuditEvent, KnownDevice, User
from tests.factories import PASSWORD

FIREFOX_WINDOWS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
                   "Firefox/133.0")
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")


@pytest.fixture
def sign_in(django_capture_on_commit_callbacks):
    """Sign ``email`` in on ``client`` through the sign-in form, running what was queued on
    commit (the email) at its end."""
    def sign_in(client: Client, email: str = "parent@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("account_login"),
                                   {"login": email, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        return response
    return sign_in


def _browser(user_agent=FIREFOX_WINDOWS) -> Client:
    return Client(HTTP_USER_AGENT=user_agent)


def _new_device_emails():
    return [m for m in mail.outbox if "/accounts/sessions/" in m.body]


def test_it_gives_the_browser_a_cookie_and_stores_only_its_hash(world, sign_in):
    client = _browser()
    response = sign_in(client)
    cookie = response.cookies[COOKIE_NAME]
    token = cookie.value
    assert len(token) >= 43
    assert cookie["httponly"]
    assert cookie["secure"]  # DEBUG is off
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 30 * 24 * 3600
    device = KnownDevice.objects.get(user=world.users["parent"])
    assert device.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(KnownDevice.objects.values_list().get())
    assert (device.browser, device.system) == ("Firefox", "Windows")


def test_the_first_device_of_an_account_is_not_new(world, sign_in):
    sign_in(_browser())
    assert not _new_device_emails()
    event = AuditEvent.objects.get(action="account.new_device")
    assert event.changes == {"emailed": False}


def test_a_second_browser_is_emailed_once(world, sign_in):
    sign_in(_browser())
    phone = _browser(SAFARI_IPHONE)
    sign_in(phone)
    emails = _new_device_emails()
    assert len(emails) == 1
    email = emails[0]
    assert email.to == ["parent@example.org"]
    assert "A new sign-in to your" in email.subject
    assert "Safari on iPhone" in email.body
    assert "127.0.0.1" in email.body
    assert "http://testserver/accounts/sessions/" in email.body
    assert "http://testserver/accounts/password/change/" in email.body
    assert AuditEvent.objects.filter(action="account.new_device",
                                     actor=world.users["parent"]).count() == 2

    # The phone is known now: signing out and in again is not new.
    phone.post(reverse("account_logout"))
    sign_in(phone)
    assert len(_new_device_emails()) == 1
    assert KnownDevice.objects.filter(user=world.users["parent"]).count() == 2
    assert AuditEvent.objects.filter(action="account.new_device").count() == 2
    device = KnownDevice.objects.get(user=world.users["parent"], browser="Safari")
    assert device.last_seen > device.first_seen  # the known device was seen again


def test_a_browser_known_for_someone_else_is_new_for_this_person(world, sign_in):
    """A family's shared tablet: known for one parent, new for the other, same cookie."""
    sign_in(_browser(), "other.parent@example.org")  # the other parent's first device
    tablet = _browser(SAFARI_IPHONE)
    sign_in(tablet)  # the parent's first device: quiet
    token = tablet.cookies[COOKIE_NAME].value
    tablet.post(reverse("account_logout"))
    response = sign_in(tablet, "other.parent@example.org")
    assert response.cookies[COOKIE_NAME].value == token  # the browser keeps its one token
    emails = _new_device_emails()
    assert [m.to for m in emails] == [["other.parent@example.org"]]


def test_a_forged_cookie_is_replaced(world, sign_in):
    sign_in(_browser())
    client = _browser(SAFARI_IPHONE)
    client.cookies[COOKIE_NAME] = "not a token"
    response = sign_in(client)
    assert response.cookies[COOKIE_NAME].value != "not a token"
    assert len(_new_device_emails()) == 1


def test_the_email_is_in_the_persons_language(world, sign_in):
    User.objects.filter(pk=world.users["parent"].pk).update(preferred_language="pl")
    sign_in(_browser())
    sign_in(_browser(SAFARI_IPHONE))
    email = _new_device_emails()[0]
    assert "Nowe logowanie" in email.subject
    assert "Safari w systemie iPhone" in email.body


def test_an_account_just_made_from_an_invitation_is_not_emailed(world, client, sign_in):
    from preschool.services import invite_person

    invite_person(world.users["manager"], world.setting_a, email="new.parent@example.org",
                  role="parent")
    from preschool.models import Invitation

    invitation = Invitation.objects.get()
    client.get(invitation.get_accept_url())
    client.post(reverse("account_signup"), {
        "full_name": "Nia New", "email": "new.parent@example.org",
        "password1": "Wren-meadow-4417", "password2": "Wren-meadow-4417"})
    user = User.objects.get(email="new.parent@example.org")
    assert KnownDevice.objects.filter(user=user).count() == 1
    assert COOKIE_NAME in client.cookies
    assert not [m for m in mail.outbox if m.to == ["new.parent@example.org"]
                and "/accounts/sessions/" in m.body]


@pytest.mark.parametrize(("user_agent", "expected"), [
    (FIREFOX_WINDOWS, ("Firefox", "Windows")),
    (SAFARI_IPHONE, ("Safari", "iPhone")),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36", ("Chrome", "Android")),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", ("Edge", "macOS")),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "HeadlessChrome/131.0.0.0 Safari/537.36", ("Chrome", "Linux")),
    ("curl/8.5.0", ("", "")),
])
def test_it_names_browsers_and_systems(user_agent, expected):
    assert browser_and_system(user_agent) == expected
