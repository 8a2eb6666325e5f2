"""Accidents, incidents and injuries seen on arrival: recorded, the family told the same day
and acknowledging, serious ones notified to Ofsted within 14 days, corrections as new
entries."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from consents import services
from consents.models import Accident, AccidentAcknowledgement, OfstedNotification
from preschool.lib import reminders
from preschool.models import Reminder
from tests.consents.factories import accident


def _form(world, **overrides):
    data = {"kind": "accident",
            "happened_at": (timezone.localtime() - timedelta(minutes=20)).strftime(
                "%Y-%m-%dT%H:%M"),
            "location": "Garden", "what_happened": "Fell off the scooter.",
            "injury": "Bump on the forehead.", "body_position": "head",
            "first_aid": "Cold compress for ten minutes.",
            "first_aid_by": world.users["key_person"].uuid, "witnesses": "Perry",
            "parent_explanation": ""}
    data.update(overrides)
    return data


def test_it_records_an_accident_and_tells_the_family(world, sent):
    with sent():
        response = world.client_for("key_person").post(
            reverse("consents-accident-new", args=[world.child.uuid]), _form(world))
    record = Accident.objects.get()
    assert response["Location"] == reverse("consents-accident", args=[record.uuid])
    assert record.first_aid_by == world.users["key_person"] and not record.serious
    assert [m.to for m in mail.outbox] == [[world.users["parent"].email]]
    assert "Bump on the forehead" in mail.outbox[0].body


def test_an_injury_seen_on_arrival_is_recorded_too(world):
    world.client_for("practitioner").post(
        reverse("consents-accident-new", args=[world.child.uuid]),
        _form(world, kind="on_arrival", first_aid="", first_aid_by="",
              parent_explanation="Fell at the park yesterday."))
    assert Accident.objects.get().kind == "on_arrival"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"happened_at": "tomorrow"}, "Enter a valid date"),
    ({"happened_at": "2099-01-01T10:00"}, "in the future"),
    ({"injury": ""}, "Describe the injury"),
    ({"first_aid_by": ""}, "Say who gave the first aid"),
    ({"location": ""}, "This field is required"),
])
def test_bad_input_changes_nothing(world, overrides, message):
    response = world.client_for("key_person").post(
        reverse("consents-accident-new", args=[world.child.uuid]), _form(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Accident.objects.exists()


def test_the_family_acknowledges_once(world):
    record = accident(world)
    client = world.client_for("parent")
    url = reverse("consents-accident-ack", args=[record.uuid])
    client.post(url, {"comment": "Thanks, she is fine."})
    response = client.post(url, follow=True)
    assert "Already acknowledged" in response.content.decode()
    ack = AccidentAcknowledgement.objects.get()
    assert ack.comment == "Thanks, she is fine."


def test_a_correction_is_a_new_entry_and_needs_acknowledging(world):
    record = accident(world)
    services.acknowledge_accident(world.users["parent"], record)
    data = _form(world, injury="Graze on the right knee.", body_position="knee_right")
    client = world.client_for("key_person")
    url = reverse("consents-accident-correct", args=[record.uuid])
    assert "Say what was wrong" in client.post(url, data).content.decode()
    client.post(url, {**data, "correction_reason": "It was the right knee."})
    correction = Accident.objects.get(corrects=record)
    assert correction.original == record and correction.injury == "Graze on the right knee."
    assert set(Accident.objects.current()) == {correction}
    assert set(Accident.objects.unacknowledged()) == {correction}
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        record.delete()
    page = world.client_for("parent").get(reverse("consents-accident", args=[record.uuid]))
    assert "see the corrected record" in page.content.decode()


def test_a_serious_accident_reminds_the_manager_until_notified(world, sent):
    with sent():
        world.client_for("key_person").post(
            reverse("consents-accident-new", args=[world.child.uuid]),
            _form(world, serious="on"))
    record = Accident.objects.get()
    assert record.ofsted_due_on == timezone.localdate(record.happened_at) + timedelta(days=14)
    to_manager = [m for m in mail.outbox if m.to == [world.users["manager"].email]]
    assert len(to_manager) == 1 and "Notify Ofsted by" in to_manager[0].subject
    # Each morning until it is marked notified.
    from consents.reminder_kinds import last_daily

    morning = last_daily(timezone.now(), 9)
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan(now=morning)
    daily = Reminder.objects.filter(kind="consents-ofsted", due_on=timezone.localdate(morning))
    assert daily.count() == 1
    response = world.client_for("key_person").post(
        reverse("consents-accident-ofsted", args=[record.uuid]),
        {"notified_on": timezone.localdate().isoformat()})
    assert response.status_code == 403
    client = world.client_for("manager")
    client.post(reverse("consents-accident-ofsted", args=[record.uuid]),
                {"notified_on": timezone.localdate().isoformat(), "reference": "OF-1234"})
    assert OfstedNotification.objects.get().reference == "OF-1234"
    response = client.post(reverse("consents-accident-ofsted", args=[record.uuid]),
                           {"notified_on": timezone.localdate().isoformat()}, follow=True)
    assert "already recorded" in response.content.decode()
    assert not Accident.objects.awaiting_ofsted().exists()
    pending = daily.filter(status="pending").first()
    if pending is not None:
        assert reminders.deliver(pending.pk) == "cancelled"


def test_a_serious_correction_of_a_minor_accident_needs_notifying(world):
    record = accident(world)
    assert not Accident.objects.awaiting_ofsted().exists()
    data = {f: getattr(record, f) for f in services.ACCIDENT_FIELDS}
    data["serious"] = True
    services.record_accident(world.users["manager"], world.child, data, corrects=record,
                             correction_reason="Taken to A&E later that day.")
    assert Accident.objects.awaiting_ofsted().count() == 1


def test_the_accident_pdf_reads_back(world):
    record = accident(world, serious=True)
    response = world.client_for("parent").get(reverse("consents-accident-pdf",
                                                      args=[record.uuid]))
    text = " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(response.content)).pages).split())
    for expected in ("Ava Parentchild", "Garden, by the slide", "Small graze on the left knee",
                     "Left knee", "Kim Keyperson", "Ofsted to be notified by", "Not yet"):
        assert expected in text, expected
