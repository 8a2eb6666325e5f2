"""The apps tell the centre: an accident to acknowledge reaches the family who may hear of the
child (never the carer without the right to information), and leaves "Needs your action"
once acknowledged; a concern reaches the managers. Events the apps email themselves get no
second email from the centre."""

from django.urls import reverse

from complaints.services import raise_concern
from consents import services as consents
from notifications import delivery
from notifications.models import Category, Notification
from preschool.models import Reminder
from tests.consents.factories import accident


def test_an_accident_to_acknowledge_is_in_the_centre_until_acknowledged(world):
    record = accident(world)
    data = {f: getattr(record, f) for f in consents.ACCIDENT_FIELDS}
    data["what_happened"] = "Slipped on the wet step and bumped his knee."
    corrected = consents.record_accident(world.users["manager"], world.child, data,
                                         corrects=record, correction_reason="Wrong knee.")
    told = Notification.objects.filter(category=Category.ACCIDENT)
    assert {n.recipient for n in told} == {world.users["parent"]}
    url = reverse("consents-accident", args=[corrected.uuid])
    assert told.get().url == url and told.get().emailed_by_app
    client = world.client_for("parent")
    assert "Needs your action" in client.get(reverse("home")).content.decode()

    delivery.deliver([n.pk for n in told])
    assert not Reminder.objects.filter(kind__startswith="notification-").exists()

    consents.acknowledge_accident(world.users["parent"], corrected)
    assert told.get().read_at is not None
    assert "Needs your action" not in client.get(reverse("home")).content.decode()


def test_a_concern_reaches_the_managers(world):
    raise_concern(world.users["parent"], world.setting_a, kind="complaint",
                  subject="Wet clothes", details="No spare clothes after water play.",
                  child=world.child)
    told = Notification.objects.get(category=Category.COMPLAINT)
    assert told.recipient == world.users["manager"]
    assert "Wet clothes" in told.title
