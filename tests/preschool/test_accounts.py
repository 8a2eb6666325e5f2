"""Signing in: email login, wrong passwords, rate limits, the admin, staff two-factor."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, MembershipFactory, UserFactory


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_signs_a_parent_in_with_email_and_password(world, client):
    response = _login(client, "parent@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert "Hello, Pat" in home.content.decode()


def test_a_wrong_password_gets_a_clear_message_and_no_session(world, client):
    response = _login(client, "parent@example.org", "not-the-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_address_gets_the_same_message(world, client):
    response = _login(client, "nobody@example.org", "whatever-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failures_are_rate_limited(world, client):
    cache.clear()
    for _ in range(5):
        _login(client, "parent@example.org", "wrong-password")
    response = _login(client, "parent@example.org", PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_goes_through_the_portal_login(world, client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 302  # /admin/login/ hands over to allauth's login
    assert login["Location"].startswith(reverse("account_login"))


def test_the_admin_is_for_superusers_only(world):
    parent = world.client_for("parent")
    response = parent.get("/admin/")
    assert response.status_code == 302  # the admin sends them to its login...
    assert response["Location"] == "/admin/login/?next=/admin/"
    assert parent.get(response["Location"]).status_code == 403  # ...which refuses them
    assert world.client_for("manager").get("/admin/login/").status_code == 403
    assert world.client_for("superuser").get("/admin/").status_code == 200


def test_there_is_no_open_sign_up(db, client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode()
    client.post(reverse("account_signup"), {
        "email": "stranger@example.org", "full_name": "A Stranger",
        "password1": "Wren-meadow-4417", "password2": "Wren-meadow-4417"})
    from preschool.models import User
    assert not User.objects.filter(email="stranger@example.org").exists()


class TestStaffTwoFactor:
    def test_staff_without_a_second_factor_reach_no_page(self, db, client, settings):
        settings.REQUIRE_STAFF_MFA = True
        staff = MembershipFactory(role="practitioner").user
        client.force_login(staff)
        for name in ("home", "child-list", "profile"):
            response = client.get(reverse(name))
            assert response.status_code == 302
            assert response["Location"] == reverse("mfa_activate_totp")
        # The enrolment pages stay reachable (allauth first confirms the password).
        setup = client.get(reverse("mfa_activate_totp"), follow=True)
        assert setup.status_code == 200
        assert setup.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))

    def test_staff_with_a_second_factor_get_in(self, world, settings):
        settings.REQUIRE_STAFF_MFA = True
        assert world.client_for("key_person").get(reverse("home")).status_code == 200

    def test_parents_are_not_asked(self, world, settings):
        settings.REQUIRE_STAFF_MFA = True
        assert world.client_for("parent").get(reverse("home")).status_code == 200

    def test_the_requirement_can_be_turned_off(self, db, client, settings):
        settings.REQUIRE_STAFF_MFA = False
        client.force_login(MembershipFactory(role="manager").user)
        assert client.get(reverse("home")).status_code == 200


def test_an_idle_session_expires(world, client, settings):
    client.force_login(world.users["parent"])
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_post_without_a_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["manager"])
    response = client.post(reverse("people-invite"),
                           {"email": "someone@example.org", "role": "parent"})
    assert response.status_code == 403
    assert "nothing was changed" in response.content.decode()
    from preschool.models import Invitation
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["parent", "manager"])
def test_people_edit_their_own_details(world, persona):
    client = world.client_for(persona)
    response = client.post(reverse("profile"), {
        "full_name": "New Name", "phone": "07700 900123", "preferred_language": "pl",
        "preferred_contact_method": "text", "preferred_format": "large_print",
        "notification_frequency": "daily"})
    assert response.status_code == 302
    user = world.users[persona]
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language, user.notification_frequency) == (
        "New Name", "pl", "daily")


def test_a_blank_or_over_long_name_is_refused(world):
    client = world.client_for("parent")
    for name in ("   ", "x" * 151):
        response = client.post(reverse("profile"), {
            "full_name": name, "preferred_language": "en", "preferred_contact_method": "email",
            "preferred_format": "standard", "notification_frequency": "instant"})
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode()
    world.users["parent"].refresh_from_db()
    assert world.users["parent"].full_name == "Pat Parent"


def test_users_are_unique_by_email_whatever_the_case(db):
    UserFactory(email="Same@Example.org")
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        UserFactory(email="same@example.org".upper())
