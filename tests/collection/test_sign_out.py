"""Signing a child out at the door: who is collecting? Only an authorised collector, or an
adult who gave the day's password; a restricted adult is refused; a late collection keeps its
reason."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceRecord
from collection.models import AuthorisedCollector, LateCollection
from families.models import ChildAdult
from preschool.models import AuditEvent
from tests.attendance.factories import RecordFactory, all_day, ended


def _pat(world) -> ChildAdult:
    adult = world.child.adults.get(user=world.users["parent"])
    ChildAdult.objects.filter(pk=adult.pk).update(may_collect=True)
    return adult


def _rex(world) -> ChildAdult:
    return world.child.adults.get(name="Rex Restricted")


def _sign_out(client, record, token, **data):
    return client.post(reverse("collection-sign-out", args=[record.uuid]),
                       {"collector": token, **data})


class TestSigningOut:
    def test_the_panel_lists_who_may_collect_and_who_must_not(self, world):
        _pat(world)
        record = RecordFactory(child=world.child, session=all_day(world))
        response = world.client_for("key_person").get(
            reverse("collection-sign-out", args=[record.uuid]), HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "Pat Parent" in html
        assert "Must not collect" in html and "Rex Restricted" in html
        assert "Court order: no contact." in html
        assert "Casey Carer" not in html  # linked to Ava, but not named to collect

    def test_it_signs_the_child_out_to_an_authorised_collector(self, world):
        pat = _pat(world)
        record = RecordFactory(child=world.child, session=all_day(world))
        response = _sign_out(world.client_for("key_person"), record, f"adult:{pat.uuid}")
        assert response.status_code == 302
        record.refresh_from_db()
        assert record.signed_out_at is not None and record.collected_by == "Pat Parent"
        assert record.collection_check == AttendanceRecord.Check.NAMED
        assert record.signed_out_by == world.users["key_person"]
        assert AuditEvent.objects.filter(action="attendance.signed_out").count() == 1

    def test_htmx_gets_the_row_back_gone_home(self, world):
        pat = _pat(world)
        record = RecordFactory(child=world.child, session=all_day(world))
        response = world.client_for("key_person").post(
            reverse("collection-sign-out", args=[record.uuid]),
            {"collector": f"adult:{pat.uuid}"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "Gone home" in html and "went home with Pat Parent" in html
        assert response["HX-Trigger"] == "ratio-changed"  # the ratio banner reloads itself

    def test_a_named_collector_may_collect(self, world):
        gina = AuthorisedCollector.objects.create(
            setting=world.setting_a, child=world.child, name="Gina Gran",
            relationship="Grandmother", added_by=world.users["parent"])
        record = RecordFactory(child=world.child, session=all_day(world))
        _sign_out(world.client_for("key_person"), record, f"named:{gina.uuid}")
        record.refresh_from_db()
        assert record.collected_by == "Gina Gran"
        assert record.collected_by_relationship == "Grandmother"

    def test_a_removed_collector_may_no_longer_collect(self, world):
        gina = AuthorisedCollector.objects.create(
            setting=world.setting_a, child=world.child, name="Gina Gran",
            relationship="Grandmother", added_by=world.users["parent"],
            removed_at=timezone.now())
        record = RecordFactory(child=world.child, session=all_day(world))
        response = _sign_out(world.client_for("key_person"), record, f"named:{gina.uuid}")
        assert "not named as someone who may collect" in response.content.decode()
        record.refresh_from_db()
        assert record.is_open

    def test_an_adult_not_named_to_collect_is_refused(self, world):
        casey = world.child.adults.get(user=world.users["carer_no_info"])
        record = RecordFactory(child=world.child, session=all_day(world))
        response = _sign_out(world.client_for("key_person"), record, f"adult:{casey.uuid}")
        assert "not named as someone who may collect" in response.content.decode()
        record.refresh_from_db()
        assert record.is_open

    def test_a_restricted_adult_is_refused_with_a_warning_to_call_the_manager(self, world):
        rex = _rex(world)
        ChildAdult.objects.filter(pk=rex.pk).update(may_collect=True)  # even if ticked
        record = RecordFactory(child=world.child, session=all_day(world))
        response = world.client_for("key_person").post(
            reverse("collection-sign-out", args=[record.uuid]),
            {"collector": f"adult:{rex.uuid}"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert "Do not release Ava to Rex Restricted" in html and "call the manager" in html
        record.refresh_from_db()
        assert record.is_open
        refusal = AuditEvent.objects.get(action="collection.refused")
        assert refusal.changes == {"adult": "Rex Restricted"}

    def test_someone_named_with_a_restricted_adults_name_is_refused_too(self, world):
        namesake = AuthorisedCollector.objects.create(
            setting=world.setting_a, child=world.child, name="rex  restricted",
            relationship="Uncle", added_by=world.users["parent"])
        record = RecordFactory(child=world.child, session=all_day(world))
        response = _sign_out(world.client_for("key_person"), record, f"named:{namesake.uuid}")
        assert "Do not release" in response.content.decode()
        record.refresh_from_db()
        assert record.is_open

    def test_a_forged_collector_is_refused(self, world):
        record = RecordFactory(child=world.child, session=all_day(world))
        other = world.other_child.adults.get()
        ChildAdult.objects.filter(pk=other.pk).update(may_collect=True)
        response = _sign_out(world.client_for("key_person"), record, f"adult:{other.uuid}")
        assert "not named" in response.content.decode()
        record.refresh_from_db()
        assert record.is_open

    def test_choosing_nobody_is_refused(self, world):
        record = RecordFactory(child=world.child, session=all_day(world))
        response = world.client_for("key_person").post(
            reverse("collection-sign-out", args=[record.uuid]), {})
        assert "Choose who is collecting" in response.content.decode()
        record.refresh_from_db()
        assert record.is_open

    def test_signing_out_a_child_who_is_not_signed_in_changes_nothing(self, world):
        pat = _pat(world)
        record = RecordFactory(child=world.child, session=all_day(world))
        client = world.client_for("key_person")
        _sign_out(client, record, f"adult:{pat.uuid}")
        record.refresh_from_db()
        first = record.signed_out_at
        response = client.post(reverse("collection-sign-out", args=[record.uuid]),
                               {"collector": f"adult:{pat.uuid}"}, HTTP_HX_REQUEST="true")
        assert "is not signed in" in response.content.decode()
        record.refresh_from_db()
        assert record.signed_out_at == first
        assert AuditEvent.objects.filter(action="attendance.signed_out").count() == 1

    def test_a_parent_cannot_sign_out(self, world):
        pat = _pat(world)
        record = RecordFactory(child=world.child, session=all_day(world))
        response = _sign_out(world.client_for("parent"), record, f"adult:{pat.uuid}")
        assert response.status_code == 403
        record.refresh_from_db()
        assert record.is_open


class TestLateCollection:
    def test_a_late_collection_needs_the_reason(self, world):
        pat = _pat(world)
        record = RecordFactory(child=world.child, session=ended(world))
        client = world.client_for("key_person")
        response = _sign_out(client, record, f"adult:{pat.uuid}")
        html = response.content.decode()
        assert "this is a late collection" in html
        assert "non-collection procedure" in html
        record.refresh_from_db()
        assert record.is_open and not LateCollection.objects.exists()

        before = timezone.now()
        _sign_out(client, record, f"adult:{pat.uuid}", late_reason="Stuck in traffic on the A14")
        after = timezone.now()
        late = LateCollection.objects.get()
        record.refresh_from_db()
        assert late.record == record and late.collected_by == "Pat Parent"
        assert late.reason == "Stuck in traffic on the A14"
        # The session ended a second after midnight: late by the whole minutes since then.
        session_end = record.session_end()
        assert late.session_ended_at == session_end
        assert before <= late.collected_at == record.signed_out_at <= after
        assert late.minutes_late == (record.signed_out_at - session_end) // timedelta(minutes=1)
        assert (before - session_end) // timedelta(minutes=1) <= late.minutes_late
        assert late.minutes_late <= (after - session_end) // timedelta(minutes=1)
        assert late.recorded_by == world.users["key_person"]

    def test_the_late_page_shows_who_is_still_here_and_the_procedure(self, world):
        RecordFactory(child=world.child, session=ended(world))
        html = world.client_for("practitioner").get(reverse("collection-late")).content.decode()
        assert "Ava Parentchild" in html
        assert "What to do when a child is not collected" in html


class TestThePanelAtTheDoor:
    def test_a_collectors_photo_is_big_enough_to_compare_with_a_face_and_has_alt_text(
            self, world):
        import re

        from tests.collection.matrix import _collector

        gina = _collector(world)
        record = RecordFactory(child=world.child, session=all_day(world))
        html = world.client_for("key_person").get(
            reverse("collection-sign-out", args=[record.uuid]),
            HTTP_HX_REQUEST="true").content.decode()
        src = reverse("collection-collector-photo", args=[gina.uuid])
        img = re.search(rf'<img [^>]*src="{src}[^>]*>', html).group(0)
        assert 'alt="Photo of Gina Gran"' in img
        width, height = (int(re.search(rf'{a}="(\d+)"', img).group(1))
                         for a in ("width", "height"))
        assert width >= 160 and height >= 160
