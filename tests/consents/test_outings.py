"""Outings: staff plan one and see who may go; a withdrawal shows at once."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from consents import services
from consents.models import ConsentKind, Outing
from tests.consents.factories import default_forms, outing


def test_a_practitioner_plans_an_outing(world):
    default_forms(world.setting_a)
    response = world.client_for("practitioner").post(reverse("consents-outing-new"), {
        "kind": ConsentKind.LOCAL_OUTINGS, "place": "Hadley Library",
        "date": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "leaves_at": "10:00", "returns_at": "11:30",
        "children": [world.child.uuid, world.other_child.uuid]})
    trip = Outing.objects.get()
    assert response["Location"] == reverse("consents-outing", args=[trip.uuid])
    assert set(trip.children.all()) == {world.child, world.other_child}


def test_bad_input_changes_nothing(world):
    client = world.client_for("practitioner")
    response = client.post(reverse("consents-outing-new"), {
        "kind": ConsentKind.LOCAL_OUTINGS, "place": "Park", "date": "next tuesday",
        "children": [world.child_b.uuid]})
    page = response.content.decode()
    assert "Enter a valid date" in page and "Select a valid choice" in page
    response = client.post(reverse("consents-outing-new"), {
        "kind": ConsentKind.LOCAL_OUTINGS, "place": "Park",
        "date": timezone.localdate().isoformat(), "leaves_at": "11:00", "returns_at": "10:00",
        "children": [world.child.uuid]})
    assert "must be after" in response.content.decode()
    assert not Outing.objects.exists()


def test_children_without_consent_are_flagged_and_a_withdrawal_counts_at_once(world):
    forms = default_forms(world.setting_a)
    services.answer_consents(world.users["parent"], world.child,
                             {forms[ConsentKind.LOCAL_OUTINGS]: True})
    trip = outing(world)
    client = world.client_for("key_person")
    page = client.get(reverse("consents-outing", args=[trip.uuid])).content.decode()
    assert "1 child may not go" in page and "Otto Otherchild" in page.split("may not go")[1]
    services.answer_consents(world.users["parent"], world.child,
                             {forms[ConsentKind.LOCAL_OUTINGS]: False})
    page = client.get(reverse("consents-outing", args=[trip.uuid])).content.decode()
    assert "2 children may not go" in page
