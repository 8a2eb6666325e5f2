"""Every URL of the portal, for every persona (DESIGN.md: one authorization matrix).

A URL pattern of the portal's own apps that is missing here fails ``test_every_url_is_in_the_
matrix``. allauth's and the admin's URLs are third-party; how they answer is tested in
tests/preschool/test_accounts.py and test_admin.py.
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from preschool.models import Invitation, Role
from tests.conftest import PERSONAS

PROJECT_APPS = ("preschool", "families", "keyperson", "learning_journal", "consents",
                "collection", "attendance", "complaints", "policies")

LOGIN = "login"  # anonymous: redirected to the login page
ALL = {p: 200 for p in PERSONAS if p != "anonymous"} | {"anonymous": LOGIN}


def expect(default, **overrides):
    answers = dict.fromkeys(PERSONAS, default)
    answers["anonymous"] = LOGIN
    answers.update(overrides)
    return answers


def _invitation(world):
    return Invitation.objects.create(
        setting=world.setting_a, email="new.parent@example.org", role=Role.PARENT,
        invited_by=world.users["manager"], expires_at=timezone.now() + timedelta(days=7))


# name: (method, kwargs builder, answers per persona)
MATRIX = {
    "home": ("get", None, ALL),
    "healthz": ("get", None, dict.fromkeys(PERSONAS, 200)),
    "profile": ("get", None, ALL),
    "setting-switch": ("post", None, expect(302)),
    "child-list": ("get", None, expect(200, superuser=200)),
    "child-detail": ("get", lambda w: {"child_uuid": w.child.uuid},
                     expect(404, manager=200, key_person=200, practitioner=200, parent=200)),
    "people-list": ("get", None, expect(403, manager=200, other_setting=200)),
    "people-invite": ("get", None, expect(403, manager=200, other_setting=200)),
    "people-membership-edit": (
        "get", lambda w: {"membership_uuid": w.memberships["other_parent"].uuid},
        expect(403, manager=200, other_setting=404, superuser=404)),
    "people-membership-end": (
        "post", lambda w: {"membership_uuid": w.memberships["other_parent"].uuid},
        expect(403, manager=302, other_setting=404, superuser=404)),
    "people-invitation-resend": (
        "post", lambda w: {"invitation_uuid": _invitation(w).uuid},
        expect(403, manager=302, other_setting=404, superuser=404)),
    "people-invitation-revoke": (
        "post", lambda w: {"invitation_uuid": _invitation(w).uuid},
        expect(403, manager=302, other_setting=404, superuser=404)),
    # Signed in as someone else than the invitation's address: 403, nothing accepted.
    "invitation-accept": ("get", lambda w: {"token": _invitation(w).token},
                          expect(403, anonymous=302)),
    "audit-log": ("get", None, expect(403, manager=200, other_setting=200)),
}
# A superuser belongs to no setting: pages about "my setting" show how to get one, and
# per-setting permissions are refused.
MATRIX["people-list"][2]["superuser"] = 403
MATRIX["people-invite"][2]["superuser"] = 403
MATRIX["audit-log"][2]["superuser"] = 403


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{entry.namespace}:" if entry.namespace else ""
            yield from _walk(entry, prefix + ns)
        elif isinstance(entry, URLPattern) and entry.name:
            module = getattr(entry.callback, "__module__", "")
            yield prefix + entry.name, module


def project_url_names():
    return {name for name, module in _walk(get_resolver())
            if module.split(".")[0] in PROJECT_APPS}


def test_every_url_is_in_the_matrix():
    missing = project_url_names() - set(MATRIX)
    assert not missing, f"URLs missing from the authorization matrix: {sorted(missing)}"
    assert not set(MATRIX) - project_url_names(), "The matrix names URLs that do not exist."


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(world, name, persona):
    method, kwargs_builder, answers = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(world) if kwargs_builder else None)
    client = world.client_for(persona)
    response = getattr(client, method)(url)
    expected = answers[persona]
    if expected == LOGIN:
        assert response.status_code == 302, f"{name} as {persona}: {response.status_code}"
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, (
            f"{name} as {persona}: expected {expected}, got {response.status_code}")


@pytest.mark.parametrize("name", sorted(n for n, v in MATRIX.items() if v[0] == "post"))
def test_post_only_urls_refuse_get(world, name):
    method, kwargs_builder, _ = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(world) if kwargs_builder else None)
    response = world.client_for("manager").get(url)
    assert response.status_code == 405
