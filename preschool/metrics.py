"""Prometheus metrics of the portal, at ``/metrics`` for the operators' monitoring.

What is measured, and where it is kept:

- ``portal_request_duration_seconds``: a histogram of each request's time, labelled by the
  view's name (never the path, which holds ids), the method and the status class. Kept in
  the web process; under gunicorn with several workers, in prometheus_client's multiprocess
  files (``PROMETHEUS_MULTIPROC_DIR``, see gunicorn.conf.py), added up at each scrape.
- ``portal_queue_depth``, ``portal_reminders_due``, ``portal_reminders_overdue``,
  ``portal_reminders_failed``: read at each scrape from the broker (each Celery queue's
  length) and from the database (the ``Reminder`` rows).
- ``portal_pdfs_made_total`` and ``portal_send_failures_total``: counted where the work is
  done, mostly in Celery workers, which may run on other machines than the web processes.
  Each count is a key in the shared cache (Redis: an atomic INCR), read at each scrape. A
  Redis that restarts without its data starts them again from zero, which Prometheus'
  ``rate()`` and ``increase()`` treat as a counter reset.

No label carries a child's data: views, methods, status classes, queue names, PDF templates
and the channels "email" and "push" are fixed sets.
"""

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

log = logging.getLogger(__name__)
request_log = logging.getLogger("preschool.requests")

_process_registry = CollectorRegistry()
REQUEST_DURATION = Histogram(
    "portal_request_duration_seconds", "Time taken to answer a request, by view.",
    ["view", "method", "status"], registry=_process_registry,
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

# Counters kept in the cache: their names and the label each is split by.
PDFS_MADE = "portal_pdfs_made_total"
SEND_FAILURES = "portal_send_failures_total"
CHANNELS = ("email", "push")
PDF_TEMPLATES = settings.BASE_DIR / "templates" / "pdf"
CACHE_PREFIX = "metrics"


def pdf_kinds() -> list[str]:
    """The kinds of PDF the portal makes: its PDF templates' names, and the keepsake."""
    return sorted({path.stem for path in PDF_TEMPLATES.glob("*.html")} | {"keepsake"})


def pdf_made(kind: str) -> None:
    """Count one PDF of ``kind`` (a template's name under templates/pdf/, or "keepsake")."""
    _count(PDFS_MADE, kind)


def send_failed(channel: str) -> None:
    """Count one email or push (``channel``) that could not be sent."""
    _count(SEND_FAILURES, channel)


def _key(name: str, label: str) -> str:
    return f"{CACHE_PREFIX}:{name}:{label}"


def _count(name: str, label: str) -> None:
    # add() then incr(): the key may not exist yet, and incr() needs one. A count that cannot
    # be kept (the cache is down) must not fail the work it counts.
    key = _key(name, label)
    try:
        cache.add(key, 0, timeout=None)
        cache.incr(key)
    except Exception:
        log.warning("Could not count %s{%s}.", name, label, exc_info=True)


class RequestMetricsMiddleware:
    """Times each request: one line in the log (method, view name, status, time: never the
    path or its query string, where a search box puts a child's name) and one observation of
    ``portal_request_duration_seconds``. Placed just after ``RequestContextMiddleware``, so
    that the line carries the request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unresolved"
        method = request.method if request.method in METHODS else "other"
        status = response.status_code
        REQUEST_DURATION.labels(view, method, f"{status // 100}xx").observe(seconds)
        request_log.info("%s %s %s", method, view, status, extra={
            "method": method, "view": view, "status": status,
            "duration_ms": round(seconds * 1000, 1)})
        return response


def queue_names() -> list[str]:
    """The Celery queues the portal uses (``CELERY_TASK_QUEUES``, from the settings' one
    table of which task goes to which queue)."""
    return [queue.name for queue in settings.CELERY_TASK_QUEUES]


def queue_depths() -> dict[str, int]:
    """How many tasks wait in each queue; empty when tasks run in-process or the broker
    cannot be asked."""
    from preschool.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {}
    try:
        with app.connection_for_write(
                connect_timeout=0.5,
                transport_options={"max_retries": 0, "socket_connect_timeout": 0.5,
                                   "socket_timeout": 1}) as connection:
            channel = connection.default_channel
            return {name: channel.queue_declare(queue=name).message_count
                    for name in queue_names()}
    except Exception:  # kombu raises several types for an unreachable broker
        log.warning("Could not read the broker's queues for the metrics.", exc_info=True)
        return {}


class PortalCollector(Collector):
    """What is read at each scrape: the queues, the reminders, and the cache's counters."""

    def collect(self) -> Iterator:
        queues = GaugeMetricFamily("portal_queue_depth", "Tasks waiting in a Celery queue.",
                                   labels=["queue"])
        for name, depth in queue_depths().items():
            queues.add_metric([name], depth)
        yield queues
        yield from self._reminders()
        yield from self._counters()

    @staticmethod
    def _reminders() -> Iterator:
        from preschool.models import Reminder

        now = timezone.now()
        # Overdue: a scan every REMINDER_SCAN_SECONDS queues what is due, so a reminder still
        # not sent two scans after its time is late.
        late = now - timedelta(seconds=2 * settings.REMINDER_SCAN_SECONDS)
        waiting = [Reminder.Status.PENDING, Reminder.Status.SENDING]
        with scopes_disabled():
            rows = Reminder.objects.all()
            due = rows.filter(status__in=waiting, due_at__lte=now).count()
            overdue = rows.filter(status__in=waiting, due_at__lt=late).count()
            failed = rows.filter(status=Reminder.Status.FAILED).count()
        yield GaugeMetricFamily("portal_reminders_due",
                                "Emails due and not sent yet (overdue ones included).", due)
        yield GaugeMetricFamily("portal_reminders_overdue",
                                "Emails due more than two reminder scans ago and not sent.",
                                overdue)
        yield GaugeMetricFamily("portal_reminders_failed",
                                "Emails given up on after their last attempt.", failed)

    @staticmethod
    def _counters() -> Iterator:
        kinds, channels = pdf_kinds(), list(CHANNELS)
        try:
            values = cache.get_many([_key(PDFS_MADE, kind) for kind in kinds]
                                    + [_key(SEND_FAILURES, channel) for channel in channels])
        except Exception:
            log.warning("Could not read the counters for the metrics.", exc_info=True)
            values = {}
        for name, label, labels, text in (
                (PDFS_MADE, "kind", kinds, "PDFs made, by kind."),
                (SEND_FAILURES, "channel", channels, "Emails and pushes that failed.")):
            family = CounterMetricFamily(name.removesuffix("_total"), text, labels=[label])
            for value in labels:
                family.add_metric([value], int(values.get(_key(name, value), 0)))
            yield family


def registry() -> CollectorRegistry:
    """A registry of everything ``/metrics`` shows: the request times of this process (of all
    gunicorn's workers in multiprocess mode), and what ``PortalCollector`` reads."""
    scraped = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(scraped)
    else:
        scraped.register(REQUEST_DURATION)
    scraped.register(PortalCollector())
    return scraped


def may_scrape(request: HttpRequest) -> bool:
    """Whether ``request`` may read the metrics: it carries ``Authorization: Bearer
    <METRICS_TOKEN>``, or comes from an address in ``METRICS_ALLOWED_NETWORKS``
    (``REMOTE_ADDR``: behind a proxy, the proxy's address)."""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus' text format, for the operators' monitoring only: "not
    found" to anyone else, and when neither a token nor a network is configured."""
    if not may_scrape(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
