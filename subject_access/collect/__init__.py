"""The collectors of a subject access bundle, one module an app (see subject_access/parts.py).

Each module defines ``for_child(child, recipient) -> Part`` and/or
``for_adult(user, setting) -> Part``; ``CHILD_COLLECTORS`` and ``ADULT_COLLECTORS`` list them
in the order the bundle shows them. Each collector runs a fixed number of queries, and reads
inside the setting's scope (the builder opens it). ``rows.py`` writes every record the same way
and leaves out, by name, what is never handed out.
"""

from subject_access.collect import (
                                    api,
                                    attendance,
                                    collection,
                                    complaints,
                                    consents,
                                    events,
                                    families,
                                    keyperson,
                                    learning_journal,
                                    messaging,
                                    news,
                                    notifications,
                                    policies,
                                    preschool,
                                    privacy,
                                    progress,
                                    push,
)
from subject_access.parts import AdultCollector, ChildCollector

CHILD_COLLECTORS: list[ChildCollector] = [
    families.for_child,
    keyperson.for_child,
    consents.for_child,
    learning_journal.for_child,
    progress.for_child,
    attendance.for_child,
    collection.for_child,
    messaging.for_child,
    complaints.for_child,
    events.for_child,
    news.for_child,
    privacy.for_child,
]
ADULT_COLLECTORS: list[AdultCollector] = [
    preschool.for_adult,
    families.for_adult,
    notifications.for_adult,
    push.for_adult,
    api.for_adult,
    keyperson.for_adult,
    consents.for_adult,
    learning_journal.for_adult,
    progress.for_adult,
    attendance.for_adult,
    collection.for_adult,
    messaging.for_adult,
    complaints.for_adult,
    policies.for_adult,
    events.for_adult,
    news.for_adult,
    privacy.for_adult,
]
