"""Server time of a child's journal page with 500 observations and photos, against the two
minimal one-query pages of the same site: /healthz (JSON) and a page with the site's layout
(bench/minimal_page.py).

Makes its own data, once (a setting "Bench Journal Pre-school"): a child with 500 published
observations over two years, half of them group observations with another child, each with a
photo, two areas, a next step and a comment. Requests go through Django's full stack in this
process, without a network; each URL is requested ``--requests`` times after a warm-up.

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) \
      ALLOWED_HOSTS=testserver SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/journal_helper \
      .venv/bin/python bench/journal_page.py
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="journal-bench-"))

import django  # noqa: E402

django.setup()

import minimal_page  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from minimal_page import p50_p95_min  # noqa: E402

OBSERVATIONS = 500
SLUG = "bench-journal"


def make_data():
    from consents.models import ConsentAnswer, ConsentForm, ConsentKind
    from families.models import Child, ChildAdult, Room
    from keyperson.models import Assignment
    from learning_journal.eyfs import ensure_framework
    from learning_journal.media import process_upload
    from learning_journal.models import Area, Comment, Media, Observation, ObservationChild
    from preschool.models import Membership, Role, Setting, User

    ensure_framework()
    setting = Setting.objects.filter(slug=SLUG).first()
    if setting is not None:
        return setting
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    with transaction.atomic():
        setting = Setting.objects.create(name="Bench Journal Pre-school", slug=SLUG)
        room = Room.objects.create(setting=setting, name="Caterpillars")

        def person(email, name, role):
            user = User.objects.create_user(email=email, full_name=name, password=None)
            return user, Membership.objects.create(user=user, setting=setting, role=role)

        manager, _ = person("manager@bench-journal.example", "Bench Manager", Role.MANAGER)
        kim, kim_m = person("kim@bench-journal.example", "Kim Bench", Role.PRACTITIONER)
        pat, _ = person("pat@bench-journal.example", "Pat Bench", Role.PARENT)
        today = timezone.localdate()
        ava = Child.objects.create(setting=setting, room=room, first_name="Ava",
                                   last_name="Bench", date_of_birth=today - timedelta(days=1000))
        sam = Child.objects.create(setting=setting, room=room, first_name="Sam",
                                   last_name="Bench", date_of_birth=today - timedelta(days=990))
        ChildAdult.objects.create(child=ava, user=pat, name="Pat Bench", relationship="Mother",
                                  has_parental_responsibility=True, may_receive_information=True)
        Assignment.objects.create(setting=setting, child=ava, staff=kim_m, kind="key",
                                  assigned_by=manager)
        for kind in (ConsentKind.PHOTOS_JOURNAL, ConsentKind.PHOTOS_OTHER_FAMILIES):
            form = ConsentForm.objects.create(setting=setting, kind=kind, title=kind,
                                              wording="Bench")
            for child in (ava, sam):
                ConsentAnswer.objects.create(form=form, child=child, given=True,
                                             answered_by=manager)
        out = BytesIO()
        Image.effect_noise((1600, 1200), 40).convert("RGB").save(out, format="JPEG")
        processed = process_upload(SimpleUploadedFile("p.jpg", out.getvalue()))
        probe = Media(setting=setting)
        probe.file.save(processed.file.name, processed.file, save=False)
        probe.thumbnail.save(processed.thumbnail.name, processed.thumbnail, save=False)
        areas = list(Area.objects.all())
        observations = Observation.objects.bulk_create([
            Observation(setting=setting, status="published", observed_on=today - timedelta(
                days=i * 700 // OBSERVATIONS), text=f"Observation {i}: " + "Ava built. " * 20,
                author=kim, published_at=timezone.now(), published_by=kim,
                source="family" if i % 10 == 0 else "staff")
            for i in range(OBSERVATIONS)])
        links, media, area_links = [], [], []
        through = Observation.areas.through
        for i, o in enumerate(observations):
            links.append(ObservationChild(observation=o, child=ava, next_step=f"Step {i}"))
            if i % 2:
                links.append(ObservationChild(observation=o, child=sam))
            media.append(Media(setting=setting, observation=o, kind="photo",
                               file=probe.file.name, thumbnail=probe.thumbnail.name,
                               width=1600, height=1200, uploaded_by=kim))
            area_links += [through(observation=o, area=areas[i % 7]),
                           through(observation=o, area=areas[(i + 3) % 7])]
        ObservationChild.objects.bulk_create(links)
        through.objects.bulk_create(area_links)
        media = Media.objects.bulk_create(media)
        shown = Media.children_shown.through
        shown.objects.bulk_create(
            [shown(media=m, child=ava) for m in media]
            + [shown(media=m, child=sam) for i, m in enumerate(media) if i % 2])
        Comment.objects.bulk_create([
            Comment(setting=setting, observation=o, child=ava, author=pat, body="Lovely!")
            for o in observations])
    return setting


def prepare():
    """The data (made once), the static files and the planner's statistics: the setting."""
    from django.conf import settings
    from django.core.management import call_command

    settings.REQUIRE_STAFF_MFA = False
    call_command("collectstatic", interactive=False, verbosity=0)
    setting = make_data()
    if connection.vendor == "postgresql":
        # Fresh rows have no statistics until autovacuum gets to them; without them PostgreSQL
        # plans the journal's reads for empty tables (several times slower). A live database
        # has them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return setting


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from learning_journal.models import Observation
    from preschool.models import User

    setting = prepare()
    child = setting.children.get(first_name="Ava")
    count = Observation.objects.filter(child_links__child=child).count()
    minimal_page.install()
    print(f"{'page':<36}{'queries':>8}{'min ms':>8}{'p50 ms':>8}{'p95 ms':>8}"
          f"{'p95/hlthz':>10}{'p95/minml':>10}")
    for who in ("pat@bench-journal.example", "kim@bench-journal.example"):
        client = Client(HTTP_HOST="testserver")
        client.force_login(User.objects.get(email=who))
        name = who.split("@")[0]
        journal = f"/journal/children/{child.uuid}/"
        pages = (("/healthz (baseline)", "/healthz"),
                 ("minimal page (baseline)", minimal_page.URL),
                 ("/profile/ (for comparison)", "/profile/"),
                 ("journal, page 1", journal), ("journal, page 10", journal + "?page=10"),
                 ("journal, one area", journal + "?area=PD"),
                 ("side column (htmx)", journal + "side/"))
        # The side column is asked for by htmx once the page is on screen.
        headers = {journal + "side/": {"HX-Request": "true"}}
        counts = {}
        for label, url in pages:
            queries = [0]

            def counted(execute, sql, params, many, context, queries=queries):
                queries[0] += 1
                return execute(sql, params, many, context)

            for _ in range(5):  # warm-up
                assert client.get(url, headers=headers.get(url)).status_code == 200, url
            with connection.execute_wrapper(counted):
                client.get(url, headers=headers.get(url))
            counts[label] = queries[0]
        # The machine may be busy: the pages are requested in turn (baseline, page, baseline,
        # ...), so that the baseline and each page see the same load.
        samples = {label: [] for label, _ in pages}
        for _ in range(args.requests):
            for label, url in pages:
                start = time.perf_counter()
                response = client.get(url, headers=headers.get(url))
                samples[label].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
        healthz = p50_p95_min(samples[pages[0][0]])
        minimal = p50_p95_min(samples[pages[1][0]])
        for label, _ in pages:
            p50, p95, best = p50_p95_min(samples[label])
            print(f"{f'{label} ({name})':<36}{counts[label]:>8}{best:>8.1f}{p50:>8.1f}"
                  f"{p95:>8.1f}{p95 / healthz[1]:>10.1f}{p95 / minimal[1]:>10.1f}")
    print(f"({count} observations with a photo each in Ava's journal; {args.requests} requests "
          "a page)")


if __name__ == "__main__":
    # The data is set up across settings, as the tests do; what is measured (a page, a
    # task) still opens its own setting's scope.
    with scopes_disabled():
        main()
