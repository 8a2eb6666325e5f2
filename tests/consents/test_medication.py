"""Medicine permissions requested by parents, checked by staff, doses recorded with a witness,
families told the same day and acknowledging; never edited, only corrected."""

import io
import threading
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from pypdf import PdfReader

from consents import services
from consents.models import (
    DoseAcknowledgement,
    MedicationDose,
    MedicationPermission,
    MedicationPolicy,
)
from preschool.lib import reminders
from preschool.models import Reminder
from tests.consents.factories import calpol, dose

TODAY = timezone.localdate


def _request(client, child, **overrides):
    data = {
        "medicine": "Amoxicillin 125mg/5ml", "prescribed": "on", "prescriber": "doctor",
        "prescriber_name": "Dr Shah", "dose_amount": "5", "dose_unit": "ml",
        "when_to_give": "12:00 with lunch", "min_hours_between": "8", "max_doses_per_day": "",
        "route": "mouth", "reason": "Ear infection", "start_date": TODAY().isoformat(),
        "end_date": (TODAY() + timedelta(days=6)).isoformat(), "storage": "fridge",
        "storage_notes": "", "declared_name": "Pat Parent", "declaration_agreed": "on",
    }
    data.update(overrides)
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(reverse("consents-permission-new", args=[child.uuid]), data)


def _record(client, child, permission=None, **overrides):
    data = {"permission": permission.uuid if permission else "",
            "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "dose_amount": "5", "dose_unit": "ml", "given_by": "", "witnessed_by": "",
            "notes": "", "reason": "", "medicine": ""}
    data.update(overrides)
    return client.post(reverse("consents-dose-new", args=[child.uuid]), data)


def _staff(world):
    return {"given_by": world.users["key_person"].uuid,
            "witnessed_by": world.users["practitioner"].uuid}


class TestRequestingPermission:
    def test_it_records_a_parents_permission_waiting_for_the_label_check(self, world):
        response = _request(world.client_for("parent"), world.child)
        permission = MedicationPermission.objects.get()
        assert response["Location"] == reverse("consents-permission", args=[permission.uuid])
        assert permission.status == "requested" and permission.dose_amount == Decimal("5")
        assert permission.requested_by == world.users["parent"]
        assert "parental responsibility" in permission.declaration

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"dose_amount": "five ml"}, "Enter a number"),
        ({"dose_amount": "0"}, "more than 0"),
        ({"end_date": (TODAY() - timedelta(days=1)).isoformat(),
          "start_date": TODAY().isoformat()}, "The end date"),
        ({"start_date": (TODAY() + timedelta(days=3)).isoformat(),
          "end_date": (TODAY() + timedelta(days=1)).isoformat()}, "before the start date"),
        ({"declaration_agreed": None}, "agree to the declaration"),
        ({"medicine": "Junior aspirin", "prescriber": "pharmacist"}, "containing aspirin"),
        ({"contains_aspirin": "on", "prescriber": "nurse"}, "containing aspirin"),
        ({"prescribed": None, "prescriber": ""}, "only gives medicines prescribed"),
        ({"prescriber": ""}, "Say who prescribed it"),
    ])
    def test_bad_input_is_refused_with_a_message_and_nothing_saved(self, world, overrides,
                                                                    message):
        response = _request(world.client_for("parent"), world.child, **overrides)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not MedicationPermission.objects.exists()

    def test_aspirin_prescribed_by_a_doctor_is_accepted(self, world):
        _request(world.client_for("parent"), world.child, medicine="Aspirin 75mg")
        assert MedicationPermission.objects.get().contains_aspirin

    def test_non_prescribed_follows_the_settings_policy(self, world):
        services.set_medication_policy(world.users["manager"], world.setting_a,
                                       accepts_non_prescribed=True)
        _request(world.client_for("parent"), world.child, prescribed=None, prescriber="",
                 medicine="Infant paracetamol")
        permission = MedicationPermission.objects.get()
        assert not permission.prescribed and permission.prescriber == ""

    def test_the_policy_page_saves_an_unticked_box(self, world):
        MedicationPolicy.objects.create(setting=world.setting_a, accepts_non_prescribed=True)
        response = world.client_for("manager").post(reverse("consents-medication-policy"), {})
        assert response.status_code == 302
        assert not MedicationPolicy.of(world.setting_a).accepts_non_prescribed

    def test_an_adult_without_parental_responsibility_cannot(self, world, childminder):
        client = Client()
        client.force_login(childminder)
        response = _request(client, world.child)
        assert response.status_code == 403
        assert "Only an adult with parental responsibility" in response.content.decode()
        assert _request(world.client_for("other_parent"), world.child).status_code == 404
        assert _request(world.client_for("carer_no_info"), world.child).status_code == 404
        assert not MedicationPermission.objects.exists()

    def test_a_change_is_a_replacement_and_the_old_one_stays(self, world):
        old = calpol(world)
        dose(world, old)
        response = _request(world.client_for("parent"), world.child, medicine="Calpol",
                            replaces=str(old.uuid), dose_amount="7.5")
        assert response.status_code == 302
        old.refresh_from_db()
        new = MedicationPermission.objects.get(replaces=old)
        assert old.status == "replaced" and old.doses.count() == 1
        assert new.status == "requested" and new.dose_amount == Decimal("7.5")


class TestCheckingTheLabel:
    def test_staff_accept_only_after_checking_the_label(self, world):
        permission = calpol(world, status="requested")
        client = world.client_for("practitioner")
        url = reverse("consents-permission-accept", args=[permission.uuid])
        client.post(url, {})
        permission.refresh_from_db()
        assert permission.status == "requested"
        client.post(url, {"label_checked": "on"})
        permission.refresh_from_db()
        assert permission.status == "accepted"
        assert permission.checked_by == world.users["practitioner"]

    def test_a_declined_permission_says_why(self, world):
        permission = calpol(world, status="requested")
        world.client_for("manager").post(
            reverse("consents-permission-decline", args=[permission.uuid]),
            {"reason": "The label has another child's name."})
        page = world.client_for("parent").get(reverse("consents-permission",
                                                      args=[permission.uuid]))
        assert "another child&#x27;s name" in page.content.decode()

    def test_permissions_are_never_edited_in_place(self, world):
        permission = calpol(world)
        with pytest.raises(TypeError):
            dose(world, permission).save()
        with pytest.raises(TypeError):
            MedicationDose.objects.first().delete()


class TestRecordingDoses:
    def test_a_dose_is_recorded_and_the_family_told(self, world, sent):
        permission = calpol(world)
        with sent():
            response = _record(world.client_for("key_person"), world.child, permission,
                               **_staff(world))
        assert response.status_code == 302
        recorded = MedicationDose.objects.get()
        assert recorded.warnings == [] and not recorded.possible_double_dose
        assert recorded.witnessed_by == world.users["practitioner"]
        # Pat (parental responsibility) is told; Casey (no right to information) is not.
        assert [m.to for m in mail.outbox] == [[world.users["parent"].email]]
        assert "Calpol" in mail.outbox[0].body and "5 ml" in mail.outbox[0].body

    @pytest.mark.parametrize(("overrides", "warning"), [
        ({"dose_amount": "10"}, "More than the dose"),
        ({"dose_unit": "mg"}, "another unit"),
    ])
    def test_a_dose_outside_the_permission_needs_a_reason(self, world, overrides, warning):
        permission = calpol(world)
        client = world.client_for("key_person")
        response = _record(client, world.child, permission, **_staff(world), **overrides)
        assert response.status_code == 200
        assert warning in response.content.decode()
        assert not MedicationDose.objects.exists()
        _record(client, world.child, permission, **_staff(world), **overrides,
                reason="Doctor's new instructions by phone")
        assert MedicationDose.objects.get().reason == "Doctor's new instructions by phone"

    def test_too_soon_and_after_the_end_date_warn(self, world):
        permission = calpol(world, end_date=TODAY() - timedelta(days=1),
                            start_date=TODAY() - timedelta(days=5))
        dose(world, permission, minutes_ago=120)
        response = _record(world.client_for("key_person"), world.child, permission,
                           **_staff(world))
        page = response.content.decode()
        assert "Too soon after the last dose" in page and "end date has passed" in page
        assert MedicationDose.objects.count() == 1

    def test_no_permission_needs_a_reason_and_a_name(self, world):
        client = world.client_for("key_person")
        response = _record(client, world.child, None, **_staff(world))
        assert "name it" in response.content.decode()
        response = _record(client, world.child, None, medicine="Piriton", **_staff(world))
        assert "no written permission" in response.content.decode()
        _record(client, world.child, None, medicine="Piriton", reason="Anaphylaxis plan",
                **_staff(world))
        assert MedicationDose.objects.get().warnings == ["no_permission"]

    @pytest.mark.parametrize(("overrides", "message"), [
        ({"dose_amount": "a spoonful"}, "Enter a number"),
        ({"witnessed_by": "self"}, "another member of staff"),
        ({"given_at": "2099-01-01T10:00"}, "in the future"),
    ])
    def test_bad_input_changes_nothing(self, world, overrides, message):
        permission = calpol(world)
        staff = _staff(world)
        if overrides.get("witnessed_by") == "self":
            overrides["witnessed_by"] = staff["given_by"]
        response = _record(world.client_for("key_person"), world.child, permission,
                           **{**staff, **overrides})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not MedicationDose.objects.exists()

    def test_a_correction_is_a_new_entry_pointing_at_the_old(self, world, sent):
        first = dose(world)
        client = world.client_for("key_person")
        data = {"permission": first.permission.uuid, "medicine": "",
                "given_at": timezone.localtime(first.given_at).strftime("%Y-%m-%dT%H:%M"),
                "dose_amount": "2.5", "dose_unit": "ml", **_staff(world), "notes": "",
                "reason": ""}
        url = reverse("consents-dose-correct", args=[first.uuid])
        response = client.post(url, data)
        assert "Say what was wrong" in response.content.decode()
        with sent():
            client.post(url, {**data, "correction_reason": "It was 2.5 ml, not 5 ml."})
        correction = MedicationDose.objects.get(corrects=first)
        assert correction.dose_amount == Decimal("2.5") and correction.warnings == []
        assert set(MedicationDose.objects.current()) == {correction}
        assert MedicationDose.objects.count() == 2
        assert "corrects an earlier record" in mail.outbox[-1].body.lower()


class TestTheDoseForm:
    def test_it_prefills_the_dose_of_the_only_permission_in_force(self, world):
        permission = calpol(world, dose_amount=Decimal("2.5"))
        page = world.client_for("key_person").get(
            reverse("consents-dose-new", args=[world.child.uuid])).content.decode()
        assert f'value="{permission.uuid}" selected' in page
        assert 'name="dose_amount" value="2.5"' in page
        assert "Permitted: 2.5 ml, when temperature over 38C" in page

    def test_choosing_a_medicine_prefills_its_dose(self, world):
        calpol(world)
        other = calpol(world, medicine="Piriton", dose_amount=Decimal("2.5"),
                       dose_unit="mg", when_to_give="8am")
        client = world.client_for("key_person")
        url = reverse("consents-dose-new", args=[world.child.uuid])
        page = client.get(url).content.decode()  # two in force: the staff member chooses
        assert 'name="dose_amount" value=' not in page
        assert f'hx-get="{url}"' in page and 'hx-select="#dose-prefill"' in page
        page = client.get(url, {"permission": other.uuid}).content.decode()
        assert 'name="dose_amount" value="2.5"' in page
        assert '<option value="mg" selected>' in page
        page = client.get(url, {"permission": ""}).content.decode()
        assert 'name="dose_amount" value=' not in page

    @pytest.mark.parametrize(("when_to_give", "given", "warned"), [
        ("12:00 with lunch", "08:03", True),
        ("12:00 with lunch", "11:20", False),
        ("8am and 6.30pm", "12:00", True),
        ("8am and 6.30pm", "18:45", False),
        ("at noon", "13:30", True),
        ("when temperature over 38C", "03:00", False),
    ])
    def test_a_dose_far_from_the_permitted_time_needs_a_reason(self, world, when_to_give,
                                                               given, warned):
        permission = calpol(world, when_to_give=when_to_give)
        yesterday = (TODAY() - timedelta(days=1)).isoformat()
        client = world.client_for("key_person")
        response = _record(client, world.child, permission, **_staff(world),
                           given_at=f"{yesterday}T{given}")
        if not warned:
            assert response.status_code == 302
            assert MedicationDose.objects.get().warnings == []
            return
        page = response.content.decode()
        assert response.status_code == 200
        assert "Far from the time the permission gives" in page
        assert f"The permission says: 5 ml, {when_to_give}." in page
        assert not MedicationDose.objects.exists()
        _record(client, world.child, permission, **_staff(world),
                given_at=f"{yesterday}T{given}", reason="Lunch was early on the outing")
        recorded = MedicationDose.objects.get()
        assert recorded.warnings == ["off_time"]
        assert recorded.reason == "Lunch was early on the outing"

    def test_the_service_refuses_an_off_time_dose_without_a_reason(self, world):
        permission = calpol(world, when_to_give="12:00 with lunch")
        given_at = timezone.make_aware(datetime.combine(
            TODAY() - timedelta(days=1), datetime.min.time().replace(hour=8, minute=3)))
        with pytest.raises(services.ServiceError, match="far from the time"):
            services.record_dose(
                world.users["key_person"], world.child, permission=permission, medicine="",
                given_at=given_at, dose_amount=Decimal("5"), dose_unit="ml",
                given_by=world.users["key_person"], witnessed_by=world.users["practitioner"])
        assert not MedicationDose.objects.exists()


class TestAcknowledging:
    def test_the_family_acknowledges_once(self, world, home_section):
        given = dose(world)
        client = world.client_for("parent")
        url = reverse("consents-dose-ack", args=[given.uuid])
        home = home_section("parent")
        assert "Please acknowledge" in home and "Calpol" in home
        client.post(url, {"next": "home"})
        ack = DoseAcknowledgement.objects.get()
        assert ack.acknowledged_by == world.users["parent"]
        response = client.post(url, follow=True)
        assert "Already acknowledged by Pat Parent" in response.content.decode()
        assert DoseAcknowledgement.objects.count() == 1
        assert "Please acknowledge" not in home_section("parent")

    def test_staff_and_others_cannot_acknowledge(self, world):
        url = reverse("consents-dose-ack", args=[dose(world).uuid])
        assert world.client_for("key_person").post(url).status_code == 403
        assert world.client_for("other_parent").post(url).status_code == 404
        assert not DoseAcknowledgement.objects.exists()

    def test_unacknowledged_doses_are_chased_every_evening_until_acknowledged(self, world):
        from consents.reminder_kinds import last_daily

        evening = last_daily(timezone.now(), 18) - timedelta(days=1)
        # Recorded three days ago (doses are never changed afterwards, even by the database).
        three_days_ago = timezone.now() - timedelta(days=3)
        with mock.patch("django.utils.timezone.now", return_value=three_days_ago):
            given = dose(world, minutes_ago=0)
        with mock.patch.object(reminders, "enqueue"):
            reminders.scan(now=evening)
            reminders.scan(now=evening)
        chase = Reminder.objects.get(kind="consents-acknowledge")
        assert chase.recipient == world.users["parent"]
        assert reminders.deliver(chase.pk) == "sent"
        assert "Calpol" in mail.outbox[-1].body
        with mock.patch.object(reminders, "enqueue"):
            reminders.scan(now=evening + timedelta(days=1))
        assert Reminder.objects.filter(kind="consents-acknowledge").count() == 2
        services.acknowledge_dose(world.users["parent"], given)
        later = Reminder.objects.filter(kind="consents-acknowledge").exclude(pk=chase.pk).get()
        assert reminders.deliver(later.pk) == "cancelled"
        page = world.client_for("manager").get(reverse("consents-medication")).content.decode()
        assert "Not acknowledged by the family" in page


@pytest.mark.django_db(transaction=True)
def test_two_staff_recording_the_same_dose_at_once_keeps_both_and_flags_it(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    permission = calpol(world)
    moment = timezone.now() - timedelta(minutes=1)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def record(actor, giver, witness):
        from django.db import connections

        try:
            barrier.wait()
            # A new thread starts outside any scope: open the setting's, as a request does.
            with scope(setting=world.setting_a):
                results.append(services.record_dose(
                    actor, world.child, permission=permission, medicine="", given_at=moment,
                    dose_amount=Decimal("5"), dose_unit="ml", given_by=giver,
                    witnessed_by=witness))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    kim, perry, mona = (world.users[p] for p in ("key_person", "practitioner", "manager"))
    threads = [threading.Thread(target=record, args=(kim, kim, perry)),
               threading.Thread(target=record, args=(perry, perry, mona))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    doses = list(MedicationDose.objects.order_by("id"))
    assert len(doses) == 2
    assert [d.possible_double_dose for d in doses] == [False, True]
    assert "double" in doses[1].warnings
    page = world.client_for("manager").get(reverse("consents-medication")).content.decode()
    assert "Possible double doses" in page


def test_the_medication_record_pdf_reads_back(world):
    permission = calpol(world)
    first = dose(world, permission)
    services.acknowledge_dose(world.users["parent"], first)
    services.record_dose(world.users["key_person"], world.child, permission=permission,
                         medicine="", given_at=timezone.now() - timedelta(minutes=30),
                         dose_amount=Decimal("2.5"), dose_unit="ml",
                         given_by=world.users["key_person"],
                         witnessed_by=world.users["practitioner"], corrects=first,
                         correction_reason="Half a dose only")
    response = world.client_for("parent").get(reverse("consents-medication-pdf",
                                                      args=[world.child.uuid]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in ("Medication record: Ava Parentchild", "Calpol infant suspension",
                     "when temperature over 38C", "Pat Parent", "Kim Keyperson",
                     "Perry Practitioner", "Half a dose only", "2.5 ml"):
        assert expected in text, expected
