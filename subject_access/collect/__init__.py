"""The collectors of a subject access bundle, one module an app (see subject_access/parts.py).

Each module defines ``for_child(child, recipient) -> Part`` and/or
``for_adult(user, setting) -> Part``; ``CHILD_COLLECTORS`` and ``ADULT_COLLECTORS`` list them
in the order the bundle shows them. Each collector runs a fixed number of queries.
"""

from subject_access.parts import AdultCollector, ChildCollector

CHILD_COLLECTORS: list[ChildCollector] = []
ADULT_COLLECTORS: list[AdultCollector] = []
