"""What a backup holds when files change while it is made, and what it refuses."""

import os
import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from backups import database
from backups.backup import make_backup
from backups.manifest import Manifest
from collection.models import AuthorisedCollector
from tests.factories import ChildFactory, UserFactory
from tests.servers import BIN, ROOT

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="backups are of PostgreSQL databases")


def _collector(child, added_by, name: str) -> AuthorisedCollector:
    return AuthorisedCollector.objects.create(
        setting=child.setting, child=child, name=name, relationship="Grandparent",
        added_by=added_by, photo=ContentFile(b"photo of " + name.encode(), name="photo.jpg"))


# The backup's snapshot is read in a transaction of its own: the rows must be committed.
def test_it_names_the_files_deleted_between_the_dump_and_the_copy(transactional_db, tmp_path,
                                                                   monkeypatch):
    child = ChildFactory()
    manager = UserFactory()
    kept = _collector(child, manager, "Nan")
    erased = _collector(child, manager, "Grandad")
    uploaded_later = "collection/collectors/after-the-dump.jpg"
    dump = database.dump

    def dump_while_the_portal_runs(path, snapshot_id):
        dump(path, snapshot_id)
        # Between the dump and the copy: an erasure removes one photo (its row is in the
        # dump), and a new upload arrives (its row is not).
        default_storage.delete(erased.photo.name)
        default_storage.save(uploaded_later, ContentFile(b"new"))

    monkeypatch.setattr(database, "dump", dump_while_the_portal_runs)

    manifest = make_backup(tmp_path / "backup", lambda line: None)

    assert manifest.missing == [erased.photo.name]
    assert sorted(o.name for o in manifest.objects) == sorted([kept.photo.name, uploaded_later])
    assert Manifest.read(tmp_path / "backup").missing == [erased.photo.name]
    assert not (tmp_path / "backup.partial").exists()


def test_it_refuses_sqlite(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
           "CACHE_URL": "db://"}
    result = subprocess.run([str(BIN / "python"), "manage.py", "backup", "--output",
                             str(tmp_path / "backup")], cwd=ROOT, env=env, capture_output=True,
                            text=True)

    assert result.returncode == 1
    assert "Backups and restores work with PostgreSQL only" in result.stderr
    assert not (tmp_path / "backup").exists()
