"""People join by invitation: the link works once, expires, and is for one address."""

from datetime import timedelta
from threading import Barrier, Thread

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from preschool.models import AuditEvent, Invitation, Membership, User
from preschool.services import ServiceError, accept_invitation, invite_person
from tests.factories import UserFactory


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (the emails) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _invite(world, email="new.parent@example.org", role="parent", **extra):
    return invite_person(world.users["manager"], world.setting_a, email=email, role=role,
                         **extra)


def _link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/invitation/" in line)
    return line.strip().replace("http://testserver", "")


def test_a_manager_invites_someone_and_an_email_goes_out(world, sent):
    client = world.client_for("manager")
    with sent():
        response = client.post(reverse("people-invite"), {
            "email": "New.Parent@Example.org", "role": "parent", "full_name": "Nia New"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.parent@example.org"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.parent@example.org"]
    assert "Acorn Test Pre-school" in mail.outbox[0].subject
    assert _link(mail.outbox[0]) == invitation.get_accept_url()
    assert AuditEvent.objects.filter(action="invitation.sent").count() == 1


def test_a_new_person_signs_up_from_the_link_and_joins(world, client, sent):
    with sent():
        _invite(world)
    link = _link(mail.outbox[0])
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_signup")
    page = client.get(reverse("account_signup")).content.decode()
    assert 'value="new.parent@example.org"' in page
    response = client.post(reverse("account_signup"), {
        "full_name": "Nia New", "email": "new.parent@example.org",
        "password1": "Wren-meadow-4417", "password2": "Wren-meadow-4417"})
    assert response.status_code == 302
    user = User.objects.get(email="new.parent@example.org")
    assert user.full_name == "Nia New"
    assert EmailAddress.objects.get(user=user).verified  # the link proved the address
    membership = Membership.objects.get(user=user)
    assert (membership.setting, membership.role) == (world.setting_a, "parent")
    assert "Hello, Nia" in client.get(reverse("home")).content.decode()
    # The link worked once.
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "can no longer be used" in again.content.decode()


def test_the_sign_up_address_must_be_the_invited_one(world, client, sent):
    with sent():
        _invite(world)
    client.get(_link(mail.outbox[0]))
    response = client.post(reverse("account_signup"), {
        "full_name": "Somebody Else", "email": "someone.else@example.org",
        "password1": "Wren-meadow-4417", "password2": "Wren-meadow-4417"})
    assert response.status_code == 200
    assert "Use the address your invitation was sent to" in response.content.decode()
    assert not User.objects.filter(email="someone.else@example.org").exists()


def test_an_expired_invitation_explains_itself_and_changes_nothing(world, client):
    invitation = _invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(invitation.get_accept_url())
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert "invitation_uuid" not in client.session


def test_a_withdrawn_invitation_no_longer_works(world, client):
    invitation = _invite(world)
    world.client_for("manager").post(reverse("people-invitation-revoke", args=[invitation.uuid]))
    response = client.get(invitation.get_accept_url())
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_a_forged_link_is_not_found(db, client):
    assert client.get(reverse("invitation-accept", args=["forged-token"])).status_code == 404
    response = client.get(reverse("invitation-accept", args=["e30:1tXyZ:abc"]))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_an_existing_account_signs_in_then_accepts(world):
    """A parent of setting B who is invited to setting A too."""
    rita = UserFactory(email="rita@example.org")
    invitation = _invite(world, email="rita@example.org")
    from django.test import Client

    anonymous = Client()
    page = anonymous.get(invitation.get_accept_url())
    assert "Sign in to accept" in page.content.decode()
    client = Client()
    client.force_login(rita)
    assert client.get(invitation.get_accept_url()).status_code == 200
    response = client.post(invitation.get_accept_url())
    assert response.status_code == 302
    assert Membership.objects.filter(user=rita, setting=world.setting_a).exists()


def test_someone_signed_in_as_another_person_cannot_accept(world):
    invitation = _invite(world)
    client = world.client_for("parent")
    assert client.post(invitation.get_accept_url()).status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(("data", "error"), [
    ({"email": "not-an-email", "role": "parent"}, "Enter a valid email address"),
    ({"email": "a" * 250 + "@example.org", "role": "parent"}, "at most 254"),
    ({"email": "x@example.org", "role": "headteacher"}, "Select a valid choice"),
    ({"email": "x@example.org", "role": "parent", "is_senco": "on"}, "Only staff can be"),
    ({"email": "parent@example.org", "role": "parent"}, "already has an account"),
])
def test_bad_invitations_are_refused_with_a_message(world, data, error):
    response = world.client_for("manager").post(reverse("people-invite"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_inviting_the_same_address_twice_points_to_resend(world):
    _invite(world)
    with pytest.raises(ServiceError, match="already been invited"):
        _invite(world)


def test_resending_extends_the_link_and_sends_a_new_email(world, sent):
    with sent():
        invitation = _invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1))
    with sent():
        response = world.client_for("manager").post(
            reverse("people-invitation-resend", args=[invitation.uuid]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.is_usable and invitation.sent_count == 2
    assert len(mail.outbox) == 2


def test_an_invitation_is_accepted_once_even_by_two_requests_at_once(world, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (CI runs this)")
    invitation = _invite(world, email="twice@example.org")
    user = UserFactory(email="twice@example.org")
    barrier, results = Barrier(2), []

    def accept():
        barrier.wait()
        try:
            accept_invitation(user, Invitation.objects.get(pk=invitation.pk))
            results.append("joined")
        except ServiceError:
            results.append("refused")
        except Exception as exc:  # a unique constraint stops the loser at worst
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [Thread(target=accept) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("joined") == 1
    assert Membership.objects.filter(user=user, setting=world.setting_a).count() == 1
