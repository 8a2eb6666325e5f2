"""A backup of the demo, restored into an empty database and an empty storage, is the same
portal.

Everything runs as in production, in real processes: two new PostgreSQL databases (dropped at
the end), `migrate` and `seed_demo --force` on the first with its own storage, `backup`, then
`restore` into the second database with another, empty storage; then one gunicorn on each,
and the demo's people sign in through the real form on both and are shown the same pages.

The storage of files is a parameter (``STORAGES_UNDER_TEST``): each kind makes an empty
storage and says how the portal's processes are pointed at it: the local folder (MEDIA_ROOT)
and a bucket of an S3-protocol server (tests/object_storage.py).
"""

import difflib
import io
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
import requests
from django.db import connection
from pypdf import PdfReader

from tests.object_storage import new_bucket
from tests.servers import BIN, ROOT, gunicorn

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" and os.environ.get("CI") != "true",
    reason="backups are of PostgreSQL databases")

DEMO_PASSWORD = "acorns-demo-2026"  # noqa: S105 (the demo's published password)
PARENT = "sophie.thompson@family.example"  # Amelia's mother
KEY_PERSON = "grace.okafor@acorns.example"  # Amelia's key person
MANAGER = "helen.carter@acorns.example"


# --- The storages a backup is tested with ---------------------------------------------------

class StorageUnderTest(Protocol):
    """An empty storage of one kind, as the test sees it from outside the portal."""

    @property
    def env(self) -> dict[str, str]:
        """The variables that point the portal's processes at it."""

    def put(self, name: str, data: bytes) -> None: ...

    def read(self, name: str) -> bytes: ...

    def names(self) -> list[str]:
        """Every file's name, sorted."""


@dataclass
class LocalFolder:
    """The local folder (FileSystemStorage at MEDIA_ROOT)."""

    root: Path

    @property
    def env(self) -> dict[str, str]:
        return {"MEDIA_ROOT": str(self.root)}

    def put(self, name: str, data: bytes) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def names(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*")
                      if p.is_file())


# A kind of storage: given a new folder for its own use, an empty storage. Object storage
# (a bucket of the tests' S3 server, and the variables that choose it) is added here.
STORAGES_UNDER_TEST: dict[str, Callable[[pytest.FixtureRequest, Path], StorageUnderTest]] = {
    "local": lambda request, folder: LocalFolder(folder),
    "s3": lambda request, folder: new_bucket(request.getfixturevalue("s3_endpoint")),
}


# --- Databases and commands -----------------------------------------------------------------

def _server() -> dict[str, str]:
    """libpq's variables for the tests' PostgreSQL server."""
    db = connection.settings_dict
    env = {"PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432),
           "PGUSER": db["USER"]}
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _psql(database: str, statement: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["psql", "--no-psqlrc", "-At", "-v", "ON_ERROR_STOP=1", "-d", database,
                           "-c", statement], env={**os.environ, **_server()},
                          capture_output=True, text=True)


def _sql(database: str, statement: str) -> list[tuple[str, ...]]:
    result = _psql(database, statement)
    assert result.returncode == 0, result.stderr
    return [tuple(line.split("|")) for line in result.stdout.splitlines()]


def _tables(database: str) -> int:
    return int(_sql(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
               [0][0])


class Databases:
    """New, empty databases on the tests' PostgreSQL server, all dropped by ``drop_all``."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def new(self) -> str:
        name = f"portal_backup_test_{uuid.uuid4().hex[:12]}"
        _sql("postgres", f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return name

    def url(self, name: str) -> str:
        server = _server()
        user = (f"{server['PGUSER']}:{server['PGPASSWORD']}" if "PGPASSWORD" in server
                else server["PGUSER"])
        return f"postgres://{user}@{server['PGHOST']}:{server['PGPORT']}/{name}"

    def drop_all(self) -> None:
        for name in self.names:
            _sql("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Portal:
    """A database and a storage, and the environment of the portal's processes on them."""

    database: str
    url: str
    storage: StorageUnderTest

    @property
    def env(self) -> dict[str, str]:
        # Each portal has its own cache (in its database) and runs its tasks in-process.
        return {"DATABASE_URL": self.url, "CACHE_URL": "db://", "CELERY_BROKER_URL": "",
                **self.storage.env}

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT,
                                env={**os.environ, **self.env}, capture_output=True, text=True)
        if check and result.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result

    def data(self) -> str:
        """Every row, as pg_dump writes them (the caches' rows left out)."""
        return _pg_dump(self.database, "--data-only", "--exclude-table-data=portal_cache")

    def structure(self) -> list[tuple[str, ...]]:
        """The tables' columns, the indexes, constraints, triggers and functions. (Not
        pg_dump's text: PostgreSQL writes some restored expressions differently, the same
        condition in other brackets.)"""
        return _sql(self.database, """
            SELECT 'column', table_name, column_name || ' ' || data_type
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'index', tablename, indexname FROM pg_indexes
              WHERE schemaname = 'public'
            UNION ALL SELECT 'constraint', conrelid::regclass::text, conname || ' ' || contype::text
              FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            UNION ALL SELECT 'trigger', tgrelid::regclass::text,
                             tgname || ' ' || tgfoid::regproc::text || ' ' || tgenabled::text
              FROM pg_trigger WHERE NOT tgisinternal
            UNION ALL SELECT 'function', proname, md5(prosrc) FROM pg_proc
              WHERE pronamespace = 'public'::regnamespace
            ORDER BY 1, 2, 3""")


def _pg_dump(database: str, *args: str) -> str:
    text = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", "-d", database, *args],
                          env={**os.environ, **_server()}, check=True, capture_output=True,
                          text=True).stdout
    # pg_dump's \restrict and \unrestrict lines carry a random key of each dump.
    return re.sub(r"^\\(un)?restrict .*$", "", text, flags=re.MULTILINE)


@pytest.fixture(scope="module", params=sorted(STORAGES_UNDER_TEST))
def new_storage(request, tmp_path_factory) -> Callable[[], StorageUnderTest]:
    """``new_storage()``: a new, empty storage of the kind under test."""
    return lambda: STORAGES_UNDER_TEST[request.param](request,
                                                      tmp_path_factory.mktemp("storage"))


@pytest.fixture(scope="module")
def new_portal(new_storage) -> Iterator[Callable[[], Portal]]:
    """``new_portal()``: a new, empty database and a new, empty storage."""
    if connection.vendor != "postgresql":
        pytest.fail("CI runs the backup tests on PostgreSQL: set DATABASE_URL to it.")
    databases = Databases()

    def make() -> Portal:
        name = databases.new()
        return Portal(database=name, url=databases.url(name), storage=new_storage())

    try:
        yield make
    finally:
        databases.drop_all()


@pytest.fixture(scope="module")
def empty_database(new_portal) -> Portal:
    """One empty database for the restores that must be refused (each leaves it empty)."""
    return new_portal()


@pytest.fixture(scope="module")
def demo(new_portal) -> Portal:
    """The demo pre-schools, seeded as `make run` does (with DEBUG off, hence --force)."""
    source = new_portal()
    source.manage("migrate", "--no-input")
    source.manage("createcachetable")
    source.manage("seed_demo", "--force")
    assert source.storage.names(), "the demo stores photos"
    return source


@pytest.fixture(scope="module")
def backup(demo, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("backups") / "demo"
    result = demo.manage("backup", "--output", str(folder))
    assert f"Wrote {folder}" in result.stdout
    return folder


# --- The round trip -------------------------------------------------------------------------

def test_it_restores_the_demo_whole_and_serves_the_same_pages(demo, backup, new_portal):
    target = new_portal()
    result = target.manage("restore", str(backup))
    assert "Restored the backup" in result.stdout

    # The same rows, the same schema with its triggers, the same files byte for byte.
    assert target.data() == demo.data()
    assert target.structure() == demo.structure()
    assert ("trigger", "preschool_auditevent",
            "preschool_auditevent_append_only preschool_auditevent_append_only O") in \
        target.structure()
    assert target.storage.names() == demo.storage.names()
    for name in demo.storage.names():
        assert target.storage.read(name) == demo.storage.read(name), name
    # The audit trail is still append-only in the restored database.
    refused = _psql(target.database, "DELETE FROM preschool_auditevent")
    assert "Audit events are append-only" in refused.stderr

    amelia, room = _sql(demo.database, (
        "SELECT c.uuid, r.uuid FROM families_child c JOIN families_room r ON r.id = c.room_id "
        "WHERE c.first_name = 'Amelia'"))[0]
    gui = {"REQUIRE_STAFF_MFA": "false"}
    with gunicorn({**demo.env, **gui}) as before, gunicorn({**target.env, **gui}) as after:
        both = Visitors(before, after)

        both.sign_in(PARENT)
        journal = both.same_page(f"/journal/children/{amelia}/")
        photos = sorted(set(re.findall(r"/journal/media/[0-9a-f-]{36}/", journal)))
        assert photos, "Amelia's journal shows photos"
        both.same_page("/")
        both.same_page(f"/children/{amelia}/")
        for photo in photos:
            assert both.same_bytes(photo).startswith(b"\xff\xd8")  # a JPEG
        both.same_pdf(f"/consents/children/{amelia}/medication.pdf")

        both.sign_in(KEY_PERSON)
        both.same_page("/")
        both.same_page(f"/journal/children/{amelia}/")
        both.same_page(f"/attendance/register/{room}/")
        both.same_bytes(photos[0])

        both.sign_in(MANAGER)
        both.same_page("/")
        both.same_page(f"/children/{amelia}/")
        both.same_page(f"/attendance/register/{room}/")
        audit = both.same_page("/audit/")
        assert "medication.record_exported" in audit  # the parent's download, on both


# --- Refusals -------------------------------------------------------------------------------

def test_it_refuses_a_database_that_is_not_empty_and_changes_nothing(demo, backup, new_storage):
    # The database the backup was made of, with a new, empty storage.
    target = Portal(database=demo.database, url=demo.url, storage=new_storage())
    rows = target.data()

    result = target.manage("restore", str(backup), check=False)

    assert result.returncode == 1
    assert f"The database {target.database} is not empty" in result.stderr
    assert target.data() == rows
    assert target.storage.names() == []


def test_it_refuses_a_storage_that_is_not_empty_and_changes_nothing(backup, empty_database,
                                                                   new_storage):
    target = Portal(database=empty_database.database, url=empty_database.url,
                    storage=new_storage())
    target.storage.put("journal/kept.jpg", b"already here")

    result = target.manage("restore", str(backup), check=False)

    assert result.returncode == 1
    assert "The storage of files is not empty" in result.stderr
    assert _tables(target.database) == 0
    assert target.storage.names() == ["journal/kept.jpg"]


def test_it_refuses_a_damaged_file_and_changes_nothing(backup, empty_database, tmp_path):
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    photo = sorted((damaged / "files").iterdir())[0]
    photo.write_bytes(photo.read_bytes()[:-1] + b"\x00")
    target = empty_database

    result = target.manage("restore", str(damaged), check=False)

    assert result.returncode == 1
    assert f"({photo.relative_to(damaged)}) does not match its SHA-256" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert _tables(target.database) == 0
    assert target.storage.names() == []


def test_it_refuses_a_backup_of_a_newer_portal(backup, empty_database, tmp_path):
    newer = tmp_path / "newer"
    shutil.copytree(backup, newer)
    manifest = (newer / "manifest.json").read_text()
    (newer / "manifest.json").write_text(manifest.replace(
        '"applied": [', '"applied": [\n  ["families", "9999_from_a_later_version"],', 1))
    target = empty_database

    result = target.manage("restore", str(newer), check=False)

    assert result.returncode == 1
    assert "made by a newer version of the portal" in result.stderr
    assert "families.9999_from_a_later_version" in result.stderr
    assert _tables(target.database) == 0


def test_it_never_writes_over_a_backup(demo, backup):
    before = (backup / "manifest.json").read_text()

    result = demo.manage("backup", "--output", str(backup), check=False)

    assert result.returncode == 1
    assert "a backup is never written over" in result.stderr
    assert (backup / "manifest.json").read_text() == before


# --- Two browsers, one on each portal -------------------------------------------------------

# What differs between two answers of the same page: per-response tokens, and the clock.
_PER_RESPONSE = [
    (re.compile(r"[A-Za-z0-9]{64}"), "TOKEN"),  # CSRF tokens (masked, a new one each time)
    (re.compile(r'nonce="[^"]*"'), 'nonce="NONCE"'),  # CSP nonces
    (re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b"), "HH:MM"),  # the two visits are seconds apart
]


def _normalised(text: str) -> str:
    for pattern, replacement in _PER_RESPONSE:
        text = pattern.sub(replacement, text)
    return text


class Visitors:
    """The same person in two browsers: one on the portal before the backup, one on the
    restored portal. Each request is made on both and the answers compared."""

    def __init__(self, before: str, after: str) -> None:
        self.bases = (before, after)
        self.sessions = (requests.Session(), requests.Session())

    def sign_in(self, email: str) -> None:
        self.sessions = (requests.Session(), requests.Session())
        for base, session in zip(self.bases, self.sessions, strict=True):
            form = session.get(f"{base}/accounts/login/", timeout=30)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
            assert token, "the sign-in form carries a CSRF token"
            answer = session.post(f"{base}/accounts/login/", timeout=30, allow_redirects=False,
                                  data={"csrfmiddlewaretoken": token.group(1), "login": email,
                                        "password": DEMO_PASSWORD})
            assert answer.status_code == 302, f"{email} could not sign in on {base}"

    def _get(self, path: str) -> tuple[requests.Response, requests.Response]:
        answers = tuple(session.get(f"{base}{path}", timeout=60)
                        for base, session in zip(self.bases, self.sessions, strict=True))
        for answer in answers:
            assert answer.status_code == 200, f"{answer.url}: {answer.status_code}"
        return answers[0], answers[1]

    def same_page(self, path: str) -> str:
        before, after = (_normalised(answer.text) for answer in self._get(path))
        if before != after:
            diff = "\n".join(list(difflib.unified_diff(
                before.splitlines(), after.splitlines(), "before", "restored", lineterm=""))[:60])
            pytest.fail(f"{path} differs after the restore:\n{diff}")
        return before

    def same_bytes(self, path: str) -> bytes:
        before, after = self._get(path)
        assert before.content == after.content, f"{path} differs after the restore"
        return before.content

    def same_pdf(self, path: str) -> None:
        """A PDF made on request: the same text (its bytes hold the time it was made)."""
        before, after = (
            _normalised("\n".join(page.extract_text() for page in
                                  PdfReader(io.BytesIO(answer.content)).pages))
            for answer in self._get(path))
        assert before == after, f"{path} differs after the restore"
        assert "Amelia" in before
