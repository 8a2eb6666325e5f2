"""The EYFS numbers and framework the learning journal encodes, in one place.

Source: the shared reference (eyfs.md), from the statutory framework for the early years
foundation stage (England, 2024) and Development Matters. A setting under another framework
(Wales, a future edition) changes them here and in a data migration of the framework tables.
The names are marked for the catalogue: pages show them translated (``label`` of the models).
"""

from django.utils.translation import gettext_noop

# eyfs.md, "Progress check at age two": due when a child is aged between two and three
# (24-36 months); many settings aim for 24-30 months so that it can feed the health visitor's
# integrated review at 2-2.5 years.
CHECK_DUE_FROM_MONTHS = 24
CHECK_CHASE_AT_MONTHS = 30  # the manager is reminded of a check still open at this age
CHECK_DUE_BY_MONTHS = 36

# eyfs.md: the check is a short summary of the child's development in the three prime areas.
CHECK_AREA_CODES = ("PSED", "CL", "PD")

# eyfs.md, "Areas of learning (Development Matters / ELGs)": areas, their aspects, in order.
# The framework tables are filled from this list by migration 0002 (which keeps its own frozen
# copy, as data migrations must) and, in tests, by ``ensure_framework``.
PRIME, SPECIFIC = "prime", "specific"
AREAS = [
    ("CL", gettext_noop("Communication and Language"), PRIME,
     [gettext_noop("Listening, Attention and Understanding"), gettext_noop("Speaking")]),
    ("PSED", gettext_noop("Personal, Social and Emotional Development"), PRIME,
     [gettext_noop("Self-Regulation"), gettext_noop("Managing Self"),
      gettext_noop("Building Relationships")]),
    ("PD", gettext_noop("Physical Development"), PRIME,
     [gettext_noop("Gross Motor Skills"), gettext_noop("Fine Motor Skills")]),
    ("L", gettext_noop("Literacy"), SPECIFIC,
     [gettext_noop("Comprehension"), gettext_noop("Word Reading"), gettext_noop("Writing")]),
    ("M", gettext_noop("Mathematics"), SPECIFIC,
     [gettext_noop("Number"), gettext_noop("Numerical Patterns")]),
    ("UW", gettext_noop("Understanding the World"), SPECIFIC,
     [gettext_noop("Past and Present"), gettext_noop("People, Culture and Communities"),
      gettext_noop("The Natural World")]),
    ("EAD", gettext_noop("Expressive Arts and Design"), SPECIFIC,
     [gettext_noop("Creating with Materials"),
      gettext_noop("Being Imaginative and Expressive")]),
]

# eyfs.md: "Characteristics of effective teaching and learning".
CHARACTERISTICS = [gettext_noop("Playing and exploring"), gettext_noop("Active learning"),
                   gettext_noop("Creating and thinking critically")]


def ensure_framework():
    """Create the framework rows that are missing (idempotent). The migration loads them; this
    restores them where a test database was flushed by a transactional test."""
    from learning_journal.models import Area, Aspect, Characteristic

    for order, (code, name, kind, aspects) in enumerate(AREAS, start=1):
        area, _ = Area.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "order": order})
        for aspect_order, aspect in enumerate(aspects, start=1):
            Aspect.objects.get_or_create(area=area, name=aspect,
                                         defaults={"order": aspect_order})
    for order, name in enumerate(CHARACTERISTICS, start=1):
        Characteristic.objects.get_or_create(name=name, defaults={"order": order})
