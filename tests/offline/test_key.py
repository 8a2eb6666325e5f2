"""The offline capture's device key (offline/views.py ``key``): staff only, one a person and
device, kept across a session that ended by itself, deleted at sign-out and when the
membership is paused; the page after signing out wipes the device."""

import base64

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from offline.models import DeviceKey
from offline.services import SESSION_DEVICE


def _ask(client, *devices):
    return client.post(reverse("offline-key"), {"device": list(devices)})


def test_it_hands_staff_a_key_for_this_device(world):
    client = world.client_for("key_person")
    response = _ask(client)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    answer = response.json()
    kept = DeviceKey.objects.get()
    assert kept.user == world.users["key_person"]
    assert answer["device"] == str(kept.device)
    assert base64.b64decode(answer["key"]) == bytes(kept.key)
    assert len(bytes(kept.key)) == 32
    assert answer["gone"] == []
    assert client.session[SESSION_DEVICE] == str(kept.device)


def test_it_gives_the_same_key_again_on_the_same_device(world):
    client = world.client_for("key_person")
    first = _ask(client).json()
    again = _ask(client, first["device"]).json()

    assert again == first
    assert DeviceKey.objects.count() == 1


def test_it_keeps_the_key_when_the_session_ended_by_itself(world):
    """The idle timeout ends the session, not the key: taps kept meanwhile are sent after
    the person signs in again on the device."""
    first = _ask(world.client_for("key_person")).json()
    later = Client()
    later.force_login(world.users["key_person"])

    assert _ask(later, first["device"]).json()["key"] == first["key"]


def test_it_never_gives_another_persons_key(world):
    kims = _ask(world.client_for("key_person")).json()
    perrys = _ask(world.client_for("practitioner"), kims["device"]).json()

    assert perrys["device"] != kims["device"]
    assert perrys["key"] != kims["key"]
    assert perrys["gone"] == []
    assert DeviceKey.objects.get(device=perrys["device"]).user == world.users["practitioner"]


def test_it_names_the_devices_whose_key_is_gone(world):
    client = world.client_for("key_person")
    first = _ask(client).json()
    DeviceKey.objects.all().delete()
    again = _ask(client, first["device"], "not-a-uuid").json()

    assert again["device"] != first["device"]
    assert again["gone"] == [first["device"]]


def test_it_refuses_families_and_people_without_a_setting(world):
    for persona in ("parent", "carer_no_info", "other_parent", "superuser"):
        assert _ask(world.client_for(persona)).status_code == 404, persona
    assert not DeviceKey.objects.exists()


def test_it_answers_a_signed_out_browser_with_json(world):
    response = _ask(Client())

    assert response.status_code == 401
    assert response.json()["code"] == "signed_out"


def test_it_is_post_only(world):
    assert world.client_for("key_person").get(reverse("offline-key")).status_code == 405


def test_a_paused_membership_gets_paused_and_loses_every_key(world):
    client = world.client_for("key_person")
    _ask(client)
    membership = world.memberships["key_person"]
    membership.paused_at = timezone.now()
    membership.save(update_fields=["paused_at"])

    response = _ask(client)

    assert response.status_code == 403
    assert response.json()["code"] == "paused"
    assert not DeviceKey.objects.exists()
    # The API says the same at the sync's next contact.
    api = client.post("/api/v1/register/sign-ins", {}, content_type="application/json")
    assert api.status_code == 403 and api.json()["code"] == "paused"


def test_signing_out_deletes_this_devices_key_and_leads_to_the_wipe(world):
    client = world.client_for("key_person")
    device = _ask(client).json()["device"]
    elsewhere = world.client_for("key_person")
    other_device = _ask(elsewhere).json()["device"]

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("offline-signed-out")
    assert not DeviceKey.objects.filter(device=device).exists()
    # Another device of the same person keeps its own (still signed in there).
    assert DeviceKey.objects.filter(device=other_device).exists()


def test_the_signed_out_page_wipes_the_device_and_goes_on_to_sign_in(world):
    response = Client().get(reverse("offline-signed-out"))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="offline-wipe"' in page
    assert f'data-next="{reverse("account_login")}"' in page
    assert "offline/wipe.js" in page
    assert "no-store" in response["Cache-Control"]


def test_only_staff_pages_load_the_offline_capture(world):
    staff = world.client_for("key_person")
    register = staff.get(reverse("attendance-register", args=[world.room.uuid]))
    new_observation = staff.get(reverse("journal-observation-new"))
    family = world.client_for("parent")
    journal = family.get(reverse("journal-child", args=[world.child.uuid]))
    home = family.get(reverse("home"))

    for response in (register, new_observation):
        assert response.status_code == 200
        assert "offline/offline.js" in response.content.decode()
    for response in (journal, home):
        assert response.status_code == 200
        assert "offline/offline.js" not in response.content.decode()


def test_the_alarm_pausing_a_membership_deletes_the_persons_keys_at_once(world):
    from preschool.models import AuditEvent
    from privacy import alarm
    from tests.privacy.factories import children, looks

    client = world.client_for("practitioner")
    _ask(client)
    kims = _ask(world.client_for("key_person")).json()
    looks(world, "practitioner", children(world, 60))

    alarm.check(world.setting_a, world.users["practitioner"].pk)

    assert list(DeviceKey.objects.values_list("device", flat=True)) == [
        __import__("uuid").UUID(kims["device"])]
    event = AuditEvent.objects.get(action="offline.device_keys_deleted")
    assert event.object_label == str(world.users["practitioner"])


def test_keys_of_browsers_not_seen_for_a_week_are_deleted(world):
    from datetime import timedelta

    from offline.tasks import delete_unused_device_keys

    seen = DeviceKey.objects.create(user=world.users["practitioner"])
    gone = DeviceKey.objects.create(user=world.users["key_person"])
    DeviceKey.objects.filter(pk=gone.pk).update(
        last_used_at=timezone.now() - timedelta(days=7, minutes=1))
    assert delete_unused_device_keys() == 1
    assert list(DeviceKey.objects.all()) == [seen]
