"""What a subject access bundle is made of: one ``Part`` per kind of record.

Each module of ``subject_access/collect/`` gives the parts of one app: a function for a child
(everything held about the child) and one for an adult (everything held about the adult as a
person: their account, their links, what they wrote and signed). The bundle's builder calls
them in order, writes each part's records as JSON and a readable PDF, and copies its files.

What a part leaves out is said in ``withheld`` (how many, and why: another child's data, a
staff member's private note, a photo the photo consent rule does not allow), never the
content itself.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models.fields.files import FieldFile


@dataclass
class BundleFile:
    """One file of the bundle: a stored file copied as it is, or bytes made for it."""

    path: str  # inside the bundle, e.g. "journal/photos/2026-03-01-snack-time.jpg"
    file: FieldFile | None = None
    content: bytes | None = None


@dataclass
class Part:
    key: str  # "journal", "medication", ...: the folder of the bundle
    title: str  # shown in the bundle's index and PDF (in the requester's language)
    records: list[dict[str, Any]] = field(default_factory=list)  # JSON-ready rows
    files: list[BundleFile] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # what was left out and why


# ``func(child, recipient)``: ``recipient`` is the person the bundle will be released to
# (a User, or None when they have no account: then only what any family of the child may see).
ChildCollector = Callable[[Any, Any], Part]
# ``func(user, setting)``: what the setting holds about an adult.
AdultCollector = Callable[[Any, Any], Part]
