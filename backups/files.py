"""The stored files' half of a backup, through Django's storage API only (``listdir``,
``open``, ``save``), so that it works the same with the local folder and with object storage.

In a backup, a file's bytes are kept under their SHA-256 (``files/<sha256>``): the names of
the storage are only in the manifest, so no name can point outside the backup's folder.
Files are streamed in chunks, never read whole into memory.
"""

import hashlib
import posixpath
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredObject:
    name: str
    size: int
    sha256: str


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in ``storage`` under ``folder``, folders first visited in order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the local folder before the first upload
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from walk(storage, posixpath.join(folder, sub) if folder else sub)


def copy_out(storage: Storage, name: str, folder: Path) -> StoredObject | None:
    """Copy the stored file ``name`` into ``folder`` as ``<sha256>``; None when it is gone
    (deleted since it was listed)."""
    digest, size = hashlib.sha256(), 0
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".copy-", delete=False) as out:
        partial = Path(out.name)
        try:
            with storage.open(name, "rb") as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
        except FileNotFoundError:
            out.close()
            partial.unlink()
            return None
    kept = folder / digest.hexdigest()
    if kept.exists():  # the same bytes under another name
        partial.unlink()
    else:
        partial.rename(kept)
    return StoredObject(name=name, size=size, sha256=digest.hexdigest())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_in(storage: Storage, stored: StoredObject, path: Path) -> str:
    """Save the bytes at ``path`` into ``storage`` under ``stored.name``; the name the storage
    chose (the caller checks it is the same)."""
    with path.open("rb") as source:
        return storage.save(stored.name, File(source, name=stored.name))
