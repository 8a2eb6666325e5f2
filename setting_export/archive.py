"""The whole-setting export's archive: every table of one setting as CSV and JSON, and the
files its rows point at, in one ZIP.

Which models and which of their fields go in is ``setting_export/classification.py`` (every
model of the portal is listed there, exported or withheld with a reason). Which rows belong
to the setting is found from ``_meta``, once per model (``rows_of``):

- ``preschool.Setting``: the setting's own row;
- the people (``preschool.User``): whoever is or was a member of the setting, or is linked
  to one of its children (``people_of``), and the rows that hang on them alone (their email
  addresses);
- a model with a ``setting`` column: its rows of the setting;
- any other: the shortest chain of non-null foreign keys to a model with a ``setting`` column
  (``ChildAdult`` -> ``Child``, ``PolicyVersion`` -> ``Policy``), filtered through it;
- the reference tables (the EYFS's areas), the same for every setting: whole.

Rows are read with the model's base manager and that explicit filter (never a default manager
that hides some rows), as ``values_list`` over a server-side cursor (``.iterator``): one query
a model whatever its number of rows, and memory stays flat; each row is written to the ZIP as
it comes. The task that builds it runs in the setting's scope; the command with scopes
disabled: the filter above is what keeps another setting's rows out, and the tests check it
with two settings.
"""

import csv
import functools
import io
import json
import shutil
import tempfile
import tomllib
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.utils import timezone

from families.models import ChildAdult
from preschool.lib.downloads import csv_cell
from preschool.models import Membership, Setting
from setting_export.classification import EXPORTED, REFERENCE, WITHHELD_FIELDS, WITHHELD_MODELS

# Rows fetched from the database at a time by each model's server-side cursor.
CHUNK_SIZE = 500
# A table's JSON is kept in memory up to this size while its CSV is written, then on disk.
SPOOL_BYTES = 1024 * 1024
# Stored files are copied into the ZIP this many bytes at a time.
COPY_BUFFER = 1024 * 1024

Progress = Callable[[int], None]


def exported_models() -> list[type[models.Model]]:
    """The models whose rows the archive holds, in the order of ``EXPORTED``."""
    return [apps.get_model(label) for label in EXPORTED]


def columns_of(model: type[models.Model]) -> list[models.Field]:
    """The fields of ``model`` that the archive writes, in the model's order."""
    names = set(EXPORTED[model._meta.label])
    return [f for f in model._meta.concrete_fields if f.name in names]


def _has_setting_column(model: type[models.Model]) -> bool:
    try:
        column = model._meta.get_field("setting")
    except Exception:  # FieldDoesNotExist: no such column
        return False
    return getattr(column, "related_model", None) is Setting


@functools.cache
def path_to_setting(model: type[models.Model]) -> str | None:
    """The lookup from ``model`` to its setting: "setting", "child__setting" (the shortest
    chain of non-null foreign keys to a model with a setting column), or None."""
    user_model = get_user_model()
    queue: deque[tuple[type[models.Model], str]] = deque([(model, "")])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        if _has_setting_column(current):
            return f"{path}setting"
        for fk in current._meta.concrete_fields:
            target = fk.related_model
            if (not fk.is_relation or fk.null or not isinstance(target, type)
                    or target in seen or target is user_model or target is Setting):
                continue
            seen.add(target)
            queue.append((target, f"{path}{fk.name}__"))
    return None


def _user_column(model: type[models.Model]) -> str | None:
    user_model = get_user_model()
    for fk in model._meta.concrete_fields:
        if fk.is_relation and not fk.null and fk.related_model is user_model:
            return fk.name
    return None


def people_of(setting: Setting) -> Q:
    """Whoever is or was a member of ``setting``, or is linked to one of its children (a
    condition on users' primary keys, read in the same query as the rows)."""
    members = Membership.objects.filter(setting=setting).values("user_id")
    linked = ChildAdult._base_manager.filter(child__setting=setting,
                                             user__isnull=False).values("user_id")
    return Q(pk__in=members) | Q(pk__in=linked)


def rows_of(model: type[models.Model], setting: Setting) -> models.QuerySet:
    """The rows of ``model`` that belong to ``setting`` (see the module's docstring)."""
    label = model._meta.label
    rows = model._base_manager.all()
    if model is Setting:
        return rows.filter(pk=setting.pk)
    if label in REFERENCE:
        return rows
    if model is get_user_model():
        return rows.filter(people_of(setting))
    path = path_to_setting(model)
    if path is not None:
        return rows.filter(**{path: setting})
    user_column = _user_column(model)
    if user_column is not None:
        people = get_user_model()._base_manager.filter(people_of(setting)).values("pk")
        return rows.filter(**{f"{user_column}__in": people})
    raise LookupError(f"{label} has no way to its setting: classify it as withheld.")


# --- Writing -----------------------------------------------------------------------------------

@dataclass
class Summary:
    """What an archive holds: rows a table, files copied and files missing from storage."""

    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: list[str] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(self.rows.values())


def _csv_value(column: models.Field, value) -> str:
    if value is None:
        return ""
    if isinstance(column, models.JSONField):
        return csv_cell(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(column, (models.CharField, models.TextField)):
        return csv_cell(value)
    return str(value)


def _safe_media_name(name: str) -> bool:
    """A stored file's name that may become a path in the ZIP (never out of ``media/``)."""
    return bool(name) and not name.startswith(("/", "\\")) and ".." not in Path(name).parts


def _write_table(archive: zipfile.ZipFile, model: type[models.Model], setting: Setting,
                 files: dict[str, None]) -> int:
    """``<app>/<model>.csv`` and ``.json`` of the setting's rows of ``model``, in one query;
    the names of the files its rows point at are added to ``files``."""
    columns = columns_of(model)
    names = [c.attname for c in columns]
    file_positions = [i for i, c in enumerate(columns) if isinstance(c, models.FileField)]
    base = f"{model._meta.app_label}/{model._meta.model_name}"
    count = 0
    with (tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+b") as json_file,
          archive.open(f"{base}.csv", "w", force_zip64=True) as raw_csv):
        csv_text = io.TextIOWrapper(raw_csv, encoding="utf-8", newline="")
        writer = csv.writer(csv_text)
        writer.writerow(names)
        json_file.write(b"[")
        rows = rows_of(model, setting).order_by("pk").values_list(*names)
        for row in rows.iterator(chunk_size=CHUNK_SIZE):
            writer.writerow([_csv_value(c, v) for c, v in zip(columns, row, strict=True)])
            json_file.write(b",\n" if count else b"\n")
            json_file.write(json.dumps(dict(zip(names, row, strict=True)),
                                       cls=DjangoJSONEncoder, ensure_ascii=False).encode())
            for i in file_positions:
                if _safe_media_name(row[i] or ""):
                    files[row[i]] = None
            count += 1
        json_file.write(b"\n]\n")
        csv_text.flush()
        csv_text.detach()
        raw_csv.close()
        json_file.seek(0)
        with archive.open(f"{base}.json", "w", force_zip64=True) as raw_json:
            shutil.copyfileobj(json_file, raw_json, COPY_BUFFER)
    return count


def _copy_files(archive: zipfile.ZipFile, names: Iterator[str], total: int, summary: Summary,
                progress: Callable[[int, int], None]) -> None:
    for done, name in enumerate(names, start=1):
        try:
            source = default_storage.open(name, "rb")
        except (FileNotFoundError, OSError):
            summary.missing_files.append(name)
        else:
            with source, archive.open(zipfile.ZipInfo(f"media/{name}"), "w",
                                      force_zip64=True) as target:
                shutil.copyfileobj(source, target, COPY_BUFFER)
            summary.files += 1
        progress(done, total)


def write_archive(setting: Setting, target, progress: Progress | None = None) -> Summary:
    """Write the whole export of ``setting`` as a ZIP to ``target`` (a binary file opened for
    writing). ``progress(percent)`` is called as it goes: the tables are the first 60%."""
    summary = Summary()
    files: dict[str, None] = {}  # in order, once each
    models_ = exported_models()
    last = -1

    def report(percent: int) -> None:
        nonlocal last
        if progress is not None and percent != last:
            last = percent
            progress(percent)

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED,
                         allowZip64=True) as archive:
        for done, model in enumerate(models_, start=1):
            summary.rows[model._meta.label] = _write_table(archive, model, setting, files)
            report(done * 60 // len(models_))
        # Photos and PDFs are compressed already: stored as they are.
        archive.compression = zipfile.ZIP_STORED
        _copy_files(archive, iter(files), len(files), summary,
                    lambda done, total: report(60 + done * 39 // max(total, 1)))
        archive.compression = zipfile.ZIP_DEFLATED
        archive.writestr("README.txt", readme(setting, summary))
    report(100)
    return summary


# --- README ------------------------------------------------------------------------------------

def portal_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def migration_state() -> dict[str, str]:
    """The last migration applied of each app (one query)."""
    state: dict[str, str] = {}
    for app, name in (MigrationRecorder.Migration.objects.order_by("app", "name")
                      .values_list("app", "name")):
        state[app] = name
    return state


def readme(setting: Setting, summary: Summary) -> str:
    """README.txt: what each file is, when it was made, the portal's version and migrations,
    the number of rows of each table, what was withheld and why. In British English, like
    the column names: the archive is read by people and programs alike."""
    now = timezone.now()
    lines = [
        f"Export of all the data of {setting.name} ({setting.slug}, {setting.uuid})",
        f"Made on {now.isoformat(timespec='seconds')} by the pre-school portal, "
        f"version {portal_version()}.",
        "",
        "Each table of the setting is here twice: <app>/<table>.csv (a header row, then one",
        "row a line, UTF-8) and <app>/<table>.json (a list of objects). Both hold the same",
        "rows and columns. A column ending in _id holds the id of a row of another table (for",
        "example child_id is the id column of families/child). In the CSV files, text that",
        "starts with = + - or @ has a ' in front of it so that a spreadsheet does not run it as",
        "a formula; the JSON files hold the text exactly. Times are in UTC (ISO 8601).",
        "",
        "media/ holds every stored file (photos, videos, PDFs) the rows point at, under the",
        "name in their file column.",
        "",
        "The people (preschool/user) are everyone who is or was a member of the setting, or",
        "linked to one of its children.",
        "",
        f"Tables ({len(summary.rows)}), with their number of rows:",
    ]
    for label, count in summary.rows.items():
        app, model = label.split(".")
        lines.append(f"  {app}/{model.lower()}: {count}")
    lines += ["", f"Files in media/: {summary.files}"]
    if summary.missing_files:
        lines.append(f"Files a row names that were missing from storage "
                     f"({len(summary.missing_files)}):")
        lines += [f"  {name}" for name in summary.missing_files]
    lines += ["", "Never exported (secrets, or not the setting's records):"]
    lines += [f"  {label}: {reason}" for label, reason in WITHHELD_MODELS.items()]
    for label, fields in WITHHELD_FIELDS.items():
        lines += [f"  {label}.{name}: {reason}" for name, reason in fields.items()]
    lines += ["", "Database migrations applied (the last of each app):"]
    lines += [f"  {app}: {name}" for app, name in migration_state().items()]
    return "\n".join(lines) + "\n"
