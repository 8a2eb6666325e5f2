"""The bundle of a subject access request: everything held about the subject, in one ZIP.

The collectors (subject_access/collect/) give one ``Part`` each: for a child,
``for_child(child, recipient)``, where ``recipient`` is the person the bundle will be released
to (so the photo consent rule decides which photos are in it, as for that person in the
portal); for an adult, ``for_adult(user, setting)``. The ZIP holds:

- ``README.txt`` and ``index.html``: what the bundle is, each part, what was withheld and why;
- ``<part>/records.json``: the part's records as JSON (portable, machine-readable);
- ``<part>/...``: the part's files (photos) as they are stored;
- ``records.pdf``: every part, readable (``templates/pdf/subject_access.html``).

What a part withheld is listed as the collector says it (how many, and why), never the
content.
"""

import json
import posixpath
import re
import zipfile
from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from preschool.lib.pdf import render_pdf
from subject_access import collect
from subject_access.parts import Part

Progress = Callable[[int, int], None]


def collectors_for(sar) -> list[Callable]:
    return list(collect.CHILD_COLLECTORS if sar.child_id is not None
                else collect.ADULT_COLLECTORS)


def collect_parts(sar, progress: Progress) -> list[Part]:
    """Ask each collector for its part, counting them in ``progress``."""
    collectors = collectors_for(sar)
    total = len(collectors) + 1  # and writing the files
    parts = []
    for done, collector in enumerate(collectors):
        progress(done, total)
        if sar.child_id is not None:
            parts.append(collector(sar.child, sar.requester))
        else:
            parts.append(collector(sar.subject_user, sar.setting))
    progress(len(collectors), total)
    return parts


def _safe_folder(key: str) -> str:
    cleaned = "".join(c for c in key if c.isalnum() or c in "-_") or "part"
    return cleaned[:60]


def _safe_path(folder: str, path: str, taken: set[str]) -> str:
    """A path inside the ZIP under the part's folder: never absolute, never climbing out
    (``..``), never the same as another file's."""
    parts = [p for p in posixpath.normpath("/" + path.replace("\\", "/")).split("/")
             if p not in ("", ".", "..")]
    if parts and parts[0] == folder:
        parts = parts[1:]
    name = "/".join([folder, *parts]) if parts else f"{folder}/file"
    stem, extension = posixpath.splitext(name)
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}{extension}", n + 1
    taken.add(candidate)
    return candidate


def _file_bytes(bundle_file) -> bytes | None:
    """The file's bytes, or None when the stored file is gone (listed in the README)."""
    if bundle_file.content is not None:
        return bundle_file.content
    if bundle_file.file is None:
        return None
    try:
        with bundle_file.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _readable_value(value) -> str:
    """A JSON value as a person reads it: dates and times in words, yes or no, lists
    joined."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                           "j E Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j E Y")
    if isinstance(value, list | tuple):
        return ", ".join(_readable_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_readable_value(v)}" for k, v in value.items())
    if isinstance(value, str) and _ISO_DATE.match(value):
        with suppress(ValueError):
            return date_format(date.fromisoformat(value), "j E Y")
    if isinstance(value, str) and _ISO_MOMENT.match(value):
        with suppress(ValueError):
            moment = datetime.fromisoformat(value)
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "j E Y, H:i")
    return str(value)


def _label(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def readable(record: dict[str, Any]) -> list[tuple[str, str]]:
    """One record of a part's JSON as rows for the printed copy: a choice by its name only
    (``<field>_display`` stands for ``<field>``), empty values and the record's kind left
    out (the kind is the row's heading), keys in words."""
    rows = []
    for key, value in record.items():
        if key == "record_type" or value in (None, "", [], {}):
            continue
        if f"{key}_display" in record:
            continue
        label = key.removesuffix("_display") if key.endswith("_display") else key
        rows.append((_label(label), _readable_value(value)))
    return rows


def write_zip(sar, parts: list[Part], target: IO[bytes]) -> tuple[int, int]:
    """Write the ZIP to ``target`` (a temporary file: photos make it large); return the
    number of records and of files in it."""
    generated_at = timezone.now()
    taken: set[str] = set()
    sections: list[dict[str, Any]] = []
    records = files = 0
    missing: list[str] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            folder = _safe_folder(part.key)
            while folder in {s["folder"] for s in sections}:
                folder += "-2"
            names = []
            for bundle_file in part.files:
                content = _file_bytes(bundle_file)
                if content is None:
                    missing.append(bundle_file.path)
                    continue
                name = _safe_path(folder, bundle_file.path, taken)
                archive.writestr(name, content)
                names.append(name)
            json_name = _safe_path(folder, "records.json", taken)
            archive.writestr(json_name, json.dumps(
                {"part": part.key, "title": str(part.title), "records": part.records,
                 "files": names, "withheld": [str(w) for w in part.withheld]},
                cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            records += len(part.records)
            files += len(names)
            sections.append({"folder": folder, "json": json_name, "title": str(part.title),
                             "records": part.records,
                             "readable": [(_label(str(r.get("record_type", ""))), readable(r))
                                          for r in part.records],
                             "files": names,
                             "withheld": [str(w) for w in part.withheld]})
        context = {"sar": sar, "setting": sar.setting, "sections": sections,
                   "generated_at": generated_at, "record_count": records,
                   "file_count": files, "missing": missing,
                   "title": _("Copy of the data held about %(whom)s")
                   % {"whom": sar.subject_label}}
        archive.writestr("README.txt", render_to_string("subject_access/bundle_readme.txt",
                                                        context))
        archive.writestr("index.html", render_to_string("subject_access/bundle_index.html",
                                                        context))
        archive.writestr("records.pdf", render_pdf("pdf/subject_access.html", context))
    return records, files
