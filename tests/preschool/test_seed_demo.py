from datetime import date
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


def test_the_demo_has_a_journal_a_register_and_collectors(db, settings, monkeypatch):
    """Once the morning has started, the demo register has children and staff in; the journal
    has published observations with photos that follow the families' consents."""
    from datetime import time

    from django.utils import timezone

    from attendance import demo as attendance_demo
    from attendance.models import AttendanceRecord, RegularSession, StaffShift
    from collection.models import AuthorisedCollector
    from learning_journal.models import DailyBoard, DiaryEntry, Observation, ProgressCheck
    from learning_journal.visibility import visible_media

    settings.DEBUG = True
    monkeypatch.setattr(attendance_demo, "ARRIVAL", time(0, 0))
    call_command("seed_demo", stdout=StringIO())
    acorn = Setting.objects.get(slug="acorn-tree")
    today = timezone.localdate()

    here = AttendanceRecord.objects.filter(setting=acorn, date=today, signed_out_at=None)
    assert sorted(here.values_list("child__first_name", flat=True)) == [
        "Alfie", "Amelia", "Freya", "Isla", "Leon", "Oscar", "Ruby"]  # Noah is not here yet
    assert StaffShift.objects.filter(setting=acorn, date=today).count() == 3
    assert RegularSession.objects.filter(child__first_name="Noah").count() == 5
    assert AuthorisedCollector.objects.filter(setting=acorn).count() == 2

    published = Observation.objects.filter(setting=acorn, status=Observation.Status.PUBLISHED)
    assert published.count() == 4  # three by staff, one wow moment from home
    assert Observation.objects.filter(setting=acorn).exclude(
        status=Observation.Status.PUBLISHED).count() == 1
    assert DiaryEntry.objects.filter(child__first_name="Amelia").exists()
    assert DailyBoard.objects.filter(setting=acorn).exists()
    assert ProgressCheck.objects.filter(child__first_name="Leon").exists()
    # Freya's father does not want other families to see her photos: Noah's mother sees the
    # bean observation without its photo, and the bridge photo (Amelia and Noah) with it.
    aisha = User.objects.get(email="aisha.ahmed@family.example")
    beans = published.get(text__startswith="Freya and Noah")
    bridge = published.get(text__startswith="Amelia and Noah")
    assert visible_media(beans, aisha) == []
    assert len(visible_media(bridge, aisha)) == 1

    call_command("seed_demo", stdout=StringIO())  # again: nothing more
    assert Observation.objects.filter(setting=acorn).count() == 5
    assert AttendanceRecord.objects.filter(setting=acorn).count() == 7


def test_the_demo_has_progress_to_show_and_this_term_still_to_do(db, settings):
    from progress.models import Assessment, AssessmentPoint
    from progress.points import current_point, points_of

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    acorns = Setting.objects.get(slug="acorn-tree")
    points = points_of(acorns)
    assert [p.kind for p in points] == ["entry", "dated", "dated", "dated"]
    current = current_point(points, date.today())
    assert current == points[-1]
    shared = Assessment.objects.filter(setting=acorns).shared()
    assert shared.count() == 6 and not shared.filter(point=current).exists()
    assert not AssessmentPoint.objects.filter(setting__slug="riverside").exists()
