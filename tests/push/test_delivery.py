"""Sending a push: end to end through pywebpush to a local push service, which checks the
VAPID signature and decrypts the aes128gcm body as a browser would. A push names the setting
and the page, never the child; it reaches only people who may hear of the child; a device
that is gone is forgotten and one that fails does not stop the others."""

import json
import time

import pytest
from django_scopes import scope

from notifications.channels import channel
from notifications.models import Category, Notification
from notifications.services import notify
from push import services
from push.models import PushSubscription
from push.tasks import send_push
from tests.factories import ChildAdultFactory, MembershipFactory, UserFactory


def _device(user, browser) -> PushSubscription:
    return services.subscribe(user, endpoint=browser.endpoint, p256dh=browser.p256dh,
                              auth=browser.as_json()["keys"]["auth"],
                              user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile")


def _notify(world, recipients, **kwargs) -> list[Notification]:
    fields = {"category": Category.MESSAGE, "title": "Ava Parentchild bumped her head",
              "url": f"/children/{world.child.uuid}/", "child": world.child, **kwargs}
    with scope(setting=world.setting_a):
        return notify(setting=world.setting_a, recipients=recipients, **fields)


def _push_as_the_centre_would(made, django_capture_on_commit_callbacks) -> None:
    """The notification centre hands each person's notifications to the push channel."""
    push = channel("push")
    assert push is not None
    with django_capture_on_commit_callbacks(execute=True):
        for user_id in {n.recipient_id for n in made}:
            push([n for n in made if n.recipient_id == user_id])


def test_it_pushes_an_encrypted_message_naming_only_the_setting_and_the_page(
        world, push_service, django_capture_on_commit_callbacks):
    browser = push_service.subscription()
    device = _device(world.users["parent"], browser)
    made = _notify(world, [world.users["parent"]], urgent=True)

    _push_as_the_centre_would(made, django_capture_on_commit_callbacks)

    assert push_service.refused == []
    [push] = push_service.to(browser)
    assert push.payload == {"title": "New message from Acorn Test Pre-school",
                            "body": "Open the portal to read it.",
                            "url": f"/children/{world.child.uuid}/"}
    text = json.dumps(push.payload)
    for secret in ("Ava", "Parentchild", "bumped", world.child.first_name):
        assert secret not in text
    assert push.claims["sub"] == "mailto:operators@portal.example"
    assert push.claims["aud"] == push_service.url
    assert push.headers["urgency"] == "high"
    assert int(push.headers["ttl"]) == 24 * 60 * 60
    device.refresh_from_db()
    assert device.last_success_at is not None


def test_it_sends_one_push_a_device_however_many_notifications(world, push_service):
    phone, laptop = push_service.subscription(), push_service.subscription()
    _device(world.users["parent"], phone)
    _device(world.users["parent"], laptop)
    made = (_notify(world, [world.users["parent"]])
            + _notify(world, [world.users["parent"]], category=Category.CONSENT, child=None,
                      url="/consents/"))

    assert send_push([n.pk for n in made]) == 2

    for browser in (phone, laptop):
        [push] = push_service.to(browser)
        assert push.payload["title"] == "2 new notifications from Acorn Test Pre-school"
        assert push.payload["url"] == "/notifications/"
        assert push.headers["urgency"] == "normal"


def test_only_a_path_of_the_portal_is_sent_as_the_page_to_open(world, push_service):
    browser = push_service.subscription()
    _device(world.users["parent"], browser)
    made = _notify(world, [world.users["parent"]])
    # notify() refuses such a URL; a row written some other way still opens no other site.
    Notification.objects.filter(pk__in=[n.pk for n in made]).update(
        url="https://elsewhere.example/phish")

    send_push([n.pk for n in made])

    assert push_service.to(browser)[0].payload["url"] == "/notifications/"


def test_a_device_that_is_gone_is_forgotten_and_a_failing_one_stops_no_other(
        world, push_service, settings):
    settings.PUSH_TIMEOUT_SECONDS = 1
    gone, broken, slow, fine = (push_service.subscription() for _ in range(4))
    push_service.answer(gone.path, 410)
    push_service.answer(broken.path, 500)
    push_service.delay[slow.path] = 3
    for browser in (gone, broken, slow, fine):
        _device(world.users["parent"], browser)
    made = _notify(world, [world.users["parent"]])

    assert send_push([n.pk for n in made]) == 1

    assert len(push_service.to(fine)) == 1
    left = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert left == {broken.endpoint, slow.endpoint, fine.endpoint}


def test_404_also_forgets_the_device(world, push_service):
    browser = push_service.subscription()
    _device(world.users["parent"], browser)
    push_service.answer(browser.path, 404)

    send_push([n.pk for n in _notify(world, [world.users["parent"]])])

    assert not PushSubscription.objects.exists()


def test_no_push_reaches_a_restricted_adult_a_carer_without_information_or_another_setting(
        world, push_service, django_capture_on_commit_callbacks):
    restricted = UserFactory(full_name="Ray Restricted")
    MembershipFactory(user=restricted, setting=world.setting_a, role="parent")
    ChildAdultFactory(child=world.child, user=restricted, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    devices = {name: push_service.subscription() for name in
               ("restricted", "carer_no_info", "other_setting", "other_parent", "parent")}
    people = {**world.users, "restricted": restricted}
    for name, browser in devices.items():
        _device(people[name], browser)

    made = _notify(world, list(people.values()))
    _push_as_the_centre_would(made, django_capture_on_commit_callbacks)

    for name in ("restricted", "carer_no_info", "other_setting", "other_parent"):
        assert push_service.to(devices[name]) == [], name
    assert len(push_service.to(devices["parent"])) == 1


def test_a_person_who_lost_the_right_to_hear_since_gets_no_push(world, push_service):
    browser = push_service.subscription()
    _device(world.users["parent"], browser)
    made = _notify(world, [world.users["parent"]])
    world.child.adults.filter(user=world.users["parent"]).update(
        restriction="Court order made today.")

    assert send_push([n.pk for n in made]) == 0
    assert push_service.received == []


def test_an_address_outside_the_push_services_is_never_posted_to(world, push_service,
                                                                   settings):
    browser = push_service.subscription()
    _device(world.users["parent"], browser)
    settings.PUSH_SERVICE_HOSTS = ["fcm.googleapis.com"]  # the local service is not one

    send_push([n.pk for n in _notify(world, [world.users["parent"]])])

    assert push_service.received == [] and push_service.refused == []


def test_with_no_keys_push_is_off(world, push_service, settings,
                                  django_capture_on_commit_callbacks):
    browser = push_service.subscription()
    _device(world.users["parent"], browser)
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = settings.VAPID_SUBJECT = ""
    made = _notify(world, [world.users["parent"]])

    push = channel("push")
    assert push is not None
    with django_capture_on_commit_callbacks() as queued:
        push(made)

    assert queued == []
    assert send_push([n.pk for n in made]) == 0
    assert push_service.received == []


@pytest.mark.worker
def test_a_celery_worker_sends_the_push(world, push_service, celery_worker):
    browser = push_service.subscription()
    _device(world.users["parent"], browser)
    made = _notify(world, [world.users["parent"]])
    celery_worker.start(**push_service.env())

    celery_worker.send_task("push.tasks.send_push", [n.pk for n in made])

    deadline = time.monotonic() + 60
    while not push_service.received and time.monotonic() < deadline:
        time.sleep(0.3)
    assert push_service.refused == []
    [push] = push_service.to(browser)
    assert push.payload["title"] == "New message from Acorn Test Pre-school"
    assert "Ava" not in json.dumps(push.payload)
