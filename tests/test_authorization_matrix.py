"""Every URL of the portal, for every persona (docs/architecture.md, "Tests").

Each app lists its URLs in ``tests/<app>/matrix.py``; they are merged here. A URL pattern of
the portal's own apps that is missing fails ``test_every_url_is_in_the_matrix``. allauth's
and the admin's URLs are third-party; how they answer is tested in
tests/preschool/test_accounts.py.

The personas' world is built once for this module, in a transaction undone at its end, and
each persona signed in once (``force_login``; a case's client carries that cookie). Each
case runs in a savepoint of its own inside it (pytest-django's ``db``), rolled back when the
case ends, with its own copy of the world's objects: no case sees what another changed. What
a GET shows (an observation with photos, a rendered PDF) is built once for all personas,
in a savepoint undone when the next URL starts; a POST's objects are built for each case.
"""

import copy
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from families.models import Child
from tests.authz import LOGIN
from tests.conftest import FAST_HASHERS, PERSONAS, World, make_world, media_settings

PROJECT_APPS = ("preschool", "families", "keyperson", "learning_journal", "consents",
                "collection", "attendance", "complaints", "policies", "push", "messaging", "events",
                "news", "notifications", "privacy", "subject_access", "retention",
                "setting_export", "api", "offline", "progress")

MATRIX: dict[str, tuple] = {}
for _app in PROJECT_APPS:
    try:
        _module = importlib.import_module(f"tests.{_app}.matrix")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"tests.{_app}", f"tests.{_app}.matrix"):
            raise
        continue
    assert not set(_module.MATRIX) & set(MATRIX), f"{_app} repeats a URL name"
    MATRIX.update(_module.MATRIX)


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


@pytest.fixture(scope="module")
def media_folder(tmp_path_factory) -> Path:
    """One folder of uploads for the module: a GET's files serve every persona."""
    return tmp_path_factory.mktemp("matrix-media")


@dataclass
class SignedInWorld(World):
    """The world, with each persona but anonymous signed in once (by ``force_login``)."""

    session_keys: dict[str, str] = field(default_factory=dict)

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.session_keys[persona]
        return client

    @classmethod
    def sign_in(cls, world: World) -> "SignedInWorld":
        keys = {persona: world.client_for(persona).cookies[settings.SESSION_COOKIE_NAME].value
                for persona in PERSONAS if persona != "anonymous"}
        # Each request saves the sign-in's row, but in its case's savepoint: the rows keep the
        # expiry they were made with, which must outlast the module however slow the machine.
        Session.objects.filter(session_key__in=keys.values()).update(
            expire_date=timezone.now() + timedelta(days=1))
        return cls(**vars(world), session_keys=keys)


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker, media_folder) -> Iterator[SignedInWorld]:
    """The world, built once, in a transaction rolled back when the module ends."""
    media_folder.mkdir(exist_ok=True)
    with (django_db_blocker.unblock(),
          override_settings(PASSWORD_HASHERS=FAST_HASHERS,
                            **media_settings(media_folder, settings.STORAGES)),
          transaction.atomic()):
        yield SignedInWorld.sign_in(make_world())
        transaction.set_rollback(True)


@pytest.fixture
def world(built_world, db) -> SignedInWorld:
    """This case's copy of the world: what it changes, in memory or (in its savepoint) in the
    database, is gone before the next case."""
    return copy.deepcopy(built_world)


def url_of(world: World, name: str) -> str:
    """The URL, with the objects its kwargs builder makes for it."""
    _, kwargs_builder, _ = MATRIX[name]
    return reverse(name, kwargs=kwargs_builder(world) if kwargs_builder else None)


@pytest.fixture(scope="module")
def page_url(built_world, django_db_blocker, name) -> Iterator[str | None]:
    """A GET's URL, built once for every persona (its objects kept, in a savepoint, until the
    next URL's); None for a POST, whose objects are built for each case, as a case may
    change or remove them."""
    if MATRIX[name][0] != "get":
        yield None
        return
    with django_db_blocker.unblock(), transaction.atomic():
        yield url_of(copy.deepcopy(built_world), name)
        transaction.set_rollback(True)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX), scope="module")
def test_matrix(world, page_url, name, persona):
    method, _, answers = MATRIX[name]
    url = page_url or url_of(world, name)
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
    response = world.client_for("manager").get(url_of(world, name))
    assert response.status_code == 405


@pytest.mark.parametrize("case", ["one", "another"])
def test_no_case_sees_what_another_changed(world, case):
    """Whichever runs second starts from the world as built, in the database and in memory."""
    assert Child.objects.get(pk=world.child.pk).first_name == world.child.first_name == "Ava"
    assert not world.child.adults.filter(relationship=case).exists()
    world.child.first_name = f"Changed by {case}"
    world.child.save()
    world.child.adults.update(relationship=case)
