"""Server time of the inbox of a key person with 1,000 conversations, against the two
minimal one-query pages of the same site: /healthz (JSON) and a page with the site's layout
(bench/minimal_page.py). Also a conversation's page and its poll (the request an open
conversation makes every few seconds).

Makes its own data, once (a setting "Bench Messages Pre-school"): a room of 1,000 children,
each with the key person Kim and the parent Pat, and a conversation of two messages each.
Requests go through Django's full stack in this process, without a network; each URL is
requested ``--requests`` times after a warm-up, in turn with the baselines.

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) \\
      ALLOWED_HOSTS=testserver SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \\
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_messages \\
      .venv/bin/python bench/messaging_inbox.py
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="messaging-bench-"))

import django  # noqa: E402

django.setup()

import minimal_page  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from minimal_page import p50_p95_min  # noqa: E402

CONVERSATIONS = 1000
SLUG = "bench-messages"


def make_data():
    from families.models import Room
    from messaging.demo import bulk_conversations
    from preschool.models import Membership, Role, Setting, User

    setting = Setting.objects.filter(slug=SLUG).first()
    if setting is not None:
        return setting
    with transaction.atomic():
        setting = Setting.objects.create(name="Bench Messages Pre-school", slug=SLUG)
        room = Room.objects.create(setting=setting, name="Caterpillars")

        def person(email, name, role):
            user = User.objects.create_user(email=email, full_name=name, password=None)
            return user, Membership.objects.create(user=user, setting=setting, role=role)

        person("manager@bench-messages.example", "Bench Manager", Role.MANAGER)
        _, kim = person("kim@bench-messages.example", "Kim Bench", Role.PRACTITIONER)
        pat, _ = person("pat@bench-messages.example", "Pat Bench", Role.PARENT)
        bulk_conversations(setting, room, kim, pat, CONVERSATIONS)
    return setting


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    from django.conf import settings
    from django.core.management import call_command

    from messaging.models import Conversation
    from preschool.models import User

    settings.REQUIRE_STAFF_MFA = False
    call_command("collectstatic", interactive=False, verbosity=0)
    setting = make_data()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # statistics for the fresh rows, as a live site has
            cursor.execute("ANALYZE")
    conversation = Conversation.objects.filter(setting=setting).select_related(
        "last_message").order_by("-last_message_at").first()
    count = Conversation.objects.filter(setting=setting).count()
    minimal_page.install()
    print(f"{'page':<40}{'queries':>8}{'min ms':>8}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p95/hlthz':>10}{'p95/minml':>10}")
    for who in ("kim@bench-messages.example", "pat@bench-messages.example"):
        client = Client(HTTP_HOST="testserver")
        client.force_login(User.objects.get(email=who))
        name = who.split("@")[0]
        after = conversation.last_message.created_at.isoformat()
        pages = (("/healthz (baseline)", "/healthz"),
                 ("minimal page (baseline)", minimal_page.URL),
                 ("inbox, page 1", "/messages/"),
                 ("inbox, page 40", "/messages/?page=40"),
                 ("inbox, unread only", "/messages/?show=unread"),
                 ("a conversation", conversation.get_absolute_url()),
                 ("its poll, nothing new", f"{conversation.get_absolute_url()}poll/"
                                           f"?after={after.replace('+', '%2B')}"))
        counts = {}
        for label, url in pages:
            queries = [0]

            def counted(execute, sql, params, many, context, queries=queries):
                queries[0] += 1
                return execute(sql, params, many, context)

            for _ in range(5):  # warm-up
                assert client.get(url).status_code == 200, url
            with connection.execute_wrapper(counted):
                client.get(url)
            counts[label] = queries[0]
        samples = {label: [] for label, _ in pages}
        for _ in range(args.requests):
            for label, url in pages:
                start = time.perf_counter()
                response = client.get(url)
                samples[label].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
        healthz = p50_p95_min(samples[pages[0][0]])
        minimal = p50_p95_min(samples[pages[1][0]])
        for label, _ in pages:
            p50, p95, best = p50_p95_min(samples[label])
            print(f"{f'{label} ({name})':<40}{counts[label]:>8}{best:>8.1f}{p50:>8.1f}"
                  f"{p95:>8.1f}{p95 / healthz[1]:>10.1f}{p95 / minimal[1]:>10.1f}")
    print(f"({count} conversations of the key person Kim and the parent Pat; "
          f"{args.requests} requests a page)")


if __name__ == "__main__":
    # The data is set up across settings, as the tests do; what is measured still opens its
    # own setting's scope.
    with scopes_disabled():
        main()
