"""The register and collection in a subject access bundle: never a password or its hash."""

from datetime import timedelta

from django.utils import timezone

from attendance.models import Absence, RegularSession
from collection.models import AuthorisedCollector, CollectionPassword, PasswordAttempt
from subject_access.collect import attendance, collection
from tests.attendance.factories import RecordFactory, ShiftFactory, all_day
from tests.subject_access.conftest import as_text, records_of


def _fill(world, n=1):
    session = all_day(world)
    today = timezone.localdate()
    for i in range(n):
        day = today - timedelta(days=i + 1)
        record = RecordFactory(child=world.child, session=session, date=day,
                               signed_in_by=world.users["key_person"])
        RecordFactory(child=world.child, session=session, date=day, corrects=record,
                      correction_reason="Wrong time", signed_in_by=world.users["manager"])
        Absence.objects.create(setting=world.setting_a, child=world.child, first_day=day,
                               last_day=day, reason="illness", details=f"Cold {i}",
                               reported_by=world.users["parent"])
        password = CollectionPassword(setting=world.setting_a, child=world.child, for_date=day,
                                      collector_name=f"Aunt Jo {i}", set_by=world.users["parent"])
        password.set_password("blue giraffe")
        password.save()
        PasswordAttempt.objects.create(setting=world.setting_a, child=world.child,
                                       password=password, for_date=day, tried_at=timezone.now(),
                                       tried_by=world.users["key_person"], result="match")
        AuthorisedCollector.objects.create(setting=world.setting_a, child=world.child,
                                           name=f"Grandad {i}", relationship="Grandfather",
                                           added_by=world.users["parent"], photo="x.jpg")
    RegularSession.objects.create(setting=world.setting_a, child=world.child, session=session,
                                  weekday=0, added_by=world.users["manager"])
    RecordFactory(child=world.other_child, session=session, dropped_off_by="Olly Otherparent")


def test_the_register_is_in_it_with_its_corrections(world, collect):
    _fill(world)
    part = collect(attendance.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=3)
    rows = records_of(part, "attendance")
    assert len(rows) == 2 and {r["is_correction"] for r in rows} == {True, False}
    assert rows[0]["session"] == "All day" and rows[0]["room"] == "Caterpillars"
    assert records_of(part, "regular_session")[0]["weekday_display"] == "Monday"
    assert records_of(part, "absence")[0]["reason_display"] == "Illness"
    assert "Olly" not in as_text(part)


def test_collection_gives_no_password_and_no_photo_of_another_adult(world, collect):
    _fill(world)
    part = collect(collection.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=4)
    (password,) = records_of(part, "collection_password")
    assert password["collector_name"] == "Aunt Jo 0" and password["set_by"] == "Pat Parent"
    assert records_of(part, "password_check")[0]["result_display"] == "Match"
    assert records_of(part, "authorised_collector")[0]["name"] == "Grandad 0"
    text = as_text(part)
    assert "giraffe" not in text and "pbkdf2" not in text and "hash" not in text
    assert part.files == [] and len(part.withheld) == 1


def test_they_read_a_fixed_number_of_queries(world, collect):
    _fill(world, n=4)
    assert len(collect(attendance.for_child, world.child, None, setting=world.setting_a,
                       queries=3).records) == 13
    assert len(collect(collection.for_child, world.child, None, setting=world.setting_a,
                       queries=4).records) == 12


def test_an_adult_gets_what_they_reported_and_set_and_staff_their_shifts(world, collect):
    _fill(world)
    part = collect(attendance.for_adult, world.users["parent"], world.setting_a,
                   setting=world.setting_a, queries=3)
    assert records_of(part, "absence_reported")[0]["child"] == "Ava Parentchild"
    set_by = collect(collection.for_adult, world.users["parent"], world.setting_a,
                     setting=world.setting_a, queries=2)
    assert len(records_of(set_by, "collection_password")) == 1
    ShiftFactory(membership=world.memberships["key_person"], room=world.room)
    staff = collect(attendance.for_adult, world.users["key_person"], world.setting_a,
                    setting=world.setting_a, queries=3)
    assert records_of(staff, "staff_shift")[0]["room"] == "Caterpillars"
