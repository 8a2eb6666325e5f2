"""Restoring a backup into an empty database and an empty storage.

1. Read the manifest. A backup whose database had a migration this code does not know was
   made by a newer version of the portal: refused (restore it with that version).
2. Refuse unless the database has no table at all and the storage no file: a restore never
   mixes with, or writes over, what is there.
3. Check the dump and every file against their SHA-256 before anything is written: a
   damaged backup changes nothing.
4. pg_restore in one transaction (the schema with its triggers, then the rows).
5. Save every file under exactly its name; a storage that gives another name (one that
   renames, or a file that appeared meanwhile) stops the restore.
6. Check the restored database's migrations are the manifest's.

What a backup cannot bring back right: anything erased after it was made is in it again.
The nightly retention run erases again whatever is past its period (after the managers'
notice, as always); an adult's erasure processed after the backup must be processed again
(the summary lists the requests that were waiting when the backup was made).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import storages
from django_scopes import scopes_disabled

from backups import database
from backups.database import BackupError, Migration
from backups.files import copy_in, sha256_of, walk
from backups.manifest import DUMP, FILES, Manifest
from backups.progress import Progress
from retention.adults import AdultErasure


@dataclass
class Restored:
    manifest: Manifest
    unapplied: list[Migration] = field(default_factory=list)
    waiting_erasures: list[tuple[str, str, str]] = field(default_factory=list)


def restore_backup(folder: Path, say: Callable[[str], None]) -> Restored:
    database.require_postgresql()
    manifest = Manifest.read(folder)
    unknown = sorted(set(manifest.migrations) - database.migrations_of_the_code())
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the portal (its database has "
            f"migrations this code does not have: {_names(unknown)}). Restore it with that "
            "version.")
    if not database.is_empty():
        raise BackupError(f"The database {database.database_name()} is not empty: restore "
                          "into a new, empty database. Nothing was changed.")
    storage = storages["default"]
    if next(walk(storage), None) is not None:
        raise BackupError("The storage of files is not empty: restore into an empty folder "
                          "or bucket. Nothing was changed.")

    _verify(folder, manifest, say)

    say(f"Restoring the database {database.database_name()}...")
    database.restore(folder / DUMP)
    progress = Progress(say, "Files", len(manifest.objects))
    for stored in manifest.objects:
        try:
            saved = copy_in(storage, stored, folder / FILES / stored.sha256)
        except Exception as exc:
            raise BackupError(f"Saving {stored.name} failed ({exc}). " + _HALF_DONE) from exc
        if saved != stored.name:
            raise BackupError(f"The storage saved {stored.name} as {saved}: it must keep "
                              "names. " + _HALF_DONE)
        progress.step(stored.size)

    restored = sorted(database.applied_migrations())
    if restored != sorted(manifest.migrations):
        raise BackupError("The restored database's migrations are not the manifest's. "
                          + _HALF_DONE)
    with scopes_disabled():
        # The setting, when it was recorded and the request's id: never the person's name.
        waiting = [(str(e.setting), f"{e.recorded_at:%Y-%m-%d}", str(e.uuid)) for e in
                   AdultErasure.objects.filter(outcome=AdultErasure.Outcome.PENDING)
                   .select_related("setting").order_by("setting__name", "recorded_at")]
    return Restored(manifest=manifest, unapplied=database.unapplied_migrations(),
                    waiting_erasures=waiting)


_HALF_DONE = ("The database is restored but the files are not all there: drop and create "
              "the database again, empty the storage, and restore again.")


def _verify(folder: Path, manifest: Manifest, say: Callable[[str], None]) -> None:
    """Every byte of the backup against the manifest, before anything is changed."""
    dump = folder / DUMP
    if not dump.is_file() or sha256_of(dump) != manifest.dump_sha256:
        raise BackupError(f"The backup is damaged: {dump} does not match its SHA-256 in the "
                          "manifest. Nothing was changed.")
    progress = Progress(say, "Checking files", len(manifest.objects))
    for stored in manifest.objects:
        path = folder / FILES / stored.sha256
        if not path.is_file():
            raise BackupError(f"The backup is damaged: the file of {stored.name} "
                              f"({FILES}/{stored.sha256}) is missing. Nothing was changed.")
        if path.stat().st_size != stored.size or sha256_of(path) != stored.sha256:
            raise BackupError(f"The backup is damaged: the file of {stored.name} "
                              f"({FILES}/{stored.sha256}) does not match its SHA-256 in the "
                              "manifest. Nothing was changed.")
        progress.step(stored.size)


def _names(migrations: list[Migration]) -> str:
    return ", ".join(f"{app}.{name}" for app, name in migrations)
