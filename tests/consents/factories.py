"""Consent, medicine and accident records for tests (people come from tests/conftest.py)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from consents.defaults import MEDICATION_DECLARATION
from consents.models import (
    Accident,
    ConsentForm,
    ConsentKind,
    MedicationDose,
    MedicationPermission,
    Outing,
)
from consents.services import ensure_default_forms


def default_forms(setting) -> dict:
    """The setting's standard forms, by kind."""
    ensure_default_forms(setting)
    return {f.kind: f for f in ConsentForm.objects.filter(setting=setting, is_current=True)}


def calpol(world, child=None, status=MedicationPermission.Status.ACCEPTED, **extra):
    """Pat's permission for infant paracetamol for Ava, accepted by Kim unless told."""
    child = child or world.child
    today = timezone.localdate()
    fields = {
        "setting": child.setting, "child": child, "medicine": "Calpol infant suspension",
        "prescribed": True, "prescriber": "doctor", "prescriber_name": "Dr Shah",
        "dose_amount": Decimal("5"), "dose_unit": "ml",
        "when_to_give": "when temperature over 38C", "min_hours_between": Decimal("4"),
        "max_doses_per_day": 4, "route": "mouth", "reason": "Fever after vaccinations",
        "start_date": today - timedelta(days=1), "end_date": today + timedelta(days=5),
        "storage": "room", "declaration": MEDICATION_DECLARATION, "declared_name": "Pat Parent",
        "requested_by": world.users["parent"], "status": status,
    }
    if status != MedicationPermission.Status.REQUESTED:
        fields.update(checked_by=world.users["key_person"], checked_at=timezone.now())
    fields.update(extra)
    return MedicationPermission.objects.create(**fields)


def dose(world, permission=None, minutes_ago=60, **extra):
    permission = permission or calpol(world)
    fields = {
        "setting": permission.setting, "child": permission.child, "permission": permission,
        "medicine": permission.medicine, "given_at": timezone.now() - timedelta(
            minutes=minutes_ago),
        "dose_amount": permission.dose_amount, "dose_unit": permission.dose_unit,
        "given_by": world.users["key_person"], "witnessed_by": world.users["practitioner"],
        "recorded_by": world.users["key_person"],
    }
    fields.update(extra)
    return MedicationDose.objects.create(**fields)


def accident(world, child=None, **extra):
    child = child or world.child
    fields = {
        "setting": child.setting, "child": child, "kind": Accident.Kind.ACCIDENT,
        "happened_at": timezone.now() - timedelta(hours=1), "location": "Garden, by the slide",
        "what_happened": "Slipped on the wet step and bumped her knee.",
        "injury": "Small graze on the left knee.", "body_position": "knee_left",
        "first_aid": "Cleaned with water, cold compress.",
        "first_aid_by": world.users["key_person"], "witnesses": "Kim Keyperson",
        "recorded_by": world.users["key_person"],
    }
    fields.update(extra)
    return Accident.objects.create(**fields)


def outing(world, children=None):
    trip = Outing.objects.create(setting=world.setting_a, kind=ConsentKind.LOCAL_OUTINGS,
                                 date=timezone.localdate() + timedelta(days=1),
                                 place="Hadley Park", created_by=world.users["manager"])
    trip.children.set(children or [world.child, world.other_child])
    return trip
