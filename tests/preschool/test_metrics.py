"""/metrics: Prometheus' text for the operators' monitoring (by token or from their network),
"not found" to anyone else; the reminders counted from their rows, each request's time under
its view's name, and the counts that workers keep in the shared cache."""

import ipaddress
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from preschool import metrics
from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import invite_person
from tests.servers import free_port

TOKEN = "metrics-token-for-the-tests-0123456789abcdef"


@pytest.fixture
def scrape(settings):
    settings.METRICS_TOKEN = TOKEN

    def scrape() -> dict[tuple, float]:
        response = Client().get(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        return samples(response.content.decode())

    return scrape


def samples(text: str) -> dict[tuple, float]:
    """{(sample name, sorted labels...): value}"""
    return {(sample.name, *sorted(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def test_it_is_not_found_when_neither_a_token_nor_a_network_is_configured(db, settings):
    settings.METRICS_TOKEN, settings.METRICS_ALLOWED_NETWORKS = "", []
    assert Client().get(reverse("metrics")).status_code == 404
    assert Client().get(reverse("metrics"), HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_it_answers_the_token_and_no_other(db, settings):
    settings.METRICS_TOKEN = TOKEN
    response = Client().get(reverse("metrics"), HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert not response.cookies
    text = response.content.decode()
    for name in ("portal_request_duration_seconds", "portal_queue_depth",
                 "portal_reminders_due", "portal_reminders_overdue", "portal_reminders_failed",
                 "portal_pdfs_made_total", "portal_send_failures_total"):
        assert f"# TYPE {name} " in text
    for wrong in (f"Bearer {TOKEN[:-1]}", TOKEN, f"Bearer {TOKEN}x", f"Basic {TOKEN}"):
        assert Client().get(reverse("metrics"), HTTP_AUTHORIZATION=wrong).status_code == 404


def test_it_answers_the_allowed_network_and_no_other(db, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.20.0.0/16")]
    assert Client(REMOTE_ADDR="10.20.3.4").get(reverse("metrics")).status_code == 200
    assert Client(REMOTE_ADDR="10.21.3.4").get(reverse("metrics")).status_code == 404
    assert Client(REMOTE_ADDR="127.0.0.1").get(reverse("metrics")).status_code == 404


def _reminder(key: str, due_at, status=Reminder.Status.PENDING) -> Reminder:
    return Reminder.objects.create(kind="invitation", object_key=key, status=status,
                                   recipient_email=f"{key}@example.org", due_at=due_at,
                                   due_on=timezone.localdate(due_at))


def test_it_counts_due_overdue_and_failed_reminders_from_their_rows(db, settings, scrape):
    settings.REMINDER_SCAN_SECONDS = 300
    now = timezone.now()
    _reminder("due", now - timedelta(minutes=1))
    _reminder("being-sent", now - timedelta(minutes=2), Reminder.Status.SENDING)
    _reminder("overdue", now - timedelta(minutes=11))
    _reminder("later", now + timedelta(hours=1))
    _reminder("sent", now - timedelta(hours=1), Reminder.Status.SENT)
    _reminder("failed", now - timedelta(hours=1), Reminder.Status.FAILED)
    values = scrape()
    assert values[("portal_reminders_due",)] == 3
    assert values[("portal_reminders_overdue",)] == 1
    assert values[("portal_reminders_failed",)] == 1


def test_it_times_a_request_under_its_view_name(db, scrape):
    key = ("portal_request_duration_seconds_count", ("method", "GET"), ("status", "2xx"),
           ("view", "healthz"))
    before = scrape().get(key, 0)
    Client().get(reverse("healthz") + "?q=Ava")
    Client().get(reverse("healthz"))
    values = scrape()
    assert values[key] == before + 2
    assert not any("Ava" in str(sample) or "/healthz" in str(sample) for sample in values)


def test_it_shows_the_counts_kept_in_the_cache(db, scrape):
    before = scrape()
    pdf = ("portal_pdfs_made_total", ("kind", "learning_journal_check"))
    push = ("portal_send_failures_total", ("channel", "push"))
    metrics.pdf_made("learning_journal_check")
    metrics.pdf_made("learning_journal_check")
    metrics.send_failed("push")
    values = scrape()
    assert values[pdf] == before[pdf] + 2
    assert values[push] == before[push] + 1
    assert values[("portal_pdfs_made_total", ("kind", "keepsake"))] >= 0


def test_it_lists_every_queue_the_portal_routes_tasks_to(settings):
    prefix = settings.CELERY_TASK_DEFAULT_QUEUE.removesuffix("celery")
    assert metrics.queue_names() == [prefix + q for q in ("celery", "email", "pdf", "media")]


@pytest.mark.worker
def test_it_shows_a_failed_send_counted_by_a_worker(world, celery_worker, settings, scrape):
    cache_settings = settings.CACHES["default"]
    shared_cache = (cache_settings["LOCATION"] if "redis" in cache_settings["BACKEND"].lower()
                    else "db://")
    # The worker's mail server is not there: the reminder's send fails, and the worker counts
    # it in the cache this process reads.
    celery_worker.start(CACHE_URL=shared_cache, EMAIL_BACKEND="smtp", EMAIL_HOST="127.0.0.1",
                        EMAIL_PORT=str(free_port()), EMAIL_USE_TLS="false", EMAIL_TIMEOUT="2")
    failed = ("portal_send_failures_total", ("channel", "email"))
    before = scrape()[failed]
    with mock.patch.object(reminders, "enqueue"):
        invite_person(world.users["manager"], world.setting_a, email="worker@example.org",
                      role="parent")
    reminder = Reminder.objects.get(kind="invitation")
    celery_worker.send_task("preschool.tasks.send_reminders", [reminder.pk])
    celery_worker.wait_until(lambda: scrape()[failed] == before + 1)
    assert "worker@example.org" not in celery_worker.logs()
