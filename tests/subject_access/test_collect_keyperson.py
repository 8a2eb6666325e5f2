"""The key person, settling in and meetings in a subject access bundle."""

from keyperson.models import SettlingComment, SettlingInPlan
from subject_access.collect import keyperson
from tests.keyperson.factories import (
    BookingFactory,
    HomeVisitFactory,
    SettlingVisitFactory,
    StaffProfileFactory,
    ava_meeting,
    parents_evening,
)
from tests.subject_access.conftest import as_text, records_of


def _fill(world, n=1):
    SettlingInPlan.objects.create(setting=world.setting_a, child=world.child,
                                  plan="Three short visits.", updated_by=world.users["key_person"])
    for i in range(n):
        SettlingVisitFactory(child=world.child, written_by=world.users["key_person"],
                             staff_notes="STAFF-ONLY: settling note.")
        HomeVisitFactory(child=world.child, written_by=world.users["key_person"])
        SettlingComment.objects.create(setting=world.setting_a, child=world.child,
                                       author=world.users["parent"], body=f"She loved it {i}")
        ava_meeting(world)
        slots = list(parents_evening(world, days=7 + i).slots.order_by("starts_at"))
        BookingFactory(slot=slots[0], child=world.child, booked_by=world.users["parent"])
    SettlingVisitFactory(child=world.other_child, how_it_went="Otto cried",
                         written_by=world.users["key_person"])
    BookingFactory(slot=slots[1], child=world.other_child, booked_by=world.users["other_parent"])


def test_it_gives_the_key_person_and_settling_in(world, collect):
    _fill(world)
    part = collect(keyperson.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=7)
    (assignment,) = records_of(part, "key_person_assignment")
    assert assignment["staff"] == "Kim Keyperson" and assignment["kind_display"] == "Key person"
    assert records_of(part, "settling_in_plan")[0]["plan"] == "Three short visits."
    assert records_of(part, "settling_visit") and records_of(part, "home_visit")
    assert records_of(part, "settling_comment")[0]["author"] == "Pat Parent"
    assert records_of(part, "meeting_request")[0]["staff"] == "Kim Keyperson"
    booking = records_of(part, "parents_evening_booking")[0]
    assert booking["with_staff"] == "Kim Keyperson" and booking["event"]
    text = as_text(part)
    assert "STAFF-ONLY" not in text and "staff_notes" not in text
    assert "Otto" not in text and "Olly" not in text
    assert len(part.withheld) == 1


def test_it_reads_a_fixed_number_of_queries(world, collect):
    _fill(world, n=4)
    part = collect(keyperson.for_child, world.child, None, setting=world.setting_a, queries=7)
    assert len(records_of(part, "parents_evening_booking")) == 4


def test_it_gives_an_adult_their_meetings_comments_and_profile(world, collect):
    _fill(world)
    part = collect(keyperson.for_adult, world.users["parent"], world.setting_a,
                   setting=world.setting_a, queries=4)
    assert records_of(part, "meeting_request")[0]["child"] == "Ava Parentchild"
    assert len(records_of(part, "settling_comment")) == 1
    assert len(records_of(part, "parents_evening_booking")) == 1
    StaffProfileFactory(membership=world.memberships["key_person"])
    staff = collect(keyperson.for_adult, world.users["key_person"], world.setting_a,
                    setting=world.setting_a, queries=4)
    assert records_of(staff, "staff_profile")[0]["about"].startswith("I love singing")
    assert "Ava" not in as_text(staff)
