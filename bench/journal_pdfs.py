"""Progress-check PDFs: one rendered in this process, then 60 through a real Celery worker.

1. Renders one progress check at two to PDF (WeasyPrint, templates/pdf/) ``--runs`` times.
2. Starts a Celery worker as a subprocess (Redis as broker, like
   tests/preschool/test_celery_worker.py), queues the PDF task of 60 checks at once and times
   until all 60 PDFs are stored.

Makes its own data, once (a setting "Bench PDFs Pre-school" with 60 two-year-olds whose checks
have been signed off).

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) \
      ALLOWED_HOSTS=testserver SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/journal_helper \
      .venv/bin/python bench/journal_pdfs.py
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")
MEDIA = tempfile.mkdtemp(prefix="journal-pdf-bench-")
os.environ["MEDIA_ROOT"] = MEDIA
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

SLUG = "bench-pdfs"
CHECKS = 60


def make_data():
    from families.models import Child, Room
    from learning_journal.checks import add_months
    from learning_journal.eyfs import CHECK_AREA_CODES, ensure_framework
    from learning_journal.models import Area, CheckArea, ProgressCheck
    from preschool.models import Membership, Role, Setting, User

    ensure_framework()
    setting = Setting.objects.filter(slug=SLUG).first()
    if setting is not None:
        return setting
    with transaction.atomic():
        setting = Setting.objects.create(name="Bench PDFs Pre-school", slug=SLUG,
                                         town="Little Hadley", ofsted_urn="EY123456")
        room = Room.objects.create(setting=setting, name="Caterpillars")
        users = {}
        for role, name in ((Role.MANAGER, "Mona Bench"), (Role.PRACTITIONER, "Kim Bench"),
                           (Role.PARENT, "Pat Bench")):
            user = User.objects.create_user(email=f"{role}@bench-pdfs.example", full_name=name)
            Membership.objects.create(user=user, setting=setting, role=role)
            users[role] = user
        areas = list(Area.objects.filter(code__in=CHECK_AREA_CODES))
        now = timezone.now()
        for i in range(CHECKS):
            child = Child.objects.create(
                setting=setting, room=room, first_name=f"Child{i}", last_name="Bench",
                date_of_birth=add_months(timezone.localdate(), -26) - timedelta(days=i))
            check = ProgressCheck.objects.create(
                setting=setting, child=child, status=ProgressCheck.Status.WITH_FAMILY,
                written_by=users[Role.PRACTITIONER], signed_off_by=users[Role.MANAGER],
                submitted_at=now, signed_off_at=now, sent_at=now,
                parents_views="Loves the park and the swings; sings at bath time. " * 3,
                child_voice="Says 'again!' and 'my turn'.")
            CheckArea.objects.bulk_create([CheckArea(
                check_record=check, area=area, progress="expected",
                strengths=f"{area.name}: plays happily alongside friends, shares, tells us "
                          "what she wants, builds tall towers. " * 2,
                support="Keep offering stories and songs.") for area in areas])
    return setting


def one_pdf(runs: int):
    from learning_journal.models import ProgressCheck
    from learning_journal.pdfs import check_pdf_bytes

    check = ProgressCheck.objects.filter(setting__slug=SLUG).select_related(
        "child__setting", "setting", "written_by", "signed_off_by").first()
    check_pdf_bytes(check)  # warm up (fonts, templates)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = check_pdf_bytes(check)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), max(samples), len(pdf)


def through_a_worker(concurrency: int) -> float:
    import redis
    from celery import Celery
    from django.conf import settings

    from learning_journal.models import ProgressCheck

    checks = ProgressCheck.objects.filter(setting__slug=SLUG)
    checks.update(pdf="", pdf_status="", pdf_generated_at=None)
    ids = list(checks.values_list("pk", flat=True))
    redis.Redis.from_url(BROKER).flushdb()
    db = settings.DATABASES["default"]
    url = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
           f"{db['PORT'] or 5432}/{db['NAME']}")
    log_path = Path(MEDIA) / "worker.log"
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": BROKER, "CACHE_URL": "db://",
           "EMAIL_BACKEND": "memory", "MEDIA_ROOT": MEDIA}
    with open(log_path, "w") as log:
        worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [sys.executable, "-m", "celery", "-A", "preschool", "worker", "--loglevel=info",
             f"--concurrency={concurrency}", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if time.monotonic() > deadline:
                sys.exit("The worker did not start:\n" + log_path.read_text()[-2000:])
            time.sleep(0.2)
        sender = Celery(broker=BROKER)
        start = time.perf_counter()
        for pk in ids:
            sender.send_task("learning_journal.tasks.render_check_pdf", args=[pk])
        deadline = time.monotonic() + 300
        while checks.filter(pdf_status=ProgressCheck.Status.WITH_FAMILY).count() < len(ids):
            if time.monotonic() > deadline:
                sys.exit("Timed out:\n" + log_path.read_text()[-2000:])
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
        sender.close()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    stored = sum(1 for _ in Path(MEDIA).rglob("*.pdf"))
    assert stored == len(ids), f"{stored} PDFs stored for {len(ids)} checks"
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    make_data()
    median, worst, size = one_pdf(args.runs)
    print(f"One progress-check PDF: median {median:.3f} s, max {worst:.3f} s over {args.runs} "
          f"runs ({size // 1024} KB)")
    elapsed = through_a_worker(args.concurrency)
    print(f"{CHECKS} PDFs through a Celery worker (prefork, concurrency {args.concurrency}, "
          f"Redis broker): {elapsed:.1f} s, {elapsed / CHECKS:.2f} s a PDF")


if __name__ == "__main__":
    # The data is set up across settings, as the tests do; what is measured (a page, a
    # task) still opens its own setting's scope.
    with scopes_disabled():
        main()
