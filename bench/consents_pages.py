"""Consents: server time and query count of the manager's overview grid and the medicines page,
and the time of the weekly chase scan, for a setting of N children (default 60 and 200).

Builds its own setting inside a transaction that is rolled back at the end, so it can run
against any migrated database:

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) ALLOWED_HOSTS=testserver \
      SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/consents_pages.py
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

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from consents import services  # noqa: E402
from consents.defaults import MEDICATION_DECLARATION  # noqa: E402
from consents.models import Accident, MedicationDose, MedicationPermission  # noqa: E402
from families.models import Child, ChildAdult  # noqa: E402
from preschool.models import Membership, Role, Setting, User  # noqa: E402


def build(n: int, tag: str):
    setting = Setting.objects.create(name=f"Bench {tag}", slug=f"bench-consents-{tag}")
    manager = User.objects.create_user(f"manager-{tag}@bench.example", "x",
                                       full_name="Bench Manager")
    witness = User.objects.create_user(f"witness-{tag}@bench.example", "x",
                                       full_name="Bench Witness")
    Membership.objects.create(user=manager, setting=setting, role=Role.MANAGER)
    Membership.objects.create(user=witness, setting=setting, role=Role.PRACTITIONER)
    services.ensure_default_forms(setting, manager)
    forms = services.current_forms(setting)
    today = timezone.localdate()
    for i in range(n):
        child = Child.objects.create(setting=setting, first_name=f"Child{i}", last_name="Bench",
                                     date_of_birth=date(today.year - 3, 1, 1))
        parent = User.objects.create_user(f"parent{i}-{tag}@bench.example", "x",
                                          full_name=f"Parent {i}")
        Membership.objects.create(user=parent, setting=setting, role=Role.PARENT)
        ChildAdult.objects.create(child=child, user=parent, name=parent.full_name,
                                  relationship="Mother", has_parental_responsibility=True,
                                  may_receive_information=True)
        services.answer_consents(parent, child, {f: (i + k) % 3 != 0
                                                 for k, f in enumerate(forms[: 1 + i % 9])})
        permission = MedicationPermission.objects.create(
            setting=setting, child=child, medicine="Calpol", dose_amount=Decimal(5),
            dose_unit="ml", when_to_give="when over 38C", min_hours_between=Decimal(4),
            route="mouth", reason="Fever", start_date=today, end_date=today + timedelta(days=3),
            storage="room", declaration=str(MEDICATION_DECLARATION), declared_name="P",
            requested_by=parent, status="accepted", prescribed=True, prescriber="doctor")
        MedicationDose.objects.create(
            setting=setting, child=child, permission=permission, medicine="Calpol",
            given_at=timezone.now(), dose_amount=Decimal(5), dose_unit="ml", given_by=manager,
            witnessed_by=witness, recorded_by=manager)
        Accident.objects.create(setting=setting, child=child, happened_at=timezone.now(),
                                location="Garden", what_happened="Fell", injury="Graze",
                                recorded_by=manager, serious=i % 20 == 0)
    return setting, manager


def measure(client, url, n):
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql)
                                    or execute(sql, *a)):
        assert client.get(url).status_code == 200, url
    for _ in range(3):
        client.get(url)
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return len(queries), statistics.median(samples), samples[int(len(samples) * .95)
                                                                           - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, nargs="+", default=[60, 200])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    from django.conf import settings

    settings.REQUIRE_STAFF_MFA = False  # the bench signs in without a second factor
    print(f"{'children':>8} {'page':<22} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for n in args.children:
        with transaction.atomic():
            setting, manager = build(n, str(n))
            client = Client()
            client.force_login(manager)
            for name, url in (("consents overview", "/consents/"),
                              ("medicines page", "/consents/medicines/"),
                              ("healthz (baseline)", "/healthz")):
                queries, p50, p95 = measure(client, url, args.requests)
                print(f"{n:>8} {name:<22} {queries:>7} {p50:>8.1f} {p95:>8.1f}")
            start = time.perf_counter()
            families = services.families_to_chase(setting)
            print(f"{n:>8} {'chase scan (families)':<22} {len(families):>7} "
                  f"{(time.perf_counter() - start) * 1000:>8.1f}")
            transaction.set_rollback(True)


if __name__ == "__main__":
    # The data is set up across settings, as the tests do; what is measured (a page, a
    # task) still opens its own setting's scope.
    with scopes_disabled():
        main()
