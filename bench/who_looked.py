"""Who looked: a child's page with the looks written (one INSERT a request) against the same
page with the write left out, in the same run.

Requests alternate (on, off, on, off, ...) so that a busy machine weighs on both alike. "Off"
is a client whose middleware has no ``RecordViewsMiddleware`` (a Django client loads its
middleware once, at its first request): the page still notes its looks, and nothing is
written. The acceptance: the p95 with the looks written within 10 % of the p95 without.

Makes its own setting once (60 children with adults, one under a restriction, allergies, a key
person, medicines and accidents, and 20,000 earlier looks in the setting), committed: each
request commits its INSERT as in production (a transaction rolled back at the end would hide
the commit's cost). Run it against a database of its own (migrated), with Redis as the cache
and the broker as in production: the bulk-access alarm's check after a page is then one cache
``add`` (a check queued at most every 15 seconds a person). Without a broker (``make run``)
every page runs the check in the request, which this benchmark does not measure:

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) ALLOWED_HOSTS=testserver \
      SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench CACHE_URL=redis://127.0.0.1:6379/4 \
      CELERY_BROKER_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/who_looked.py
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from consents.defaults import MEDICATION_DECLARATION  # noqa: E402
from consents.models import Accident, MedicationPermission  # noqa: E402
from families.models import Allergy, Child, ChildAdult, RecordView, Room  # noqa: E402
from keyperson.models import Assignment  # noqa: E402
from preschool.models import Membership, Role, Setting, User  # noqa: E402

LOOKS_MIDDLEWARE = "families.looks.RecordViewsMiddleware"


SLUG = "bench-who-looked"


def existing():
    setting = Setting.objects.filter(slug=SLUG).first()
    if setting is None:
        return None
    child = Child.objects.filter(setting=setting).order_by("id").first()
    return child, {"manager": User.objects.get(email="manager@looks.bench.example"),
                   "key person": User.objects.get(email="key@looks.bench.example")}


@transaction.atomic
def build(earlier_looks: int):
    setting = Setting.objects.create(name="Bench who looked", slug=SLUG)
    room = Room.objects.create(setting=setting, name="Caterpillars")
    manager = User.objects.create_user("manager@looks.bench.example", "x",
                                       full_name="Bench Manager")
    key_person = User.objects.create_user("key@looks.bench.example", "x",
                                          full_name="Bench Keyperson")
    Membership.objects.create(user=manager, setting=setting, role=Role.MANAGER)
    staff = Membership.objects.create(user=key_person, setting=setting, role=Role.PRACTITIONER)
    today = timezone.localdate()
    children = []
    for i in range(60):
        child = Child.objects.create(setting=setting, room=room, first_name=f"Child{i}",
                                     last_name="Bench", date_of_birth=date(today.year - 3, 1, 1),
                                     medical_needs="Asthma: inhaler in the office.")
        parent = User.objects.create_user(f"parent{i}@looks.bench.example", None,
                                          full_name=f"Parent {i}")
        Membership.objects.create(user=parent, setting=setting, role=Role.PARENT)
        ChildAdult.objects.create(child=child, user=parent, name=parent.full_name,
                                  relationship="Mother", has_parental_responsibility=True,
                                  may_receive_information=True, lives_with_child=True)
        ChildAdult.objects.create(child=child, name="Restricted Adult", relationship="Father",
                                  restriction="Court order: no contact.")
        Allergy.objects.create(child=child, allergen="Egg", severity="mild", action="Avoid.")
        Assignment.objects.create(setting=setting, child=child, staff=staff, kind="key",
                                  assigned_by=manager)
        MedicationPermission.objects.create(
            setting=setting, child=child, medicine="Calpol", dose_amount=Decimal(5),
            dose_unit="ml", when_to_give="when over 38C", min_hours_between=Decimal(4),
            route="mouth", reason="Fever", start_date=today, end_date=today + timedelta(days=3),
            storage="room", declaration=str(MEDICATION_DECLARATION), declared_name="P",
            requested_by=parent, status="accepted", prescribed=True, prescriber="doctor")
        Accident.objects.create(setting=setting, child=child, happened_at=timezone.now(),
                                location="Garden", what_happened="Fell", injury="Graze",
                                recorded_by=manager)
        children.append(child)
    now = timezone.now()
    RecordView.objects.bulk_create([
        RecordView(setting=setting, child=children[i % len(children)],
                   viewer=key_person if i % 3 else manager,
                   viewer_role=Role.PRACTITIONER if i % 3 else Role.MANAGER,
                   what=RecordView.What.RECORD, at=now - timedelta(minutes=i))
        for i in range(earlier_looks)], batch_size=5000)
    return children[0], {"manager": manager, "key person": key_person}


def count_queries(client, url) -> int:
    queries: list[str] = []

    def counted(execute, sql, *args):
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(counted):
        assert client.get(url).status_code == 200, url
    return len(queries)


def timed(client, url) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, url
    return elapsed


def p95(samples):
    return sorted(samples)[int(len(samples) * .95) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300, help="of each kind, per person")
    parser.add_argument("--earlier-looks", type=int, default=20_000)
    args = parser.parse_args()
    settings.REQUIRE_STAFF_MFA = False  # the bench signs in without a second factor
    call_command("collectstatic", interactive=False, verbosity=0)  # production static files
    child, people = existing() or build(args.earlier_looks)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner's statistics of the fresh rows
            cursor.execute("ANALYZE")
    print(f"{'person':<11} {'logging':<8} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    url = child.get_absolute_url()
    without_looks = [m for m in settings.MIDDLEWARE if m != LOOKS_MIDDLEWARE]
    written_before = RecordView.objects.count()
    for person, user in people.items():
        on = Client()
        on.force_login(user)
        off = Client()
        off.force_login(user)
        with override_settings(MIDDLEWARE=without_looks):
            off_queries = count_queries(off, url)  # loads the client's middleware
        on_queries = count_queries(on, url)
        samples: dict[str, list[float]] = {"on": [], "off": []}
        for _ in range(5):  # warm both
            timed(on, url), timed(off, url)
        for i in range(args.requests * 2):
            kind = "on" if i % 2 == 0 else "off"
            samples[kind].append(timed(on if kind == "on" else off, url))
        for kind, queries in (("on", on_queries), ("off", off_queries)):
            print(f"{person:<11} {kind:<8} {queries:>7} "
                  f"{statistics.median(samples[kind]):>8.1f} {p95(samples[kind]):>8.1f}")
        ratio = p95(samples["on"]) / p95(samples["off"])
        print(f"{person:<11} p95 on/off = {ratio:.3f} "
              f"({'within' if ratio <= 1.10 else 'OVER'} the 10 % allowed)")
    written = RecordView.objects.count() - written_before
    print(f"looks written in the run: {written}")


if __name__ == "__main__":
    # The data is set up across settings, as the tests do; each request opens its own
    # setting's scope.
    with scopes_disabled():
        main()
