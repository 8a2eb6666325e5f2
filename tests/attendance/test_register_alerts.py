"""The register's alerts: every row shows, at a glance, what staff must know at the door -
allergies with their severity, medical needs, medicines due today, restrictions, looked after,
the day's collection password and who it is for - and a tap opens the details. Families never
see the register, and so never its restrictions."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceRecord
from attendance.register import build_rows, family_adults_prefetch
from collection.models import CollectionPassword
from consents.models import MedicationPermission
from families.models import Allergy, Child
from tests.attendance.factories import RecordFactory, all_day
from tests.consents.factories import calpol, dose


def _register(world, persona="practitioner") -> str:
    response = world.client_for(persona).get(
        reverse("attendance-register", args=[world.room.uuid]))
    assert response.status_code == 200
    return response.content.decode()


def _row_html(html: str, child) -> str:
    start = html.index(f'id="row-{child.uuid}"')
    end = html.find("data-tap-row", start + 50)
    return html[start:end if end != -1 else html.index('id="register-rows"', 0) + len(html)]


def _alerts(world, child=None):
    child = Child.objects.prefetch_related(family_adults_prefetch()).get(
        pk=(child or world.child).pk)
    return build_rows(world.setting_a, [child])[0].alerts


class TestWhatARowShows:
    def test_it_shows_allergies_worst_first_with_their_severity(self, world):
        Allergy.objects.create(child=world.child, allergen="Kiwi", severity="mild",
                               action="Watch for a rash.")
        Allergy.objects.create(child=world.child, allergen="Peanuts", severity="anaphylaxis",
                               action="Adrenaline pen, call 999.")
        Allergy.objects.create(child=world.child, allergen="Egg", severity="moderate",
                               action="Antihistamine.", ended_at=timezone.now())
        assert [a.allergen for a in _alerts(world).allergies] == ["Peanuts", "Kiwi"]
        row = _row_html(_register(world), world.child)
        assert "Allergy: Peanuts · anaphylaxis" in row
        assert "Allergy: Kiwi · mild" in row
        assert "Adrenaline pen, call 999." in row  # the details, a tap away
        assert "Egg" not in row  # an allergy that has ended

    def test_it_shows_medical_needs_diet_and_looked_after(self, world):
        Child.objects.filter(pk=world.child.pk).update(
            medical_needs="Asthma: inhaler before outdoor play.", dietary_requirements="Halal.",
            is_looked_after=True)
        row = _row_html(_register(world), world.child)
        assert "Medical needs" in row and "Asthma: inhaler before outdoor play." in row
        assert "Looked after" in row and "Halal." in row
        assert "Medical needs" not in _row_html(_register(world), world.other_child)

    def test_it_shows_the_medicines_due_today_and_when_last_given(self, world):
        permission = calpol(world)
        # Given today: half an hour ago, or less in the first hour after midnight.
        now = timezone.localtime()
        since_midnight = now - now.replace(hour=0, minute=0, second=0, microsecond=0)
        given = dose(world, permission,
                     minutes_ago=min(30, int(since_midnight.total_seconds() // 120)))
        calpol(world, medicine="Old cream", end_date=timezone.localdate() - timedelta(days=1))
        calpol(world, medicine="Waiting medicine", status=MedicationPermission.Status.REQUESTED)
        medicines = _alerts(world).medicines
        assert [m.medicine for m in medicines] == ["Calpol infant suspension"]
        assert medicines[0].last_given == given.given_at
        row = _row_html(_register(world), world.child)
        assert "Medicine today: Calpol infant suspension" in row
        assert "when temperature over 38C" in row
        assert f"Last given today at {timezone.localtime(given.given_at):%H:%M}" in row
        assert "Old cream" not in row and "Waiting medicine" not in row

    def test_a_medicine_not_given_yet_today_says_so(self, world):
        dose(world, calpol(world), minutes_ago=60 * 24 * 2)  # two days ago
        assert _alerts(world).medicines[0].last_given is None
        assert "Not given yet today." in _row_html(_register(world), world.child)

    def test_it_shows_a_restriction_on_every_row_not_only_when_signing_out(self, world):
        html = _register(world)
        row = _row_html(html, world.child)
        assert "Restriction: Rex Restricted" in row and "Court order: no contact." in row
        RecordFactory(child=world.child, session=all_day(world))  # and once she is in
        row = _row_html(_register(world), world.child)
        assert "Restriction: Rex Restricted" in row
        assert "Restriction" not in _row_html(html, world.other_child)

    def test_it_shows_the_days_collection_password_and_who_collects(self, world):
        password = CollectionPassword(setting=world.setting_a, child=world.child,
                                      for_date=timezone.localdate(), collector_name="Uma Uncle",
                                      set_by=world.users["parent"])
        password.set_password("purple tractor")
        password.save()
        row = _row_html(_register(world), world.child)
        assert "Collection password set: Uma Uncle collects" in row
        assert "purple tractor" not in row

    def test_a_child_with_nothing_to_know_has_no_alerts(self, world):
        assert not _alerts(world, world.other_child).any
        assert "register-alerts" not in _row_html(_register(world), world.other_child)


class TestFamilies:
    def test_families_never_see_the_register_nor_its_restrictions(self, world):
        url = reverse("attendance-register", args=[world.room.uuid])
        for persona in ("parent", "carer_no_info", "other_parent"):
            response = world.client_for(persona).get(url)
            assert response.status_code == 403
            assert b"Court order" not in response.content

    def test_the_familys_attendance_page_does_not_show_the_restriction(self, world):
        html = world.client_for("parent").get(
            reverse("attendance-child", args=[world.child.uuid])).content.decode()
        assert "Rex Restricted" not in html and "Court order" not in html


class TestChildrenWhoHaveNotStarted:
    def test_a_child_starting_later_is_not_on_the_register_and_cannot_be_signed_in(
            self, world):
        session = all_day(world)
        Child.objects.filter(pk=world.child.pk).update(
            start_date=timezone.localdate() + timedelta(days=7))
        html = _register(world)
        assert "Ava Parentchild" not in html and "Otto Otherchild" in html
        response = world.client_for("practitioner").post(
            reverse("attendance-sign-in", args=[world.child.uuid]),
            {"session": session.uuid, "dropped_off_by": "Pat Parent"}, HTTP_HX_REQUEST="true")
        assert "not yet on the register" in response.content.decode()
        assert not world.child.attendance.exists()

    def test_a_child_starting_today_is_on_the_register(self, world):
        Child.objects.filter(pk=world.child.pk).update(start_date=timezone.localdate())
        assert "Ava Parentchild" in _register(world)


class TestWhoIsOffered:
    def test_an_organisation_is_not_offered_to_bring_or_collect_the_child(self, world):
        from families.models import ChildAdult

        ChildAdult.objects.create(child=world.child, name="Northshire Children's Services",
                                  relationship="Local authority (corporate parent)",
                                  has_parental_responsibility=True, is_emergency_contact=True,
                                  may_collect=True, phone="01632 960999",
                                  is_organisation=True)
        session = all_day(world)
        row = _row_html(_register(world), world.child)
        assert "with Pat Parent" in row
        assert "with Northshire" not in row
        html = world.client_for("parent").get(
            reverse("collection-collector-new", args=[world.child.uuid])).content.decode()
        assert "Pat Parent (Mother)" in html
        assert "Northshire Children" not in html
        record = RecordFactory(child=world.child, session=session)
        panel = world.client_for("key_person").get(
            reverse("collection-sign-out", args=[record.uuid])).content.decode()
        assert "Northshire Children" not in panel

    def test_an_organisation_cannot_be_chosen_at_the_door_even_if_forged(self, world):
        from families.models import ChildAdult

        council = ChildAdult.objects.create(
            child=world.child, name="Northshire Children's Services", relationship="Council",
            has_parental_responsibility=True, may_collect=True, is_organisation=True)
        record = RecordFactory(child=world.child, session=all_day(world))
        response = world.client_for("key_person").post(
            reverse("collection-sign-out", args=[record.uuid]),
            {"collector": f"adult:{council.uuid}"})
        assert "not named as someone who may collect" in response.content.decode()
        record.refresh_from_db()
        assert record.is_open


class TestWhoIsCollecting:
    def _note(self, world, record, name, persona="key_person"):
        return world.client_for(persona).post(
            reverse("attendance-collecting", args=[record.uuid]), {"collecting": name},
            HTTP_HX_REQUEST="true")

    def test_staff_note_who_the_family_says_is_collecting_and_every_row_shows_it(self, world):
        from preschool.models import AuditEvent

        record = RecordFactory(child=world.child, session=all_day(world))
        response = self._note(world, record, "  Gina   Gran ")
        assert response.status_code == 200
        assert "Collecting: Gina Gran" in response.content.decode()
        record.refresh_from_db()
        assert record.collecting == "Gina Gran"
        assert "Collecting: Gina Gran" in _row_html(_register(world), world.child)
        panel = world.client_for("key_person").get(
            reverse("collection-sign-out", args=[record.uuid])).content.decode()
        assert "The family said <strong>Gina Gran</strong> is collecting today." in panel
        event = AuditEvent.objects.get(action="attendance.collecting_noted")
        assert event.changes == {"collecting": ["", "Gina Gran"]}
        self._note(world, record, "")
        record.refresh_from_db()
        assert record.collecting == ""
        assert "Collecting:" not in _row_html(_register(world), world.child)

    def test_a_note_for_a_child_gone_home_or_too_long_is_refused_and_changes_nothing(
            self, world):
        record = RecordFactory(child=world.child, session=all_day(world))
        response = self._note(world, record, "x" * 151)
        assert "too long" in response.content.decode()
        AttendanceRecord.objects.filter(pk=record.pk).update(
            signed_out_at=timezone.now())
        response = self._note(world, record, "Gina Gran")
        assert "is not signed in" in response.content.decode()
        record.refresh_from_db()
        assert record.collecting == ""

    def test_a_parent_cannot_note_it(self, world):
        record = RecordFactory(child=world.child, session=all_day(world))
        assert self._note(world, record, "Gina Gran", persona="parent").status_code == 403
        record.refresh_from_db()
        assert record.collecting == ""


def test_the_rooms_page_does_not_expect_a_child_who_has_not_started(world):
    from attendance.models import RegularSession

    session = all_day(world)
    for child in (world.child, world.other_child):
        RegularSession.objects.create(setting=world.setting_a, child=child, session=session,
                                      weekday=timezone.localdate().weekday(),
                                      added_by=world.users["manager"])
    client = world.client_for("practitioner")
    assert "2 expected today" in client.get(reverse("attendance-index")).content.decode()
    Child.objects.filter(pk=world.child.pk).update(
        start_date=timezone.localdate() + timedelta(days=1))
    assert "1 expected today" in client.get(reverse("attendance-index")).content.decode()


def test_the_staff_home_does_not_count_a_child_who_has_not_started_as_not_arrived(world):
    from datetime import time

    from attendance.models import AttendanceSettings, RegularSession
    from tests.attendance.factories import SessionFactory

    # Flagged as soon as the session (from midnight) has begun, whatever the time of the run.
    AttendanceSettings.objects.create(setting=world.setting_a, arrival_grace_minutes=0)
    early = SessionFactory(setting=world.setting_a, name="Early", starts_at=time(0, 0),
                           ends_at=time(23, 59))
    RegularSession.objects.create(setting=world.setting_a, child=world.child, session=early,
                                  weekday=timezone.localdate().weekday(),
                                  added_by=world.users["manager"])
    client = world.client_for("practitioner")
    assert "1 not arrived" in client.get(reverse("home")).content.decode()
    Child.objects.filter(pk=world.child.pk).update(
        start_date=timezone.localdate() + timedelta(days=1))
    assert "not arrived" not in client.get(reverse("home")).content.decode()
