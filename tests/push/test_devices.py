"""The devices page and turning push on and off: JSON with the CSRF token, only one's own
devices, a clear message and nothing saved for anything a browser would not send."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from push.models import PushSubscription
from tests.push.push_service import BrowserKeys

ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile"
FCM = "https://fcm.googleapis.com/fcm/send/"


@pytest.fixture
def keys_set(settings, push_service):
    """VAPID keys set, with push services' usual hosts (not the local one)."""
    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com", ".notify.windows.com"]
    settings.PUSH_ALLOW_HTTP_ENDPOINTS = False
    return push_service


def _browser(service, name="phone") -> dict:
    keys: BrowserKeys = service.subscription()
    return {**keys.as_json(), "endpoint": FCM + name}


def _post(client, name, body, **headers):
    return client.post(reverse(name), data=json.dumps(body) if not isinstance(body, str)
                       else body, content_type="application/json", headers=headers)


def test_it_turns_push_on_for_this_device(world, keys_set):
    client = world.client_for("parent")
    response = _post(client, "push-subscribe", _browser(keys_set), user_agent=ANDROID)

    assert response.status_code == 200, response.content
    device = PushSubscription.objects.get()
    assert response.json() == {"ok": True, "device": str(device.uuid),
                               "label": "Chrome on Android"}
    assert device.user == world.users["parent"]
    assert device.endpoint == FCM + "phone"
    page = client.get(reverse("push-devices"))
    assert b"Chrome on Android" in page.content


def test_it_refuses_a_request_without_the_csrf_token(world, keys_set):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["parent"])
    response = _post(client, "push-subscribe", _browser(keys_set))
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("change", [
    {"endpoint": "https://attacker.example/collect"},
    {"endpoint": "http://127.0.0.1:6379/"},
    {"endpoint": "https://storage.googleapis.com/a-bucket/collect"},
    {"endpoint": "https://notify.windows.com.attacker.example/x"},
    {"endpoint": "https://user:pw@fcm.googleapis.com/fcm/send/x"},
    {"endpoint": "http://fcm.googleapis.com/fcm/send/plain-http"},
    {"endpoint": "javascript:alert(1)"},
    {"keys": {"p256dh": "not-a-key", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},
    {"keys": {"p256dh": "B" + "A" * 86, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}},  # not on the curve
    {"keys": "none"},
    {"endpoint": FCM + "x" * 2000},
])
def test_it_explains_what_is_wrong_and_saves_nothing(world, keys_set, change):
    body = {**_browser(keys_set), **change}
    response = _post(world.client_for("parent"), "push-subscribe", body)
    assert response.status_code == 400
    assert response.json()["ok"] is False and response.json()["message"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[1, 2]", ""])
def test_it_refuses_a_body_that_is_not_a_subscription(world, keys_set, body):
    response = _post(world.client_for("parent"), "push-subscribe", body)
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_with_no_keys_the_page_says_push_is_not_set_up_and_nothing_is_saved(world, settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = settings.VAPID_SUBJECT = ""
    client = world.client_for("parent")
    page = client.get(reverse("push-devices"))
    assert b"not set up for this portal yet" in page.content
    assert b"push-panel" not in page.content
    response = _post(client, "push-subscribe", {"endpoint": FCM + "x"})
    assert response.status_code == 409
    assert not PushSubscription.objects.exists()


def test_a_shared_device_turned_on_by_another_person_becomes_theirs(world, keys_set):
    body = _browser(keys_set)
    _post(world.client_for("parent"), "push-subscribe", body)
    _post(world.client_for("other_parent"), "push-subscribe", body)
    device = PushSubscription.objects.get()
    assert device.user == world.users["other_parent"]


def test_it_turns_push_off_for_this_device_but_never_for_another_persons(world, keys_set):
    body = _browser(keys_set)
    _post(world.client_for("parent"), "push-subscribe", body)

    response = _post(world.client_for("other_parent"), "push-unsubscribe",
                     {"endpoint": body["endpoint"]})
    assert response.json() == {"ok": True, "removed": False}
    assert PushSubscription.objects.exists()

    response = _post(world.client_for("parent"), "push-unsubscribe",
                     {"endpoint": body["endpoint"]})
    assert response.json() == {"ok": True, "removed": True}
    assert not PushSubscription.objects.exists()


def test_it_removes_ones_own_device_and_answers_404_for_anothers(world, keys_set):
    _post(world.client_for("parent"), "push-subscribe", _browser(keys_set), user_agent=ANDROID)
    device = PushSubscription.objects.get()
    url = reverse("push-device-remove", kwargs={"device_uuid": device.uuid})

    assert world.client_for("other_parent").post(url).status_code == 404
    assert world.client_for("parent").get(url).status_code == 405
    assert PushSubscription.objects.exists()
    response = world.client_for("parent").post(url, follow=True)
    assert b"Chrome on Android will no longer show notifications" in response.content
    assert not PushSubscription.objects.exists()


def test_the_page_lists_only_ones_own_devices(world, keys_set):
    _post(world.client_for("parent"), "push-subscribe", _browser(keys_set, "pats"),
          user_agent=ANDROID)
    _post(world.client_for("other_parent"), "push-subscribe", _browser(keys_set, "ollys"),
          user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1")
    page = world.client_for("other_parent").get(reverse("push-devices")).content.decode()
    assert "Safari on iPhone" in page
    assert "Chrome on Android" not in page


def test_it_is_reached_from_the_account_menu(world):
    page = world.client_for("parent").get(reverse("home")).content.decode()
    assert f'href="{reverse("push-devices")}">Notifications on this device<' in page


def test_the_page_reads_the_same_number_of_queries_however_many_devices(world):
    client = world.client_for("parent")
    client.get(reverse("push-devices"))  # warm the session

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("push-devices")).status_code == 200
        return len(queries)

    PushSubscription.objects.create(user=world.users["parent"], endpoint=FCM + "one",
                                    p256dh="k", auth="a", label="Chrome on Android")
    few = count()
    PushSubscription.objects.bulk_create(
        PushSubscription(user=world.users["parent"], endpoint=FCM + str(i), p256dh="k",
                         auth="a", label="Firefox on Windows") for i in range(40))
    assert count() == few


def test_a_push_service_with_a_host_per_region_is_accepted(world, keys_set):
    body = {**_browser(keys_set), "endpoint": "https://wns2-par02p.notify.windows.com/w/?token=x"}
    response = _post(world.client_for("parent"), "push-subscribe", body)
    assert response.status_code == 200, response.content
