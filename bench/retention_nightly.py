"""The nightly retention run over 100 settings: its queries per setting and its time.

1. Makes (once) 100 settings of their own, of 10 to 100 children
   each (setting i has ``10 + 10 * (i % 10)``): a manager, a parent per child, a quarter of
   the children left four years ago, one child a setting whose journal is erased 60 days
   after the night measured (its family is told to download the keepsake), legal holds on
   some children and a changed period in every tenth setting.
2. Runs ``retention.nightly.run_setting`` for each of them on the night measured (the lists
   to the managers) and 14 nights later (the erasures), counting each setting's queries, and
   times both nights. The two nights run in a transaction rolled back afterwards, so the
   data stays as made and the figures can be taken again.

The erasers are the portal's (``retention.erasers``) when it has them; otherwise a stand-in
with the same interface and a fixed cost (one query per ``find``, one per ``erase``, over the
children who left), so that the figures are those of the run's own work.

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) \\
      ALLOWED_HOSTS=testserver SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \\
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python \\
      bench/retention_nightly.py
"""

import argparse
import importlib
import os
import statistics
import sys
import time
import types
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from families.models import Child, ChildAdult  # noqa: E402
from preschool.lib import reminders  # noqa: E402
from preschool.models import Membership, Role, Setting, User  # noqa: E402
from retention import nightly  # noqa: E402
from retention.models import LegalHold, RetentionRule  # noqa: E402
from retention.policy import add_period  # noqa: E402
from retention.schedule import BY_KEY  # noqa: E402

PREFIX = "bench-retention-"
SETTINGS = 100
NIGHT = date.today()


@dataclass
class Holds:
    child_ids: set[int]
    user_ids: set[int]
    records: set[tuple[str, str]]


@dataclass
class Batch:
    record_type: str
    keys: list[str]
    lines: list[str]
    count: int


def stand_in_erasers() -> types.ModuleType:
    """The erasers' interface at a fixed cost: one query a find (the children whose period
    has ended), one an erase (a count of them: nothing is changed)."""
    module = types.ModuleType("retention.erasers")

    def find(record_type, setting, period, cutoff, holds):
        rows = [(pk, left) for pk, left in Child.objects.filter(
            setting=setting, leaving_date__isnull=False).exclude(pk__in=holds.child_ids)
            .values_list("pk", "leaving_date") if add_period(left, period) <= cutoff]
        return Batch(record_type, [f"families.Child:{pk}" for pk, _left in rows],
                     [f"{len(rows)} children"], len(rows))

    def erase(record_type, setting, keys, holds):
        return Child.objects.filter(setting=setting, pk__in=[
            int(key.split(":")[1]) for key in keys]).exclude(pk__in=holds.child_ids).count()

    module.Holds = Holds  # type: ignore[attr-defined]
    module.Batch = Batch  # type: ignore[attr-defined]
    module.find = find  # type: ignore[attr-defined]
    module.erase = erase  # type: ignore[attr-defined]
    module.ERASABLE = {"journal", "attendance", "child_record"}  # type: ignore[attr-defined]
    return module


def make_data() -> None:
    if Setting.objects.filter(slug__startswith=PREFIX).count() == SETTINGS:
        return
    journal = BY_KEY["journal"].default
    told_left = NIGHT + timedelta(days=60) - (add_period(NIGHT, journal) - NIGHT)
    with transaction.atomic():
        for i in range(SETTINGS):
            setting = Setting.objects.create(name=f"Bench Retention {i}", slug=f"{PREFIX}{i}")
            manager = User.objects.create_user(email=f"manager{i}@{PREFIX}example.org",
                                               full_name=f"Mona {i}")
            Membership.objects.create(user=manager, setting=setting, role=Role.MANAGER)
            children = 10 + 10 * (i % 10)
            made = Child.objects.bulk_create([Child(
                setting=setting, first_name=f"Child{n}", last_name=f"Bench{i}",
                date_of_birth=date(2020, 1, 1),
                leaving_date=(told_left if n == 0 else
                              NIGHT - timedelta(days=4 * 366) if n % 4 == 1 else None))
                for n in range(children)])
            parents = User.objects.bulk_create([User(
                email=f"parent{i}-{n}@{PREFIX}example.org", full_name=f"Parent {n}")
                for n in range(children)])
            Membership.objects.bulk_create([Membership(user=p, setting=setting,
                                                       role=Role.PARENT) for p in parents])
            ChildAdult.objects.bulk_create([ChildAdult(
                child=c, user=p, relationship="Mother", has_parental_responsibility=True,
                may_receive_information=True) for c, p in zip(made, parents, strict=True)])
            LegalHold.objects.create(setting=setting, child=made[1], reason="claim",
                                     details="A claim.", placed_by=manager)
            if i % 10 == 0:
                RetentionRule.objects.create(setting=setting, record_type="journal", years=1,
                                             reason="Longer for families.", changed_by=manager)


def night(settings, day) -> tuple[list[int], float, dict]:
    counts: list[int] = []
    totals: dict[str, int] = {}
    started = time.perf_counter()
    for setting in settings:
        connection.queries_log.clear()  # it keeps the last 9,000 only
        with CaptureQueriesContext(connection) as queries:
            result = nightly.run_setting(setting, day)
        counts.append(len(queries))
        for key, value in result.items():
            totals[key] = totals.get(key, 0) + value
    return counts, time.perf_counter() - started, totals


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    try:
        importlib.import_module("retention.erasers")
        which = "the portal's erasers"
    except ImportError:
        sys.modules["retention.erasers"] = stand_in_erasers()
        which = "a stand-in eraser (one query a find and an erase)"
    reminders.enqueue = lambda reminder_ids: 0  # the emails are not the run's: nothing queued
    with scopes_disabled():
        make_data()
        settings = list(Setting.objects.filter(slug__startswith=PREFIX).order_by("pk"))
        children = {s: Child.objects.filter(setting=s).count() for s in settings}
        changed = set(RetentionRule.objects.filter(setting__in=settings)
                      .values_list("setting_id", flat=True))
    print(f"{len(settings)} settings, {min(children.values())} to {max(children.values())} "
          f"children each, {sum(children.values())} in all; {which}")
    # The lists are sent on the first night; the erasures need them: both nights in one run.
    with transaction.atomic():
        first = night(settings, NIGHT)
        second = night(settings, NIGHT + timedelta(days=14))
        transaction.set_rollback(True)
    for label, (counts, elapsed, totals) in (("lists", first), ("erasures", second)):
        print(f"night of the {label}: {sum(counts)} queries, per setting min {min(counts)}, "
              f"median {statistics.median(counts)}, max {max(counts)}; "
              f"{elapsed:.2f} s ({elapsed / len(counts) * 1000:.1f} ms a setting); {totals}")
        by_size: dict[tuple[int, bool], set[int]] = {}
        for setting, count in zip(settings, counts, strict=True):
            by_size.setdefault((children[setting], setting.pk in changed), set()).add(count)
        print("  queries a setting, by its children (* its journal kept a year, so its "
              "leaver is not told yet): " + ", ".join(
                  f"{size}{'*' if star else ''}: {sorted(found)}"
                  for (size, star), found in sorted(by_size.items())))


if __name__ == "__main__":
    main()
