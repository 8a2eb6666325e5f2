"""Staff on duty and the EYFS ratios: worked out per room, breaches shown and logged."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance import services
from attendance.models import RatioBreach, StaffQualification, StaffShift
from attendance.ratios import AGED_TWO, THREE_AND_OVER, UNDER_TWO, RoomRatio, age_band
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.attendance.factories import RecordFactory, ShiftFactory, all_day
from tests.factories import ChildFactory


def born_months_ago(months: int) -> date:
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(year, month + 1, 1)


class TestTheNumbers:
    def test_age_bands_follow_the_second_and_third_birthdays(self):
        today = date(2026, 3, 10)
        assert age_band(date(2024, 3, 11), today) == UNDER_TWO
        assert age_band(date(2024, 3, 10), today) == AGED_TWO
        assert age_band(date(2023, 3, 11), today) == AGED_TWO
        assert age_band(date(2023, 3, 10), today) == THREE_AND_OVER

    @pytest.mark.parametrize(("under_two", "aged_two", "three", "level_6", "required"), [
        (0, 0, 0, False, 0),
        (3, 0, 0, False, 1),   # 1:3 under two
        (4, 0, 0, False, 2),
        (0, 5, 0, False, 1),   # 1:5 aged two
        (0, 6, 0, False, 2),
        (0, 0, 8, False, 1),   # 1:8 three and over
        (0, 0, 9, False, 2),
        (0, 0, 13, True, 1),   # 1:13 with a level 6 practitioner
        (0, 0, 14, True, 2),
        (3, 5, 0, False, 2),   # 3/3 + 5/5 = exactly 2 adults, never 2.0000001
        (1, 1, 1, False, 1),   # 1/3 + 1/5 + 1/8 = 0.66: one adult
        (2, 2, 8, False, 3),   # 2/3 + 2/5 + 1 = 2.07: three adults
    ])
    def test_a_mixed_room_needs_the_sum_of_each_childs_share(
            self, under_two, aged_two, three, level_6, required):
        ratio = RoomRatio(under_two=under_two, aged_two=aged_two, three_and_over=three,
                          staff=required, level_6=level_6)
        assert ratio.required == required
        assert not ratio.is_breach
        if required:
            assert RoomRatio(under_two=under_two, aged_two=aged_two, three_and_over=three,
                             staff=required - 1, level_6=level_6).is_breach


def _babies(world, n):
    for _ in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room,
                             date_of_birth=born_months_ago(14))
        RecordFactory(child=child, session=all_day(world, f"S{child.pk}"))


class TestBreaches:
    def test_a_practitioner_signing_out_opens_a_breach_and_another_signing_in_closes_it(
            self, world):
        kim, perry = world.memberships["key_person"], world.memberships["practitioner"]
        ShiftFactory(membership=kim, room=world.room)
        perry_shift, check = services.staff_sign_in(world.users["practitioner"], perry,
                                                    world.room)
        _babies(world, 4)  # four under-twos need two adults
        check = services.staff_sign_out(world.users["practitioner"], perry_shift)
        assert check.started and check.ratio.required == 2 and check.ratio.staff == 1
        breach = RatioBreach.objects.get()
        assert breach.ended_at is None and breach.under_two == 4
        assert breach.cause == "Perry Practitioner signed out"
        assert AuditEvent.objects.filter(action="ratio.breach_started").exists()

        services.staff_sign_in(world.users["manager"], world.memberships["manager"],
                               world.room)
        breach.refresh_from_db()
        assert breach.ended_at is not None and breach.ended_by == "Mona Manager signed in"
        assert not RatioBreach.objects.open().exists()

    def test_the_breach_shows_on_the_register_and_the_managers_home(self, world):
        _babies(world, 1)
        shift, _ = services.staff_sign_in(world.users["practitioner"],
                                          world.memberships["practitioner"], world.room)
        assert not RatioBreach.objects.exists()
        world.client_for("practitioner").post(
            reverse("attendance-staff-sign-out", args=[shift.uuid]))
        assert RatioBreach.objects.open().count() == 1
        register = world.client_for("key_person").get(
            reverse("attendance-register", args=[world.room.uuid])).content.decode()
        assert "Ratio breach:" in register and "1 adult needed, 0 on duty" in register
        home = world.client_for("manager").get(reverse("home")).content.decode()
        assert "Ratio breach in Caterpillars" in home
        log = world.client_for("manager").get(reverse("attendance-breaches")).content.decode()
        assert "Perry Practitioner signed out" in log

    def test_a_level_6_practitioner_allows_thirteen_three_year_olds_per_adult(self, world):
        for _ in range(10):
            child = ChildFactory(setting=world.setting_a, room=world.room,
                                 date_of_birth=born_months_ago(40))
            RecordFactory(child=child, session=all_day(world, f"S{child.pk}"))
        kim = world.memberships["key_person"]
        _, check = services.staff_sign_in(world.users["key_person"], kim, world.room)
        assert check.ratio.is_breach and check.ratio.required == 2
        response = world.client_for("manager").post(
            reverse("attendance-qualification", args=[kim.uuid]),
            {"has_level_6": "on", "qualification": "Early Years Teacher Status"})
        assert response.status_code == 302
        assert StaffQualification.objects.get(membership=kim).has_level_6
        assert not RatioBreach.objects.open().exists()  # re-checked on saving

    def test_a_level_6_needs_the_name_of_the_qualification(self, world):
        kim = world.memberships["key_person"]
        response = world.client_for("manager").post(
            reverse("attendance-qualification", args=[kim.uuid]), {"has_level_6": "on"})
        assert "Say which level 6 qualification" in response.content.decode()
        assert not StaffQualification.objects.exists()


class TestStaffSigningInAndOut:
    def test_staff_sign_themselves_in_to_a_room(self, world):
        response = world.client_for("practitioner").post(reverse("attendance-staff"),
                                                         {"room": world.room.uuid})
        assert response.status_code == 302
        shift = StaffShift.objects.get()
        assert shift.membership == world.memberships["practitioner"] and shift.room == world.room

    def test_signing_in_twice_is_refused(self, world):
        client = world.client_for("practitioner")
        client.post(reverse("attendance-staff"), {"room": world.room.uuid})
        response = client.post(reverse("attendance-staff"), {"room": world.room.uuid})
        assert "already signed in" in response.content.decode()
        assert StaffShift.objects.count() == 1

    def test_a_room_of_another_setting_is_refused(self, world):
        from tests.factories import RoomFactory

        theirs = RoomFactory(setting=world.setting_b)
        response = world.client_for("practitioner").post(reverse("attendance-staff"),
                                                         {"room": theirs.uuid})
        assert "Choose one of this setting" in response.content.decode()
        assert not StaffShift.objects.exists()

    def test_signing_out_twice_says_so(self, world):
        shift = ShiftFactory(membership=world.memberships["practitioner"], room=world.room)
        services.staff_sign_out(world.users["practitioner"], shift)
        with pytest.raises(ServiceError, match="is not signed in"):
            services.staff_sign_out(world.users["practitioner"], shift)

    def test_a_shift_forgotten_yesterday_does_not_stop_today(self, world):
        ShiftFactory(membership=world.memberships["practitioner"], room=world.room,
                     date=timezone.localdate() - timedelta(days=1))
        shift, _ = services.staff_sign_in(world.users["practitioner"],
                                          world.memberships["practitioner"], world.room)
        assert shift.date == timezone.localdate()

    def test_a_manager_signs_someone_out_who_forgot(self, world):
        shift = ShiftFactory(membership=world.memberships["practitioner"], room=world.room)
        response = world.client_for("manager").post(
            reverse("attendance-staff-sign-out", args=[shift.uuid]))
        assert response.status_code == 302
        shift.refresh_from_db()
        assert shift.signed_out_by == world.users["manager"]

    def test_a_family_member_cannot_be_signed_in(self, world):
        with pytest.raises(ServiceError, match="Only staff"):
            services.staff_sign_in(world.users["manager"], world.memberships["parent"],
                                   world.room)
