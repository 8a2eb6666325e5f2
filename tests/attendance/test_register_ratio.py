"""The register works out its room's ratio from the staff on duty it already shows: the same
answer as the ratio read on its own, without a query for the staff."""

from django.utils import timezone

from attendance import services
from attendance.models import StaffQualification, StaffShift
from attendance.register import room_register
from attendance.services import room_ratio


def _on_duty(world, *personas):
    for persona in personas:
        member = world.memberships[persona]
        services.staff_sign_in(world.users[persona], member, world.room)


def _qualify(world, persona, has_level_6: bool):
    StaffQualification.objects.create(
        membership=world.memberships[persona], setting=world.setting_a,
        has_level_6=has_level_6, qualification="EYTS" if has_level_6 else "",
        updated_by=world.users["manager"])


def _shifts(world):
    return list(StaffShift.objects.open().filter(room=world.room, date=timezone.localdate())
                .select_related("membership__attendance_qualification"))


def test_it_counts_a_level_6_practitioner_on_duty_as_the_ratio_read_alone_does(world):
    _qualify(world, "key_person", True)
    _on_duty(world, "key_person", "practitioner")
    day = timezone.localdate()
    alone, _ = room_ratio(world.room, day)
    from_shifts, _ = room_ratio(world.room, day, on_duty=_shifts(world))
    assert (from_shifts.staff, from_shifts.level_6) == (2, True)
    assert from_shifts == alone
    assert room_register(world.setting_a, world.room).ratio == alone


def test_it_counts_no_level_6_when_none_is_recorded_or_it_is_not_held(world):
    _qualify(world, "practitioner", False)
    _on_duty(world, "key_person", "practitioner")  # the key person has no record at all
    day = timezone.localdate()
    alone, _ = room_ratio(world.room, day)
    from_shifts, _ = room_ratio(world.room, day, on_duty=_shifts(world))
    assert (from_shifts.staff, from_shifts.level_6) == (2, False)
    assert from_shifts == alone


def test_it_reads_no_staff_when_given_those_on_duty(world, django_assert_num_queries):
    _on_duty(world, "practitioner")
    shifts = _shifts(world)
    with django_assert_num_queries(2):  # the open breach and the children signed in
        room_ratio(world.room, timezone.localdate(), on_duty=shifts)
