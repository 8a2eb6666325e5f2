"""Flat cost with the data: one setting's pages and taps take the same time whether the
database holds that setting alone or a hundred settings (about 1.8 million observations).

The setting measured is seed_scale's first (``scale-0``), made from the same random seed in
both databases, so it has the same children, journal and messages in each. Its pages (a
family's home, their child's journal, the messages and a conversation; the key person's view
of the child's record; the register of the child's room) and taps (signing a child in and
out on the register, recording a dose, a family's wow moment without a photo, in another
child's journal) are requested through Django's full stack in this process, as in
bench/pages.py, in turn (page after page, so a busy machine weighs on all alike),
``--requests`` times each after a warm-up; the time is p50 and p95 in milliseconds, with the
queries of one request.

With ``--compare URL URL`` it runs itself against each database in turn, twice each (A, B,
A, B, so that a change in the machine's load weighs on both), and prints both with the ratio
of the second to the first:

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) \\
      ALLOWED_HOSTS=testserver SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \\
      CACHE_URL=redis://127.0.0.1:6379/7 \\
      .venv/bin/python bench/flat_cost.py --compare \\
        postgres://postgres@127.0.0.1:5432/bench_cap1 postgres://postgres@127.0.0.1:5432/bench_cap100

Each run adds a few observations and doses and signs children in and out: run it against
benchmark databases only.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")
os.environ["REQUIRE_STAFF_MFA"] = "false"
# Tasks go to a broker, as in production (not run in the request), on a queue of this
# benchmark's own that nothing reads and that is emptied at the end.
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/8")
os.environ["CELERY_QUEUE_PREFIX"] = "bench-flat-cost-"
os.environ.setdefault("EMAIL_BACKEND", "memory")

KINDS = [
    ("home", "family: home"),
    ("journal", "family: child's journal"),
    ("inbox", "family: messages"),
    ("conversation", "family: a conversation"),
    ("child", "key person: child's record"),
    ("register", "key person: register of the room"),
    ("sign_in", "tap: sign in (htmx)"),
    ("sign_out", "tap: sign out (htmx)"),
    ("dose", "tap: record a dose"),
    ("wow", "family: add a wow moment"),
]


def measure(requests: int) -> dict:
    """Time each kind of request ``requests`` times against DATABASE_URL; a dict of kind ->
    [p50 ms, p95 ms, queries]."""
    import django

    django.setup()
    from capacity_plan import ready_for_the_morning
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_scopes import scope, scopes_disabled
    from rush import Forms

    from attendance.models import AttendanceRecord, Session
    from consents.models import MedicationPermission
    from families.models import Child
    from keyperson.models import Assignment
    from messaging.models import Conversation
    from preschool.models import Membership, Role, Setting, User

    settings.REQUIRE_STAFF_MFA = False
    call_command("collectstatic", interactive=False, verbosity=0)  # production static files
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics for the planner, as after a day of use
    with scopes_disabled():
        setting = Setting.objects.filter(slug="scale-0").first()
        if setting is None:
            sys.exit("Run `manage.py seed_scale --observations-per-child 300` first.")
        with scope(setting=setting):
            rooms = list(setting.rooms.order_by("pk"))
            practitioners = list(Membership.objects.active().filter(
                setting=setting, role=Role.PRACTITIONER).select_related("user").order_by("pk"))
            ready_for_the_morning(setting, practitioners, rooms)
            # Doses are recorded for one child with a medicine, and the pages measured are
            # another's: a family's home lists every dose not yet acknowledged, and the
            # hundreds a run records in a day would be measured, not the page.
            dose_child, child = [p.child for p in MedicationPermission.objects.in_force()
                                 .filter(setting=setting).order_by("child_id")[:2]]
            dose_giver = Assignment.objects.current().get(child=dose_child, kind="key").staff.user
            parent = User.objects.get(child_links__child=child)
            key_person = Assignment.objects.current().get(child=child, kind="key").staff.user
            conversation = Conversation.objects.get(child=child, audience="key_person")
            session = Session.objects.get(setting=setting)
            room_children = list(Child.objects.filter(room=child.room).exclude(pk=child.pk)
                                 .prefetch_related("adults").order_by("pk"))
            observations = child.journal_links.count()
            # Wow moments are added to another child's journal: the journal measured keeps
            # its seeded page 1 (with its photos) run after run.
            writer_child = room_children[-1]
            writer = User.objects.get(child_links__child=writer_child)
    family, staff = Client(HTTP_HOST="testserver"), Client(HTTP_HOST="testserver")
    dose_staff = Client(HTTP_HOST="testserver")
    dose_staff.force_login(dose_giver)
    writer_family = Client(HTTP_HOST="testserver")
    family.force_login(parent)
    staff.force_login(key_person)
    writer_family.force_login(writer)
    journal = f"/journal/children/{child.uuid}/"
    gets = {"home": (family, "/"), "journal": (family, journal),
            "inbox": (family, "/messages/"),
            "conversation": (family, f"/messages/{conversation.uuid}/"),
            "child": (staff, f"/children/{child.uuid}/"),
            "register": (staff, f"/attendance/register/{child.room.uuid}/")}
    dose_url = f"/consents/children/{dose_child.uuid}/doses/new/"
    dose_form = Forms(dose_staff.get(dose_url).content.decode()).find(field="witnessed_by")
    witness = next(v for v in dose_form["options"]["witnessed_by"]
                   if v and v not in dose_form["fields"]["given_by"])
    cycle = {"i": 0, "open": []}

    # Each request is prepared (which child, which record) before it is timed.
    def prepare(kind):
        if kind in gets:
            client, url = gets[kind]
            return lambda: client.get(url)
        if kind == "sign_in":
            kid = room_children[cycle["i"] % len(room_children)]
            cycle["i"] += 1
            cycle["open"].append(kid)
            return lambda: staff.post(f"/attendance/children/{kid.uuid}/sign-in/",
                                      {"session": session.uuid, "dropped_off_by": "Parent"},
                                      HTTP_HX_REQUEST="true")
        if kind == "sign_out":
            kid = cycle["open"].pop(0)
            with scopes_disabled():
                record = AttendanceRecord.objects.open().get(child=kid,
                                                            date=timezone.localdate())
            adult = kid.adults.all()[0]
            return lambda: staff.post(f"/collection/records/{record.uuid}/sign-out/",
                                      {"collector": f"adult:{adult.uuid}"},
                                      HTTP_HX_REQUEST="true")
        if kind == "dose":
            data = {**dose_form["fields"], "witnessed_by": witness,
                    "given_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                    "reason": "Wheezy after running outside."}
            return lambda: dose_staff.post(dose_url, data)
        assert kind == "wow"
        return lambda: writer_family.post(f"/journal/children/{writer_child.uuid}/wow/new/", {
            "observed_on": timezone.localdate().isoformat(),
            "text": "She counted all the stairs up to bed tonight!"})

    def queries(kind) -> int:
        request, count = prepare(kind), [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            request()
        return count[0]

    samples: dict[str, list[float]] = {kind: [] for kind, _ in KINDS}

    def timed(kind):
        request = prepare(kind)
        start = time.perf_counter()
        response = request()
        samples[kind].append((time.perf_counter() - start) * 1000)
        expected = 302 if kind in ("dose", "wow") else 200
        assert response.status_code == expected, (kind, response.status_code,
                                                  response.content[-500:])
        if kind == "sign_in":  # the row answered has the sign-out: the child is in
            assert b"/sign-out/" in response.content, response.content[-500:]

    for _ in range(3):  # warm-up
        for kind, _ in KINDS:
            timed(kind)
    counts = {kind: queries(kind) for kind, _ in KINDS}  # in the same order: in, then out
    samples = {kind: [] for kind, _ in KINDS}
    for _ in range(requests):
        for kind, _ in KINDS:
            timed(kind)
    result: dict[str, Any] = {}
    for kind, _ in KINDS:
        values = sorted(samples[kind])
        result[kind] = [statistics.median(values), values[int(len(values) * 0.95) - 1],
                        counts[kind]]
    from preschool.celery import app

    with app.connection_for_write() as broker:
        for queue in app.conf.task_queues:
            broker.default_channel.queue_purge(queue.name)
    with scopes_disabled():
        result["_data"] = {"settings": Setting.objects.count(),
                           "observations": _observations(), "child_observations": observations}
    return result


def _observations() -> int:
    from learning_journal.models import Observation

    return Observation.objects.count()


def compare(urls: list[str], requests: int, rounds: int) -> None:
    runs: dict[str, list[dict]] = {url: [] for url in urls}
    for _ in range(rounds):
        for url in urls:
            output = subprocess.run(  # noqa: S603 - this script, fixed arguments
                [sys.executable, __file__, "--requests", str(requests), "--json"],
                env={**os.environ, "DATABASE_URL": url}, check=True, capture_output=True,
                text=True).stdout
            runs[url].append(json.loads(output.splitlines()[-1]))
    first, second = (runs[url] for url in urls)

    def mean(results, kind, i):
        return statistics.mean(r[kind][i] for r in results)

    names = [f"{r['_data']['settings']} settings, {r['_data']['observations']:,} observations"
             for r in (first[0], second[0])]
    print(f"A: {urls[0].rsplit('/', 1)[-1]} ({names[0]})\nB: {urls[1].rsplit('/', 1)[-1]} "
          f"({names[1]})\nThe child's journal: {first[0]['_data']['child_observations']} and "
          f"{second[0]['_data']['child_observations']} observations. {rounds} rounds of "
          f"{requests} requests each, A then B; the mean of the rounds.")
    print(f"{'request':<36}{'queries A/B':>12}{'p50 A':>8}{'p50 B':>8}{'p95 A':>8}{'p95 B':>8}"
          f"{'p95 B/A':>9}")
    for kind, label in KINDS:
        qa, qb = first[0][kind][2], second[0][kind][2]
        p50a, p50b = mean(first, kind, 0), mean(second, kind, 0)
        p95a, p95b = mean(first, kind, 1), mean(second, kind, 1)
        print(f"{label:<36}{f'{qa}/{qb}':>12}{p50a:>8.1f}{p50b:>8.1f}{p95a:>8.1f}{p95b:>8.1f}"
              f"{p95b / p95a:>9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--compare", nargs=2, metavar="DATABASE_URL")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    if args.compare:
        compare(args.compare, args.requests, args.rounds)
        return
    result = measure(args.requests)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{'request':<36}{'queries':>8}{'p50 ms':>8}{'p95 ms':>8}")
    for kind, label in KINDS:
        p50, p95, count = result[kind]
        print(f"{label:<36}{count:>8}{p50:>8.1f}{p95:>8.1f}")
    print(result["_data"])


if __name__ == "__main__":
    main()
