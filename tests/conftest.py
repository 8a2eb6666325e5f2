"""Personas across two settings (DESIGN.md, "Testing conventions").

Acorn (setting A): a manager, Kim the key person of Ava, another practitioner, Pat the parent with
parental responsibility for Ava, Casey a carer of Ava without the right to receive
information, and Olly the parent of another child. Riverside (setting B): Bea, its manager,
with a child of her own setting. Plus anonymous, and the portal's superuser.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.test import Client

from preschool.models import Role
from tests.factories import (
    ChildAdultFactory,
    ChildFactory,
    MembershipFactory,
    RoomFactory,
    SettingFactory,
    UserFactory,
    enrol_totp,
)

PERSONAS = ["anonymous", "manager", "key_person", "practitioner", "parent", "carer_no_info",
            "other_parent", "other_setting", "superuser"]


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests run with DEBUG off but without `collectstatic`: serve static files unhashed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Rate-limit counters live in the cache. Redis (CI) keeps them across tests, so start
    # afresh; the database cache (the default) is rolled back with each test's transaction.
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        cache.clear()
    # Production hashing is slow by design; the tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    setting_a: object
    setting_b: object
    room: object
    child: object
    other_child: object
    child_b: object
    users: dict
    memberships: dict

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


@pytest.fixture
def world(db) -> World:
    a = SettingFactory(name="Acorn Test Pre-school", slug="acorn-test")
    b = SettingFactory(name="Riverside Test Pre-school", slug="riverside-test")
    room = RoomFactory(setting=a, name="Caterpillars")
    users, memberships = {}, {}

    def member(persona, setting, role, name, **flags):
        user = UserFactory(full_name=name, email=f"{persona.replace('_', '.')}@example.org")
        memberships[persona] = MembershipFactory(user=user, setting=setting, role=role, **flags)
        if role != Role.PARENT:
            enrol_totp(user)
        users[persona] = user
        return user

    member("manager", a, Role.MANAGER, "Mona Manager")
    member("key_person", a, Role.PRACTITIONER, "Kim Keyperson", is_senco=True)
    member("practitioner", a, Role.PRACTITIONER, "Perry Practitioner")
    parent = member("parent", a, Role.PARENT, "Pat Parent")
    carer = member("carer_no_info", a, Role.PARENT, "Casey Carer")
    other_parent = member("other_parent", a, Role.PARENT, "Olly Otherparent")
    member("other_setting", b, Role.MANAGER, "Bea Riverside")
    superuser = UserFactory(full_name="Sue Superuser", email="superuser@example.org",
                            is_staff=True, is_superuser=True)
    enrol_totp(superuser)
    users["superuser"] = superuser

    child = ChildFactory(setting=a, room=room, first_name="Ava", last_name="Parentchild")
    ChildAdultFactory(child=child, user=parent, relationship="Mother")
    ChildAdultFactory(child=child, user=carer, relationship="Childminder",
                      has_parental_responsibility=False, may_receive_information=False,
                      lives_with_child=False)
    ChildAdultFactory(child=child, user=None, name="Rex Restricted", relationship="Father",
                      may_receive_information=False, lives_with_child=False,
                      restriction="Court order: no contact.")
    from keyperson.models import Assignment

    Assignment.objects.create(setting=a, child=child, staff=memberships["key_person"],
                              kind=Assignment.Kind.KEY, assigned_by=users["manager"])
    other_child = ChildFactory(setting=a, room=room, first_name="Otto", last_name="Otherchild")
    ChildAdultFactory(child=other_child, user=other_parent, relationship="Father")
    child_b = ChildFactory(setting=b, first_name="Bella", last_name="Riverchild")
    ChildAdultFactory(child=child_b, user=UserFactory(full_name="Rita Riverparent"),
                      relationship="Mother")
    return World(a, b, room, child, other_child, child_b, users, memberships)
