"""Personas across two settings (docs/architecture.md, "Tests").

Acorn (setting A): a manager, Kim the key person of Ava, another practitioner, Pat the parent with
parental responsibility for Ava, Casey a carer of Ava without the right to receive
information, and Olly the parent of another child. Riverside (setting B): Bea, its manager,
with a child of her own setting. Plus anonymous, and the portal's superuser.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import translation
from django_scopes import scopes_disabled

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
from tests.servers import (
    BROKER_STEP,
    CACHE_STEP,
    CONFIGURED_BROKER,
    WORKERS,
    CeleryWorkers,
    redis_databases,
    redis_url_of_this_worker,
    require_redis,
)

# The S3-protocol server and its buckets (``s3_endpoint``), for the tests of object storage.
pytest_plugins = ["tests.object_storage"]

PERSONAS = ["anonymous", "manager", "key_person", "practitioner", "parent", "carer_no_info",
            "other_parent", "other_setting", "superuser"]


@pytest.fixture(autouse=True, scope="session")
def _scopes_disabled() -> Iterator[None]:
    """Test bodies and factories read and write any setting's rows, as pretix's tests do.

    Session-wide, so that fixtures built once per module are covered too. The portal's own
    code still runs scoped: each request opens its setting's scope in TenancyMiddleware
    (``scope()`` re-enables scoping inside this), and the live server's threads and the
    Celery worker processes start with scoping on, as in production.
    """
    with scopes_disabled():
        yield


@pytest.fixture(scope="session", autouse=True)
def _redis_cache_of_this_worker() -> Iterator[None]:
    """A Redis cache (CI's) is this worker's own database (tests/servers.py): the tests clear
    the cache, and one worker must not clear another's rate-limit counters mid-test."""
    cache_settings = cast(dict[str, Any], django_settings.CACHES["default"])
    if "redis" not in cache_settings["BACKEND"].lower():
        yield
        return
    shared = (redis_databases(cache_settings["LOCATION"], CACHE_STEP)
              & redis_databases(CONFIGURED_BROKER, BROKER_STEP))
    if shared:
        pytest.exit(f"{WORKERS} test processes would share Redis databases {sorted(shared)} "
                    "between the cache and the Celery broker: run fewer (-n).", returncode=4)
    location = redis_url_of_this_worker(cache_settings["LOCATION"], CACHE_STEP)
    caches = {**django_settings.CACHES, "default": {**cache_settings, "LOCATION": location}}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _source_language() -> Iterator[None]:
    """Each test starts in British English: a request in another language (the language
    tests', or a signed-out request with the browser's) leaves its language active in the
    thread, as Django's LocaleMiddleware does, where the next request would choose again."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def without_the_weekly_email(monkeypatch):
    """The reminder scan without the families' weekly email, which is due from Friday at 16:00
    to the end of Sunday (news/weekly.py): for tests of other emails that scan every kind, so
    that they hold at the weekend too."""
    from news.weekly import WEEKLY_EMAIL
    from preschool.lib import reminders

    monkeypatch.setattr(reminders, "KINDS", {
        name: kind for name, kind in reminders.KINDS.items() if name != WEEKLY_EMAIL})


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
    settings.PASSWORD_HASHERS = FAST_HASHERS


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def media_settings(root: Path, storages: dict) -> dict:
    """The settings that send uploads to ``root``: ``STORAGES`` is the current one's, with
    its default storage there (no public URL: files are served through views)."""
    return {"MEDIA_ROOT": root,
            "STORAGES": {**storages, "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": root, "base_url": "/nowhere/"}}}}


@pytest.fixture
def media_folder(tmp_path) -> Path:
    """The folder of a test's uploads: its own (the authorization matrix has one per module,
    as it builds what the pages show once for all personas)."""
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def media_root(settings, media_folder) -> Path:
    """Uploads go to a temporary folder, never the project's var/media."""
    media_folder.mkdir(exist_ok=True)
    for name, value in media_settings(media_folder, settings.STORAGES).items():
        setattr(settings, name, value)
    return media_folder


@pytest.fixture
def celery_worker(transactional_db, tmp_path, media_root) -> Iterator[CeleryWorkers]:
    """``celery_worker.start(**env)`` starts a real Celery worker process against this test's
    database, media folder and Redis (see tests/servers.py); every worker started is stopped
    at the end of the test. The test's data must be committed for the worker to see it: hence
    ``transactional_db``."""
    require_redis()
    workers = CeleryWorkers(tmp_path, media_root)
    yield workers
    workers.stop()


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
    return make_world()


def make_world() -> World:
    """The personas and children of both settings (see the top of this module)."""
    a = SettingFactory.create(name="Acorn Test Pre-school", slug="acorn-test")
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

    child = ChildFactory.create(setting=a, room=room, first_name="Ava", last_name="Parentchild")
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
