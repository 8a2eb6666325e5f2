"""Rows of a subject access bundle: a record as a JSON-ready dict, the same way in every part.

``row(obj)`` writes each stored field of a record under its own name: dates and times as ISO
strings (in the setting's time zone), a choice as its value and, under ``<name>_display``,
the text people read; a person as their name. What means nothing outside the portal (ids,
UUIDs, the setting) and what is never handed out (password and token hashes, push keys, the
address and session a look came from, staff-only notes and restrictions) is left out by name,
whatever the part: ``NEVER``. Other links are left to the part that knows what they mean.

``with_people(queryset)`` reads the people and rooms a row names in the same query
(``select_related``), so a part's query count does not grow with its rows.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from families.access import is_informed_family
from families.models import ChildAdult, Room
from preschool.models import Membership

# Never in a bundle, whatever the record: secrets, where a look came from, staff-only notes.
NEVER = frozenset({
    "password", "password_hash", "token_hash", "p256dh", "auth", "endpoint", "session_hash",
    "ip_address", "restriction", "staff_notes", "last_error",
})
# Meaningless outside the portal.
INTERNAL = frozenset({"id", "uuid", "setting", "series", "object_id", "default_key"})


def name_of(user) -> str:
    return user.full_name if user is not None else ""


def value(field_value: Any) -> Any:
    """A stored value as JSON can hold it."""
    if isinstance(field_value, datetime):
        if timezone.is_aware(field_value):
            field_value = timezone.localtime(field_value)
        return field_value.isoformat()
    if isinstance(field_value, date | time):
        return field_value.isoformat()
    if isinstance(field_value, Decimal):
        return format(field_value.normalize(), "f")
    if isinstance(field_value, UUID):
        return str(field_value)
    return field_value


def _person_fields(model) -> list[str]:
    """The links of ``model`` that name a person or a room: read with the row."""
    names = []
    for field in model._meta.concrete_fields:
        if not field.is_relation:
            continue
        if field.related_model is get_user_model() or field.related_model is Room:
            names.append(field.name)
        elif field.related_model is Membership:
            names.append(f"{field.name}__user")
    return names


def with_people(queryset, *also: str):
    """``queryset`` with the people (and rooms) its rows name, and ``also``, in one query."""
    return queryset.select_related(*_person_fields(queryset.model), *also)


def row(obj, *, skip: tuple[str, ...] = (), **extra) -> dict[str, Any]:
    """``obj`` as a JSON-ready dict (see the top of this module); ``skip`` leaves more fields
    out, ``extra`` adds (or replaces) keys."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        name = field.name
        if name in NEVER or name in INTERNAL or name in skip:
            continue
        if field.is_relation:
            target = field.related_model
            if target is get_user_model():
                out[name] = name_of(getattr(obj, name))
            elif target is Membership:
                membership = getattr(obj, name)
                out[name] = name_of(membership.user) if membership is not None else ""
            elif target is Room:
                room = getattr(obj, name)
                out[name] = room.name if room is not None else ""
            continue
        if isinstance(field, models.FileField):
            continue  # the file itself goes in the part's files
        stored = field.value_from_object(obj)
        out[name] = value(stored)
        if field.choices:
            out[f"{name}_display"] = str(getattr(obj, f"get_{name}_display")())
    out.update(extra)
    return out


def redactor(names: list[str], keep: list[str] | tuple[str, ...] = ()):
    """A function replacing each of ``names`` (other children's names) by "another child",
    except those in ``keep`` (the child's own names: a brother shares the family name)."""
    kept = {n.strip().lower() for n in keep if n}
    words = sorted({n.strip() for n in names if n and n.strip() and n.strip().lower() not in kept},
                   key=len, reverse=True)
    if not words:
        return lambda text: text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b",
                         re.IGNORECASE)
    replacement = gettext("another child")
    return lambda text: pattern.sub(replacement, text) if text else text


def child_names(child) -> list[str]:
    """Every name a child may be written by: full, legal, first, preferred and family name."""
    return [child.full_name, child.legal_name, child.first_name, child.preferred_name,
            child.last_name]


def is_family_recipient(child, recipient) -> bool:
    """Whether the bundle goes to one of the child's informed family (``families.access``);
    anyone else, or no account, is given only what any family of the child may see."""
    return recipient is not None and bool(is_informed_family(recipient, child))


def linked_children(user, setting):
    """The children of ``setting`` ``user`` is linked to without a restriction (a subquery):
    an adult's part holds what they did about their own children, never a work record about
    other people's."""
    return (ChildAdult.objects.filter(user=user, child__setting=setting, restriction="")
            .values("child"))
