"""The EYFS numbers and framework the learning journal encodes, in one place.

Source: the shared reference (eyfs.md), from the statutory framework for the early years
foundation stage (England, 2024) and Development Matters. A setting under another framework
(Wales, a future edition) changes them here and in a data migration of the framework tables.
The names are marked for the catalogue: pages show them translated (``label`` of the models).
"""

from django.utils.translation import gettext_noop as N_

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
    ("CL", N_("Communication and Language"), PRIME,
     [N_("Listening, Attention and Understanding"), N_("Speaking")]),
    ("PSED", N_("Personal, Social and Emotional Development"), PRIME,
     [N_("Self-Regulation"), N_("Managing Self"), N_("Building Relationships")]),
    ("PD", N_("Physical Development"), PRIME,
     [N_("Gross Motor Skills"), N_("Fine Motor Skills")]),
    ("L", N_("Literacy"), SPECIFIC,
     [N_("Comprehension"), N_("Word Reading"), N_("Writing")]),
    ("M", N_("Mathematics"), SPECIFIC,
     [N_("Number"), N_("Numerical Patterns")]),
    ("UW", N_("Understanding the World"), SPECIFIC,
     [N_("Past and Present"), N_("People, Culture and Communities"), N_("The Natural World")]),
    ("EAD", N_("Expressive Arts and Design"), SPECIFIC,
     [N_("Creating with Materials"), N_("Being Imaginative and Expressive")]),
]

# eyfs.md: "Characteristics of effective teaching and learning".
CHARACTERISTICS = [N_("Playing and exploring"), N_("Active learning"),
                   N_("Creating and thinking critically")]


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
