"""What other apps add to the register and its rows' pages: attendance imports none of them.

- Today's collection passwords, among a child's alerts at the door:
  ``register_passwords(func)``; ``func(child_ids, day)`` returns ``{child_id: the adult a
  password is set for}`` in one query, however many children.
- A register row's page: ``register_record_section(func)``; ``func(record)`` returns a list of
  ``HomeSection`` shown under the row (collection: the late collection, if there was one).

Apps register in their ``AppConfig.ready()``, as with preschool.registry.
"""

from collections.abc import Callable

from preschool.registry import HomeSection

PASSWORDS: list[Callable] = []
RECORD_SECTIONS: list[Callable] = []


def register_passwords(func: Callable) -> Callable:
    if func not in PASSWORDS:
        PASSWORDS.append(func)
    return func


def register_record_section(func: Callable) -> Callable:
    if func not in RECORD_SECTIONS:
        RECORD_SECTIONS.append(func)
    return func


def passwords_for(child_ids, day) -> dict[int, str]:
    return {key: name for provider in PASSWORDS for key, name in provider(child_ids, day).items()}


def record_sections(record) -> list[HomeSection]:
    return [s for provider in RECORD_SECTIONS for s in provider(record)]
