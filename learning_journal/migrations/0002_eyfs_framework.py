"""The EYFS framework as data (shared reference eyfs.md, "Areas of learning"): a frozen copy,
as data migrations must not import code that later changes (learning_journal/eyfs.py holds the
same list for the code)."""

from django.db import migrations

AREAS = [
    ("CL", "Communication and Language", "prime",
     ["Listening, Attention and Understanding", "Speaking"]),
    ("PSED", "Personal, Social and Emotional Development", "prime",
     ["Self-Regulation", "Managing Self", "Building Relationships"]),
    ("PD", "Physical Development", "prime",
     ["Gross Motor Skills", "Fine Motor Skills"]),
    ("L", "Literacy", "specific",
     ["Comprehension", "Word Reading", "Writing"]),
    ("M", "Mathematics", "specific",
     ["Number", "Numerical Patterns"]),
    ("UW", "Understanding the World", "specific",
     ["Past and Present", "People, Culture and Communities", "The Natural World"]),
    ("EAD", "Expressive Arts and Design", "specific",
     ["Creating with Materials", "Being Imaginative and Expressive"]),
]
CHARACTERISTICS = ["Playing and exploring", "Active learning", "Creating and thinking critically"]


def load(apps, schema_editor):
    Area = apps.get_model("learning_journal", "Area")
    Aspect = apps.get_model("learning_journal", "Aspect")
    Characteristic = apps.get_model("learning_journal", "Characteristic")
    for order, (code, name, kind, aspects) in enumerate(AREAS, start=1):
        area, _ = Area.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "order": order})
        for aspect_order, aspect in enumerate(aspects, start=1):
            Aspect.objects.get_or_create(area=area, name=aspect, defaults={"order": aspect_order})
    for order, name in enumerate(CHARACTERISTICS, start=1):
        Characteristic.objects.get_or_create(name=name, defaults={"order": order})


def unload(apps, schema_editor):
    Area = apps.get_model("learning_journal", "Area")
    Aspect = apps.get_model("learning_journal", "Aspect")
    Characteristic = apps.get_model("learning_journal", "Characteristic")
    Aspect.objects.filter(area__code__in=[a[0] for a in AREAS]).delete()
    Area.objects.filter(code__in=[a[0] for a in AREAS]).delete()
    Characteristic.objects.filter(name__in=CHARACTERISTICS).delete()


class Migration(migrations.Migration):
    dependencies = [("learning_journal", "0001_journal_observations_media_and_progress_checks")]

    operations = [migrations.RunPython(load, unload)]
