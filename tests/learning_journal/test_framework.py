"""The EYFS framework ships as data, exactly as the shared reference lists it (eyfs.md)."""

from learning_journal.models import Area, Aspect, Characteristic


def test_it_has_the_areas_and_aspects_of_eyfs_md(db):
    areas = {a.code: (a.name, a.kind, [x.name for x in a.aspects.order_by("order")])
             for a in Area.objects.all()}
    assert areas == {
        "CL": ("Communication and Language", "prime",
               ["Listening, Attention and Understanding", "Speaking"]),
        "PSED": ("Personal, Social and Emotional Development", "prime",
                 ["Self-Regulation", "Managing Self", "Building Relationships"]),
        "PD": ("Physical Development", "prime", ["Gross Motor Skills", "Fine Motor Skills"]),
        "L": ("Literacy", "specific", ["Comprehension", "Word Reading", "Writing"]),
        "M": ("Mathematics", "specific", ["Number", "Numerical Patterns"]),
        "UW": ("Understanding the World", "specific",
               ["Past and Present", "People, Culture and Communities", "The Natural World"]),
        "EAD": ("Expressive Arts and Design", "specific",
                ["Creating with Materials", "Being Imaginative and Expressive"]),
    }
    assert [a.code for a in Area.objects.all()] == ["CL", "PSED", "PD", "L", "M", "UW", "EAD"]
    assert Aspect.objects.count() == 17
    assert list(Characteristic.objects.values_list("name", flat=True)) == [
        "Playing and exploring", "Active learning", "Creating and thinking critically"]


def test_the_migration_and_the_code_list_the_same_framework():
    import importlib

    from learning_journal import eyfs

    migration = importlib.import_module("learning_journal.migrations.0002_eyfs_framework")
    assert migration.AREAS == eyfs.AREAS
    assert migration.CHARACTERISTICS == eyfs.CHARACTERISTICS
