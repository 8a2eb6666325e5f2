from io import StringIO

from django.core.management import call_command

from families.models import Child, ChildAdult
from preschool.models import Membership, Setting, User


def _counts():
    return (Setting.objects.count(), User.objects.count(), Membership.objects.count(),
            Child.objects.count(), ChildAdult.objects.count())


def test_the_demo_loads_once_and_prints_its_logins(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    text = out.getvalue()
    assert "helen.carter@acorns.example" in text and "mark.davies@riverside.example" in text
    acorn = Setting.objects.get(slug="acorn-tree")
    assert acorn.children.count() == 8
    assert Membership.objects.for_setting(acorn).staff().count() == 4
    ruby = Child.objects.get(first_name="Ruby")
    assert ruby.is_looked_after and ruby.adults.exclude(restriction="").exists()
    isla = Child.objects.get(first_name="Isla")
    assert isla.age_in_months() == 23  # approaching two: the progress check is coming
    assert Child.objects.get(first_name="Leon").english_additional_language
    assert Child.objects.get(first_name="Noah").shared_care


def test_the_demo_refuses_to_load_on_a_live_site(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="published password"):
        call_command("seed_demo", stdout=StringIO())
