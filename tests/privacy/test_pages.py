"""The bulk-access alarm's pages: the managers' home section and menu, the alerts, one alert
and the decision about it, the options, and what a paused person reaches."""

import logging
import socket
import time
from unittest import mock

import pytest
from django.urls import reverse

from preschool.celery import app
from preschool.lib import reminders
from preschool.models import AuditEvent, Membership
from privacy import alarm
from privacy.models import AccessAlert, PrivacyOptions
from tests.complaints.conftest import recently_reauthenticated
from tests.privacy.factories import alarm as make_alarm
from tests.privacy.factories import children, looks

pytestmark = pytest.mark.django_db


def _detail(alert):
    return reverse("privacy-alert-detail", args=[alert.uuid])


def _decide(client, alert, action, note="Spoke to Perry: preparing the reports."):
    return client.post(reverse("privacy-alert-decide", args=[alert.uuid]),
                       {"action": action, "note": note})


def _membership(world, persona="practitioner"):
    return Membership.objects.get(pk=world.memberships[persona].pk)


def test_it_lists_open_alerts_on_the_managers_home_page(world):
    alert = make_alarm(world)
    page = world.client_for("manager").get("/").content.decode()
    assert "Unusual access" in page and _detail(alert) in page
    assert "Perry Practitioner" in page and "25 children's records in 10 minutes" in page
    assert "Unusual access" not in world.client_for("key_person").get("/").content.decode()
    assert reverse("privacy-alert-list") in world.client_for("manager").get(
        reverse("child-list")).content.decode()  # the Manage menu


def test_it_shows_who_read_which_children_and_what(world):
    kids = children(world, 25)
    looks(world, "practitioner", kids)
    looks(world, "practitioner", kids[:1], what="health")
    looks(world, "other_setting", [world.child_b])  # another setting's: never shown
    alert = alarm.check(world.setting_a, world.users["practitioner"].pk)
    response = world.client_for("manager").get(_detail(alert))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The 25 children whose records were read" in page
    assert f"{kids[0].known_as} {kids[0].last_name}" in page
    assert "Child&#x27;s record, Health and allergies" in page
    assert "Bella" not in page


def test_the_list_keeps_its_query_count(world, django_assert_max_num_queries):
    client = world.client_for("manager")
    first = make_alarm(world)
    client.get(reverse("privacy-alert-list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("privacy-alert-list"))
    AccessAlert.objects.bulk_create(
        AccessAlert(setting=world.setting_a, membership=world.memberships["key_person"],
                    kind="many_children", count=30, threshold=25, window_minutes=10,
                    looks_since=first.looks_since, closed_at=first.raised_at,
                    outcome="resumed", closed_by=world.users["manager"])
        for _ in range(30))
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("privacy-alert-list"))
    page = response.content.decode()
    # 25 a page, the open alert first.
    assert page.count("Kim Keyperson") == 24
    assert page.index("Perry Practitioner") < page.index("Kim Keyperson")


def test_resume_closes_the_alert_and_unpauses(world):
    alert = make_alarm(world, n=60)
    assert _membership(world).paused_at is not None
    response = _decide(world.client_for("manager"), alert, "resume")
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.outcome == "resumed" and alert.closed_by == world.users["manager"]
    assert alert.note == "Spoke to Perry: preparing the reports."
    membership = _membership(world)
    assert membership.paused_at is None and membership.pause_reason == ""
    assert set(AuditEvent.objects.filter(actor=world.users["manager"])
               .values_list("action", flat=True)) == {"membership.resumed",
                                                      "privacy.alert_resumed"}
    assert world.client_for("practitioner").get("/").status_code == 200


def test_keep_paused_then_resume_later(world):
    alert = make_alarm(world, n=60)
    client = world.client_for("manager")
    assert _decide(client, alert, "keep_paused").status_code == 302
    alert.refresh_from_db()
    assert alert.outcome == "kept_paused" and _membership(world).paused_at is not None
    assert "This was expected: resume access" in client.get(_detail(alert)).content.decode()
    assert _decide(client, alert, "resume", "Cleared after a talk.").status_code == 302
    assert _membership(world).paused_at is None


def test_end_membership_uses_the_service_that_ends_one(world):
    alert = make_alarm(world, n=60)
    assert _decide(world.client_for("manager"), alert, "end").status_code == 302
    alert.refresh_from_db()
    assert alert.outcome == "ended" and _membership(world).ended_at is not None
    assert AuditEvent.objects.filter(action="membership.ended").exists()


def test_a_decision_needs_a_note_and_changes_nothing_without_one(world):
    alert = make_alarm(world, n=60)
    response = _decide(world.client_for("manager"), alert, "resume", note="   ")
    assert response.status_code == 400
    assert "Write a note saying what you found." in response.content.decode()
    alert.refresh_from_db()
    assert alert.is_open and _membership(world).paused_at is not None


def test_a_manager_does_not_review_an_alert_about_themself(world):
    Membership.objects.create(user=world.users["parent"].__class__.objects.create_user(
        "second.manager@example.org", full_name="Sam Second"), setting=world.setting_a,
        role="manager")
    alert = make_alarm(world, "manager", n=150)
    # Paused: the manager reaches only the paused page.
    assert world.client_for("manager").get(_detail(alert)).status_code == 403
    Membership.objects.filter(pk=world.memberships["manager"].pk).update(paused_at=None)
    client = world.client_for("manager")
    assert "This alert is about you" in client.get(_detail(alert)).content.decode()
    response = _decide(client, alert, "resume")
    assert response.status_code == 400
    assert "Another manager must review an alert about you." in response.content.decode()


def test_a_paused_person_reaches_only_the_paused_page(world):
    make_alarm(world, n=60)
    client = world.client_for("practitioner")
    for url in ("/", reverse("child-list"), reverse("child-detail", args=[world.child.uuid]),
                reverse("notifications-list")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Your access is paused" in response.content.decode()
    page = client.get("/").content.decode()
    assert "Mona Manager" in page and "manager@example.org" in page
    assert reverse("child-list") not in page  # no navigation into the setting
    htmx = client.get(reverse("child-list"), headers={"HX-Request": "true"})
    assert htmx.status_code == 403
    assert client.post(reverse("account_logout")).status_code == 302
    # The setting's other people are not affected.
    assert world.client_for("key_person").get("/").status_code == 200


@pytest.mark.parametrize(("eager", "checks"), [(False, 1), (True, 3)],
                         ids=["with-a-broker", "without-a-broker"])
def test_pages_write_looks_and_queue_a_check_at_most_every_15_seconds(
        world, sent, request, eager, checks):
    """With a broker a check is queued at most every 15 seconds (a second one follows the
    quiet period); with none (``make run``) there is no later check, so every page checks."""
    from preschool.celery import app

    was = app.conf.task_always_eager
    request.addfinalizer(lambda: setattr(app.conf, "task_always_eager", was))
    PrivacyOptions.objects.create(setting=world.setting_a, practitioner_alert=3,
                                  practitioner_pause=5)
    client = world.client_for("practitioner")
    kids = children(world, 3)
    app.conf.task_always_eager = eager
    with mock.patch.object(alarm, "queue_checks") as queue, sent():
        for child in kids:
            assert client.get(reverse("child-detail", args=[child.uuid])).status_code == 200
    assert queue.call_count == checks
    app.conf.task_always_eager = was
    with sent():  # the quiet period over: the next page queues a check, which alerts
        alarm.cache.clear()
        client.get(reverse("child-detail", args=[world.child.uuid]))
    alert = AccessAlert.objects.get()
    assert alert.count == 4 and alert.membership_id == world.memberships["practitioner"].pk


def test_the_options_are_validated_and_audited(world):
    client = recently_reauthenticated(world.client_for("manager"), world.users["manager"])
    url = reverse("privacy-options")
    assert client.get(url).status_code == 200
    data = {"window_minutes": 15, "practitioner_alert": 30, "practitioner_pause": 30,
            "manager_alert": 60, "manager_pause": 150, "family_places_alert": 3}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "The pause threshold must be higher than the alert threshold (30)." in \
        response.content.decode()
    assert not PrivacyOptions.objects.exists()
    data["practitioner_pause"] = 40
    data["show_staff_names_to_families"] = "on"
    assert client.post(url, data).status_code == 302
    options = PrivacyOptions.of(world.setting_a)
    assert (options.window_minutes, options.practitioner_alert, options.practitioner_pause) == (
        15, 30, 40)
    assert options.show_staff_names_to_families
    event = AuditEvent.objects.get(action="privacy.options_changed")
    assert event.changes == {"window_minutes": [10, 15], "practitioner_alert": [25, 30],
                             "practitioner_pause": [60, 40],
                             "show_staff_names_to_families": [False, True]}


def test_the_options_ask_for_a_fresh_sign_in(world):
    response = world.client_for("manager").get(reverse("privacy-options"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]



def test_the_home_section_keeps_its_query_count(world, django_assert_max_num_queries):
    client = world.client_for("manager")
    make_alarm(world)
    client.get("/")
    with django_assert_max_num_queries(60) as few:
        client.get("/")
    for persona in ("key_person", "parent", "other_parent", "carer_no_info"):
        kind = "many_children" if persona == "key_person" else "many_places"
        AccessAlert.objects.create(setting=world.setting_a, membership=world.memberships[persona],
                                   kind=kind, count=30, threshold=25, window_minutes=10,
                                   looks_since=AccessAlert.objects.first().looks_since)
    with django_assert_max_num_queries(len(few)):
        page = client.get("/").content.decode()
    assert page.count('href="/privacy/alerts/') >= 5


def test_a_page_answers_at_once_when_the_broker_is_down(world, sent, caplog, monkeypatch):
    """The check a page queues goes over the reminders' short connection: Redis down costs
    the page nothing; beat's scan checks the person later."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    for key, value in {"broker_url": f"redis://127.0.0.1:{closed}/0",
                       "task_always_eager": False}.items():
        monkeypatch.setitem(app.conf, key, value)
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)
    client = world.client_for("practitioner")
    url = reverse("child-detail", args=[world.child.uuid])
    client.get(url)
    alarm.cache.clear()
    with caplog.at_level(logging.WARNING, logger="privacy.alarm"):
        started = time.monotonic()
        with sent():
            response = client.get(url)
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 1.5, f"{elapsed:.2f} s"
    assert "Could not queue the access check" in caplog.text
