"""A post to 500 families: the request that creates it and queues its notifications, and the
time until a Celery worker has delivered them through the notification centre and sent every
email to a mail server on 127.0.0.1 that this script starts (tests/smtp_sink.py; loopback
traffic only).

1. Makes a setting of its own (a new one each run) with a manager and ``--families``
   families (a child each, a parent with the right to information); its manager sets the
   setting's default for news to "email at once" (the portal's own default is the daily
   digest, which would send nothing until 18:00), and the families have no quiet hours (by
   default 19:00 to 07:00, when an ordinary post's email waits for the morning).
2. Starts a worker (the solo pool) against Redis (``BENCH_BROKER_URL``, default
   ``redis://127.0.0.1:6379/13``, a queue of this run's own) and the mail server, with no
   batching window (``NOTIFICATION_EMAIL_DELAY_SECONDS=0`` for this run: otherwise each email
   waits three minutes for the family to read the post in the portal first).
3. Times the manager's POST to /news/new/ (a post to everyone) through Django's test client:
   its wall time and its queries (the recipients read once, the notifications in one INSERT,
   handed to the centre's task after commit in batches of 100). Then times until the worker
   has decided every notification (notifications/delivery.py: one ``notification-email`` each,
   queued at once) and sent every email.

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) \\
      ALLOWED_HOSTS=testserver SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \\
      REQUIRE_STAFF_MFA=false DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
      .venv/bin/python bench/news_fanout.py
"""

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["NOTIFICATION_EMAIL_DELAY_SECONDS"] = "0"  # this run's worker inherits it
import reminders_fanout as rf  # noqa: E402  (sets up Django with this run's broker and queue)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from news.models import Post  # noqa: E402
from notifications.models import Category, Channel, Notification, QuietHours  # noqa: E402
from notifications.services import set_setting_defaults  # noqa: E402
from preschool.models import Membership, Reminder, Role, Setting, User  # noqa: E402
from tests.news.factories import add_families  # noqa: E402
from tests.smtp_sink import SMTPSink  # noqa: E402


def make_data(families: int) -> tuple[Setting, User]:
    tag = uuid.uuid4().hex[:8]
    setting = Setting.objects.create(slug=f"bench-news-{tag}", name="Bench News Pre-school")
    manager = User.objects.create_user(email=f"manager-{tag}@bench-news.example",
                                       full_name="Mona Bench")
    membership = Membership.objects.create(user=manager, setting=setting, role=Role.MANAGER)
    set_setting_defaults(manager, membership, {Category.POST: Channel.EMAIL})
    parents = add_families(setting, families)
    QuietHours.objects.bulk_create(QuietHours(user=user, enabled=False) for user in parents)
    return setting, manager


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=500)
    options = parser.parse_args()
    setting, manager = make_data(options.families)
    client = Client()
    client.force_login(manager)
    log_path = Path(tempfile.mkdtemp(prefix="news-bench-")) / "worker.log"
    with SMTPSink() as sink:
        worker = rf.start_worker(log_path, 1, sink.port)
        try:
            rf.wait_until_ready(worker)
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.post(reverse("news-new"), {
                    "title": "Sports day moves to Friday", "body": "Same time, same field.",
                    "audience": "setting"})
            request = time.perf_counter() - start
            assert response.status_code == 302, response.status_code
            post = Post.objects.get(setting=setting)
            told = Notification.objects.filter(setting=setting, url__contains=str(post.uuid))
            emails = Reminder.objects.filter(kind="notification-email", setting=setting)
            deadline = time.monotonic() + 600
            while (told.filter(delivered_at__isnull=True).exists()
                   or emails.count() < told.count()
                   or emails.exclude(status=Reminder.Status.SENT).exists()):
                if worker.poll() is not None or time.monotonic() > deadline:
                    sys.exit("The worker stopped or took too long:\n"
                             + log_path.read_text()[-3000:])
                time.sleep(0.1)
            sent = time.perf_counter() - start
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    print(f"A post to {options.families} families")
    print(f"  the request:    {request * 1000:.0f} ms, {len(queries.captured_queries)} queries "
          f"({told.count()} notifications, queued for the centre's task)")
    print(f"  all emails sent {sent:.1f} s after the request started "
          f"({emails.count()} centre emails; {len(sink.messages)} emails over "
          f"{sink.connections} SMTP connections)")


if __name__ == "__main__":
    with scopes_disabled():  # the data is set up across settings; the request opens its own
        main()
