"""The database half of a backup: PostgreSQL's own pg_dump and pg_restore.

The programs connect with libpq's environment variables built from
``settings.DATABASES["default"]`` (as ``manage.py dbshell`` does), so the password is never on
a command line. They must be of the server's major version or newer (Debian's
``postgresql-client`` package, or PGDG's ``postgresql-client-<version>``).
"""

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_scopes import scopes_disabled

Migration = tuple[str, str]  # (app label, migration name)


class BackupError(Exception):
    """A backup or a restore cannot go on; the message says why and what to do."""


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups and restores work with PostgreSQL only, and DATABASE_URL is a "
            f"{connection.vendor} database. For the local demo, stop the portal and copy the "
            "database file and MEDIA_ROOT instead.")


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client programs, of "
                          "the server's major version or newer (Debian: postgresql-client).")
    return found


def _libpq_environment() -> dict[str, str]:
    """Our environment with the portal's connection in libpq's variables: the password,
    TLS options and service as Django's dbshell passes them, and the host, port, user and
    database."""
    db = connection.settings_dict
    _, client_env = DatabaseClient.settings_to_cmd_args_env(db, [])
    env = {**os.environ, **(client_env or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                          ("PGDATABASE", "NAME")):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(args: list[str]) -> None:
    result = subprocess.run(args, env=_libpq_environment(), capture_output=True, text=True,  # noqa: S603
                            check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def database_name() -> str:
    return str(connection.settings_dict["NAME"])


@contextmanager
def snapshot() -> Iterator[str]:
    """A REPEATABLE READ transaction whose snapshot is exported (yields its id): what this
    transaction reads and what ``dump(..., snapshot_id)`` writes are the same moment of the
    database, and the transaction must stay open until pg_dump has started."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Both must be the transaction's first statements; SQL because the ORM has no words
        # for them.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor.fetchone()[0]


def dump(path: Path, snapshot_id: str) -> None:
    """The whole database, schema (triggers included) and rows, in pg_dump's custom format,
    without owners or grants (the restored database belongs to whoever restores it). The
    database caches' rows are left out: they are rebuilt as the portal runs."""
    caches = cast(dict[str, dict[str, str]], settings.CACHES)
    cache_tables = sorted({cache["LOCATION"] for cache in caches.values()
                           if cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"})
    _run([_program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
          f"--snapshot={snapshot_id}", f"--file={path}",
          *(f"--exclude-table-data={table}" for table in cache_tables)])


def restore(path: Path) -> None:
    """pg_restore into the portal's database, in one transaction: on an error nothing of it
    stays."""
    _run([_program("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
          "--single-transaction", f"--dbname={database_name()}", str(path)])


def is_empty() -> bool:
    """True when the database has no table and no view at all."""
    return not connection.introspection.table_names(include_views=True)


def referenced_files() -> set[str]:
    """Every stored file's name that a row of the database refers to (each FileField)."""
    names: set[str] = set()
    with scopes_disabled():
        for model in apps.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.local_concrete_fields:
                if isinstance(field, models.FileField):
                    names.update(model._base_manager.exclude(**{field.attname: ""})
                                 .exclude(**{f"{field.attname}__isnull": True})
                                 .values_list(field.attname, flat=True))
    return names


def applied_migrations() -> list[Migration]:
    return sorted(MigrationRecorder(connection).applied_migrations())


def migrations_of_the_code() -> set[Migration]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def unapplied_migrations() -> list[Migration]:
    """The code's migrations the database has not had (a backup of an older version)."""
    loader = MigrationLoader(connection)
    applied = set(loader.applied_migrations or {})
    plan = loader.graph.leaf_nodes()
    missing: list[Migration] = []
    for leaf in plan:
        for node in loader.graph.forwards_plan(leaf):
            if node not in applied and node not in missing:
                missing.append(node)
    return missing
