"""The register: staff sign children in with one tap; rows show who is here, expected, missing,
away or late; the page keeps a constant query count for a room of 60."""

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance import services
from attendance.models import Absence, AttendanceRecord, RegularSession
from attendance.register import (
    ABSENT,
    EXPECTED,
    IN,
    MISSING,
    NOT_EXPECTED,
    OUT,
    build_rows,
    family_adults_prefetch,
)
from collection.models import CollectionPassword
from families.models import Allergy, Child
from keyperson.models import Assignment
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.attendance.factories import RecordFactory, SessionFactory, all_day
from tests.consents.factories import calpol, dose
from tests.factories import ChildAdultFactory, ChildFactory


def _sign_in(client, child, session, name="Pat Parent", **extra):
    return client.post(reverse("attendance-sign-in", args=[child.uuid]),
                       {"session": session.uuid, "dropped_off_by": name}, **extra)


class TestSigningIn:
    def test_it_signs_a_child_in_with_who_dropped_them_off(self, world):
        session = all_day(world)
        response = _sign_in(world.client_for("key_person"), world.child, session)
        assert response.status_code == 302
        assert response["Location"] == reverse("attendance-register", args=[world.room.uuid])
        record = AttendanceRecord.objects.get(child=world.child)
        assert record.is_open and record.room == world.room and record.session == session
        assert record.dropped_off_by == "Pat Parent"
        assert record.signed_in_by == world.users["key_person"]
        assert record.date == timezone.localdate()
        assert AuditEvent.objects.filter(action="attendance.signed_in").count() == 1

    def test_htmx_gets_the_row_back_and_the_ratio_follows(self, world):
        session = all_day(world)
        response = _sign_in(world.client_for("key_person"), world.child, session,
                            HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert response.status_code == 200
        assert f'id="row-{world.child.uuid}"' in html
        assert "dropped off by Pat Parent" in html
        # The answer tells the ratio banner to reload itself (tests/attendance/test_ratio.py).
        assert response["HX-Trigger"] == "ratio-changed"

    def test_signing_in_twice_is_refused_and_changes_nothing(self, world):
        session = all_day(world)
        client = world.client_for("key_person")
        _sign_in(client, world.child, session)
        response = _sign_in(client, world.child, session, HTTP_HX_REQUEST="true")
        assert "already signed in" in response.content.decode()
        assert AttendanceRecord.objects.filter(child=world.child).count() == 1
        assert AuditEvent.objects.filter(action="attendance.signed_in").count() == 1

    def test_a_drop_off_without_a_name_is_refused(self, world):
        response = _sign_in(world.client_for("key_person"), world.child, all_day(world),
                            name="   ", HTTP_HX_REQUEST="true")
        assert "Say who dropped" in response.content.decode()
        assert not AttendanceRecord.objects.exists()

    def test_a_session_of_another_setting_is_refused(self, world):
        theirs = SessionFactory(setting=world.setting_b)
        response = _sign_in(world.client_for("key_person"), world.child, theirs,
                            HTTP_HX_REQUEST="true")
        assert "Choose one of the setting" in response.content.decode()
        assert not AttendanceRecord.objects.exists()

    def test_a_child_who_has_left_cannot_be_signed_in(self, world):
        Child.objects.filter(pk=world.child.pk).update(
            leaving_date=timezone.localdate() - timedelta(days=1))
        world.child.refresh_from_db()
        with pytest.raises(ServiceError, match="has left"):
            services.sign_in(world.users["key_person"], world.child, session=all_day(world),
                             dropped_off_by="Pat")

    def test_after_going_home_a_child_can_come_back_for_another_session(self, world):
        session = all_day(world)
        record = RecordFactory(child=world.child, session=session,
                               signed_out_at=timezone.now())
        new, _ = services.sign_in(world.users["key_person"], world.child, session=session,
                                  dropped_off_by="Pat")
        assert new.pk != record.pk and new.is_open

    def test_a_parent_cannot_sign_their_child_in(self, world):
        response = _sign_in(world.client_for("parent"), world.child, all_day(world))
        assert response.status_code == 403
        assert not AttendanceRecord.objects.exists()

    def test_get_is_refused(self, world):
        response = world.client_for("key_person").get(
            reverse("attendance-sign-in", args=[world.child.uuid]))
        assert response.status_code == 405


class TestRows:
    """The state of each row, worked out at a given moment."""

    def _at(self, hour, minute=0):
        return timezone.make_aware(datetime.combine(timezone.localdate(), time(hour, minute)))

    def _morning(self, world, child):
        morning = SessionFactory(setting=world.setting_a, name="Morning",
                                 starts_at=time(9), ends_at=time(12))
        RegularSession.objects.create(setting=world.setting_a, child=child, session=morning,
                                      weekday=timezone.localdate().weekday(),
                                      added_by=world.users["manager"])
        return morning

    def _row(self, world, child, at):
        child = Child.objects.prefetch_related(family_adults_prefetch()).get(pk=child.pk)
        return build_rows(world.setting_a, [child], now=at)[0]

    def test_an_expected_child_is_highlighted_after_the_grace_period(self, world):
        self._morning(world, world.child)
        assert self._row(world, world.child, self._at(9, 10)).state == EXPECTED
        assert self._row(world, world.child, self._at(9, 31)).state == MISSING

    def test_a_child_reported_absent_is_not_missing(self, world):
        self._morning(world, world.child)
        today = timezone.localdate()
        Absence.objects.create(setting=world.setting_a, child=world.child, first_day=today,
                               last_day=today, reason="illness",
                               reported_by=world.users["parent"])
        assert self._row(world, world.child, self._at(10)).state == ABSENT

    def test_a_child_here_after_the_session_is_late(self, world):
        morning = self._morning(world, world.child)
        RecordFactory(child=world.child, session=morning, signed_in_at=self._at(9))
        row = self._row(world, world.child, self._at(11, 59))
        assert row.state == IN and not row.late
        row = self._row(world, world.child, self._at(12, 5))
        assert row.late and not row.overdue
        assert self._row(world, world.child, self._at(12, 16)).overdue

    def test_a_child_gone_home_and_one_not_expected(self, world):
        RecordFactory(child=world.child, session=all_day(world), signed_out_at=timezone.now())
        assert self._row(world, world.child, timezone.now()).state == OUT
        assert self._row(world, world.other_child, timezone.now()).state == NOT_EXPECTED

    def test_a_corrected_row_counts_once_and_a_voided_one_not_at_all(self, world):
        record = RecordFactory(child=world.child, session=all_day(world))
        services.correct_record(world.users["manager"], record, reason="Tapped the wrong child",
                                void=True)
        assert self._row(world, world.child, timezone.now()).state == NOT_EXPECTED

    def test_the_missing_row_shows_the_family_phone_numbers(self, world):
        self._morning(world, world.child)
        ChildAdultFactory(child=world.child, user=None, name="Grace Gran",
                          relationship="Grandmother", is_emergency_contact=True,
                          has_parental_responsibility=False, phone="07700 900123")
        row = self._row(world, world.child, self._at(10))
        assert [a.name for a in row.family_phones] == ["Grace Gran"]


class TestTheRegisterPage:
    def test_it_shows_the_room_with_its_children_and_ratio(self, world):
        all_day(world)
        RecordFactory(child=world.child, session=all_day(world, "Another"))
        response = world.client_for("practitioner").get(
            reverse("attendance-register", args=[world.room.uuid]))
        html = response.content.decode()
        assert "Ava Parentchild" in html and "Otto Otherchild" in html
        assert "Ratio breach" in html  # Ava is here and nobody is on duty
        assert "Key person: Kim Keyperson" in html

    def test_the_session_filter_shows_children_expected_at_it(self, world):
        morning = SessionFactory(setting=world.setting_a, name="Morning", starts_at=time(9),
                                 ends_at=time(12))
        RegularSession.objects.create(setting=world.setting_a, child=world.child,
                                      session=morning, weekday=timezone.localdate().weekday(),
                                      added_by=world.users["manager"])
        url = reverse("attendance-register", args=[world.room.uuid])
        html = world.client_for("practitioner").get(f"{url}?session={morning.uuid}").content
        assert b"Ava Parentchild" in html and b"Otto Otherchild" not in html
        html = world.client_for("practitioner").get(
            f"{url}?session={morning.uuid}&all=1").content
        assert b"Otto Otherchild" in html

    def test_a_password_for_today_is_flagged_on_the_row(self, world):
        RecordFactory(child=world.child, session=all_day(world))
        password = CollectionPassword(setting=world.setting_a, child=world.child,
                                      for_date=timezone.localdate(), collector_name="Uma",
                                      set_by=world.users["parent"])
        password.set_password("purple tractor")
        password.save()
        html = world.client_for("practitioner").get(
            reverse("attendance-register", args=[world.room.uuid])).content.decode()
        assert "Collection password set" in html

    def test_names_typed_by_families_are_escaped(self, world):
        RecordFactory(child=world.child, session=all_day(world),
                      dropped_off_by="<script>alert(1)</script>")
        html = world.client_for("practitioner").get(
            reverse("attendance-register", args=[world.room.uuid])).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _fill_room(world, n, session):
    """``n`` children in the room: half signed in, each with a family, a key person, a usual
    session, some away and some with a password for today."""
    today = timezone.localdate()
    for i in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        ChildAdultFactory(child=child, may_collect=True, phone="07700 900000")
        ChildAdultFactory(child=child, user=None, name="Restricted", restriction="Order.")
        Assignment.objects.create(setting=world.setting_a, child=child,
                                  staff=world.memberships["key_person"], kind="key",
                                  assigned_by=world.users["manager"])
        RegularSession.objects.create(setting=world.setting_a, child=child, session=session,
                                      weekday=today.weekday(), added_by=world.users["manager"])
        if i % 2:
            RecordFactory(child=child, session=session)
        if i % 5 == 0:
            Absence.objects.create(setting=world.setting_a, child=child, first_day=today,
                                   last_day=today, reason="illness",
                                   reported_by=world.users["manager"])
        if i % 7 == 0:
            password = CollectionPassword(setting=world.setting_a, child=child, for_date=today,
                                          collector_name="Uma", set_by=world.users["manager"])
            password.password_hash = "unusable"
            password.save()
        # The alerts every row shows: allergies, health, medicines due today with a dose
        # given, looked after.
        Allergy.objects.create(child=child, allergen="Peanuts", severity="anaphylaxis",
                               action="Adrenaline pen.")
        Allergy.objects.create(child=child, allergen="Kiwi", severity="mild", action="Watch.")
        Child.objects.filter(pk=child.pk).update(medical_needs="Asthma.",
                                                 is_looked_after=i % 3 == 0)
        dose(world, calpol(world, child=child))


def test_the_register_of_a_room_of_60_keeps_a_constant_query_count(world):
    session = all_day(world)
    client = world.client_for("practitioner")
    url = reverse("attendance-register", args=[world.room.uuid])
    _fill_room(world, 1, session)
    few = _queries(client, url)
    _fill_room(world, 57, session)  # with Ava and Otto: 60 children
    many = _queries(client, url)
    assert Child.objects.filter(room=world.room).count() == 60
    assert few == many, f"{few} queries with 3 children, {many} with 60"
    html = client.get(url).content.decode()
    assert html.count('class="list-group-item py-3') == 60
    assert html.count("Allergy: Peanuts · anaphylaxis") == 58
    assert html.count("Restriction: Restricted (") == 58  # in the details
    assert html.count("Medicine today: Calpol") == 58
    assert html.count("Restriction: Rex Restricted (") == 1


def test_the_rows_and_their_alerts_load_in_the_same_queries_for_one_child_as_for_many(world):
    """build_rows with every alert present: one child, then 40, the same number of queries."""
    session = all_day(world)
    _fill_room(world, 40, session)

    def count(children) -> int:
        children = list(Child.objects.filter(pk__in=[c.pk for c in children])
                        .prefetch_related(family_adults_prefetch()))
        with CaptureQueriesContext(connection) as ctx:
            rows = build_rows(world.setting_a, children)
        assert all(r.alerts.allergies and r.alerts.medicines for r in rows)
        return len(ctx.captured_queries)

    everyone = list(Child.objects.filter(room=world.room).exclude(
        pk__in=[world.child.pk, world.other_child.pk]).order_by("pk"))
    # The third child made: expected today, not yet here (so every kind of query is needed).
    one = count(everyone[2:3])
    assert one == count(everyone), "alerts must not cost a query per child"
