"""What a backup folder holds, described by its ``manifest.json``:

```
<backup>/manifest.json     this description
<backup>/database.dump     pg_dump's custom format
<backup>/files/<sha256>    each stored file's bytes
```

The manifest names the moment of the database (``created_at``, the dump's snapshot), the
database, the dump's size and SHA-256, the migrations applied then (all of them, and the
latest of each app for a reader), every stored file (name, size, SHA-256) and the names the
database referred to that were deleted before they could be copied (``missing``).
"""

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from backups.database import BackupError, Migration
from backups.files import StoredObject

FORMAT = "preschool-portal-backup"
VERSION = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"


@dataclass
class Manifest:
    created_at: str
    database: str
    dump_size: int
    dump_sha256: str
    migrations: list[Migration]
    objects: list[StoredObject] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def latest_migrations(self) -> dict[str, str]:
        latest: dict[str, str] = {}
        for app, name in sorted(self.migrations):
            latest[app] = max(latest.get(app, name), name)
        return latest

    @property
    def object_bytes(self) -> int:
        return sum(stored.size for stored in self.objects)

    def write(self, folder: Path) -> None:
        data = {
            "format": FORMAT, "version": VERSION, "created_at": self.created_at,
            "database": {"name": self.database, "file": DUMP, "size": self.dump_size,
                         "sha256": self.dump_sha256},
            "migrations": {"latest": self.latest_migrations,
                           "applied": [list(m) for m in self.migrations]},
            "object_count": len(self.objects), "object_bytes": self.object_bytes,
            "objects": [asdict(stored) for stored in self.objects],
            "missing": self.missing,
        }
        (folder / MANIFEST).write_text(json.dumps(data, indent=1) + "\n")

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        path = folder / MANIFEST
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise BackupError(f"{folder} is not a backup: cannot read {path} ({exc}).") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{path} is not the manifest of a portal backup.")
        if data.get("version") != VERSION:
            raise BackupError(f"{path} is a backup of format version {data.get('version')}; "
                              f"this version of the portal reads version {VERSION}.")
        try:
            manifest = cls(
                created_at=data["created_at"], database=data["database"]["name"],
                dump_size=data["database"]["size"], dump_sha256=data["database"]["sha256"],
                migrations=[(app, name) for app, name in data["migrations"]["applied"]],
                objects=[StoredObject(name=o["name"], size=o["size"], sha256=o["sha256"])
                         for o in data["objects"]],
                missing=list(data["missing"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise BackupError(f"{path} is incomplete ({exc!r}).") from None
        for stored in manifest.objects:
            _check_name(stored.name, path)
        return manifest


def _check_name(name: str, path: Path) -> None:
    """A storage name is relative and stays inside the storage."""
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or ".." in parts or "\\" in name:
        raise BackupError(f"{path} names a file {name!r} outside the storage.")
