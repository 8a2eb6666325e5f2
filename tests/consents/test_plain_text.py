"""What people type into consents, medicines and accidents is plain text: HTML or a script is
refused with a clear message and nothing is stored (preschool/validators.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consents.models import (
    Accident,
    AccidentAcknowledgement,
    ConsentForm,
    MedicationDose,
    MedicationPermission,
    OfstedNotification,
    Outing,
)
from tests.consents.factories import accident, calpol, default_forms, dose

MARKUP = '<script>alert("hi")</script>'
NOW = "%Y-%m-%dT%H:%M"


@dataclass
class Case:
    """A form of the app: who posts it, where, with what valid data, which of its fields are
    typed by people, and what would change if it were stored. ``follow``: the form is posted
    from another page and answers with a redirect and a message."""

    persona: str
    url: Callable
    data: Callable
    fields: list
    state: Callable
    follow: bool = False


def _staff(world):
    return {"given_by": world.users["key_person"].uuid,
            "witnessed_by": world.users["practitioner"].uuid}


def _dose_data(world, permission):
    return {"permission": permission.uuid, "medicine": "",
            "given_at": timezone.localtime().strftime(NOW), "dose_amount": "5",
            "dose_unit": "ml", **_staff(world), "notes": "Took it well.", "reason": "",
            "correction_reason": "It was 2.5 ml."}


def _accident_data(world):
    return {"kind": "on_arrival",
            "happened_at": (timezone.localtime() - timedelta(minutes=20)).strftime(NOW),
            "location": "Garden", "what_happened": "Fell off the scooter.",
            "injury": "Bump on the forehead.", "body_position": "head",
            "first_aid": "Cold compress.", "first_aid_by": world.users["key_person"].uuid,
            "witnesses": "Perry", "parent_explanation": "Fell at the park.",
            "correction_reason": "The time was wrong."}


def _permission_data(world):
    today = timezone.localdate()
    return {"medicine": "Amoxicillin", "prescribed": "on", "prescriber": "doctor",
            "prescriber_name": "Dr Shah", "dose_amount": "5", "dose_unit": "ml",
            "when_to_give": "12:00 with lunch", "min_hours_between": "8", "route": "mouth",
            "reason": "Ear infection", "start_date": today.isoformat(),
            "end_date": (today + timedelta(days=6)).isoformat(), "storage": "fridge",
            "storage_notes": "Top shelf", "declared_name": "Pat Parent",
            "declaration_agreed": "on"}


def _status(model, **lookup):
    return lambda world: list(model.objects.filter(**lookup).values_list("status", flat=True))


def _count(model):
    return lambda world: model.objects.count()


def _requested(world):
    return calpol(world, status="requested")


CASES = {
    "consent form": Case(
        "manager", lambda w: reverse("consents-form-new"),
        lambda w: {"title": "Forest school", "wording": "We go to the woods."},
        ["title", "wording"], _count(ConsentForm)),
    "consent form's new wording": Case(
        "manager", lambda w: reverse("consents-form-edit", args=[
            default_forms(w.setting_a)["photos_public"].uuid]),
        lambda w: {"title": "Photos online", "wording": "New wording."},
        ["title", "wording"], _count(ConsentForm)),
    "outing": Case(
        "practitioner", lambda w: reverse("consents-outing-new"),
        lambda w: {"kind": "local_outings", "place": "Hadley Library",
                   "purpose": "Story time",
                   "date": (timezone.localdate() + timedelta(days=2)).isoformat(),
                   "children": [w.child.uuid]},
        ["place", "purpose"], _count(Outing)),
    "medicine permission": Case(
        "parent", lambda w: reverse("consents-permission-new", args=[w.child.uuid]),
        _permission_data,
        ["medicine", "prescriber_name", "when_to_give", "reason", "storage_notes",
         "declared_name"], _count(MedicationPermission)),
    "label check": Case(
        "practitioner", lambda w: reverse("consents-permission-accept",
                                          args=[_requested(w).uuid]),
        lambda w: {"label_checked": "on", "note": "Label matches."}, ["note"],
        _status(MedicationPermission), follow=True),
    "decline": Case(
        "practitioner", lambda w: reverse("consents-permission-decline",
                                          args=[_requested(w).uuid]),
        lambda w: {"reason": "Another child's name on the label."}, ["reason"],
        _status(MedicationPermission), follow=True),
    "end of a permission": Case(
        "parent", lambda w: reverse("consents-permission-end", args=[calpol(w).uuid]),
        lambda w: {"reason": "Better now."}, ["reason"], _status(MedicationPermission),
        follow=True),
    "dose": Case(
        "key_person", lambda w: reverse("consents-dose-new", args=[w.child.uuid]),
        lambda w: _dose_data(w, calpol(w)), ["notes"], _count(MedicationDose)),
    "dose without a permission": Case(
        "key_person", lambda w: reverse("consents-dose-new", args=[w.child.uuid]),
        lambda w: {**_dose_data(w, calpol(w)), "permission": "", "medicine": "Piriton",
                   "reason": "Anaphylaxis plan"},
        ["medicine", "reason"], _count(MedicationDose)),
    "dose correction": Case(
        "key_person", lambda w: reverse("consents-dose-correct", args=[
            dose(w, minutes_ago=600).uuid]),
        lambda w: {**_dose_data(w, MedicationDose.objects.get().permission),
                   "dose_amount": "2.5"},
        ["correction_reason", "notes"], _count(MedicationDose)),
    "accident": Case(
        "key_person", lambda w: reverse("consents-accident-new", args=[w.child.uuid]),
        _accident_data,
        ["location", "what_happened", "injury", "first_aid", "witnesses",
         "parent_explanation"], _count(Accident)),
    "accident correction": Case(
        "key_person", lambda w: reverse("consents-accident-correct",
                                        args=[accident(w).uuid]),
        _accident_data, ["correction_reason", "what_happened"], _count(Accident)),
    "acknowledgement of an accident": Case(
        "parent", lambda w: reverse("consents-accident-ack", args=[accident(w).uuid]),
        lambda w: {"comment": "Thank you for the ice pack."}, ["comment"],
        _count(AccidentAcknowledgement), follow=True),
    "Ofsted notification": Case(
        "manager", lambda w: reverse("consents-accident-ofsted",
                                     args=[accident(w, serious=True).uuid]),
        lambda w: {"notified_on": timezone.localdate().isoformat(), "reference": "OF-1",
                   "note": "By phone."},
        ["reference", "note"], _count(OfstedNotification), follow=True),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_markup_is_refused_with_a_message_and_nothing_is_stored(world, case):
    url = case.url(world)
    data = case.data(world)
    client = world.client_for(case.persona)
    before = case.state(world)
    for field in case.fields:
        response = client.post(url, {**data, field: f"Fine {MARKUP}"}, follow=case.follow)
        assert response.status_code == 200, field
        html = response.content.decode()
        assert "Please write plain text" in html, field
        assert MARKUP not in html, field  # shown back escaped, if at all
        assert case.state(world) == before, field
    # The same form without the markup is accepted: the refusal was the markup's doing.
    client.post(url, data, follow=case.follow)
    assert case.state(world) != before

