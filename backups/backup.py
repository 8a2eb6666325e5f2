"""Making a backup: the database, then every stored file, into a new folder.

The order, and why every file the dump refers to is in the backup:

1. One REPEATABLE READ transaction exports its snapshot. Inside it the names of every stored
   file the rows refer to are read (each FileField) and pg_dump is started on the same
   snapshot: the dump and that list are the same moment of the database.
2. Then the storage is listed and every file in it is copied, streamed, its SHA-256 taken.
   A file is written to the storage before the row naming it is committed, so each file
   the dump refers to was already stored at the snapshot; names are never reused (uploads
   are given fresh names, the storage never overwrites), so what is copied under a name is
   the bytes the row meant.
3. A file the dump refers to that is gone by the time of the copy was deleted in between (a
   retention erasure, a removed photo): its name is listed in the manifest's ``missing``,
   and the restored portal answers 404 for it, as the live one does now. Files uploaded
   after the snapshot are copied too, with no row referring to them.

The backup is written to ``<output>.partial`` and renamed to ``<output>`` only when
complete, so a folder with the final name is always a whole backup.
"""

import shutil
from collections.abc import Callable
from pathlib import Path

from django.core.files.storage import storages
from django.utils import timezone

from backups import database
from backups.database import BackupError
from backups.files import StoredObject, copy_out, sha256_of, walk
from backups.manifest import DUMP, FILES, Manifest
from backups.progress import Progress, size_text


def make_backup(output: Path, say: Callable[[str], None]) -> Manifest:
    database.require_postgresql()
    if output.exists():
        raise BackupError(f"{output} exists: a backup is never written over. Choose a new name.")
    if not output.parent.is_dir():
        raise BackupError(f"{output.parent} is not a folder.")
    partial = output.with_name(output.name + ".partial")
    try:
        partial.mkdir(mode=0o700)  # children's data: for its owner only
    except FileExistsError:
        raise BackupError(f"{partial} exists: an earlier backup stopped half-way. "
                          "Delete it and start again.") from None
    try:
        manifest = _write(partial, say)
        partial.rename(output)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def _write(folder: Path, say: Callable[[str], None]) -> Manifest:
    dump_path = folder / DUMP
    say(f"Dumping the database {database.database_name()}...")
    with database.snapshot() as snapshot_id:
        created_at = timezone.now().isoformat()
        migrations = database.applied_migrations()
        referenced = database.referenced_files()
        database.dump(dump_path, snapshot_id)
    dump_size = dump_path.stat().st_size
    say(f"Database: {size_text(dump_size)}.")

    storage = storages["default"]
    files = folder / FILES
    files.mkdir()
    names = list(walk(storage))
    say(f"Copying {len(names)} stored files...")
    progress = Progress(say, "Files", len(names))
    objects: list[StoredObject] = []
    for name in names:
        stored = copy_out(storage, name, files)
        if stored is not None:
            objects.append(stored)
        progress.step(stored.size if stored else 0)

    copied = {stored.name for stored in objects}
    manifest = Manifest(created_at=created_at, database=database.database_name(),
                        dump_size=dump_size, dump_sha256=sha256_of(dump_path),
                        migrations=migrations, objects=objects,
                        missing=sorted(referenced - copied))
    manifest.write(folder)
    return manifest
