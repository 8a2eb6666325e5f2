"""Server time of the same pages in British English, Polish and Urdu: what reading the
portal in another language costs (a translated string is a look-up in the compiled
catalogue; Urdu adds the right-to-left stylesheet's link, nothing on the server).

Uses the journal benchmark's data (bench/journal_page.py makes it once): Pat, a parent, reads
her home, her child's journal (500 observations with photos) and the minimal page, as each
language in turn, request by request, so that every language sees the same load.

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) \\
      ALLOWED_HOSTS=testserver SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \\
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
      .venv/bin/python bench/languages.py
"""

import argparse
import time
import uuid

import journal_page  # noqa: F401  (sets Django up)
import minimal_page
from django.test import Client
from django_scopes import scopes_disabled
from minimal_page import p50_p95_min

LANGUAGES = ("en", "pl", "ur")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from families.models import ChildAdult
    from preschool.models import Membership, User

    setting = journal_page.prepare()
    child = setting.children.get(first_name="Ava")
    minimal_page.install()
    pat = User.objects.get(email="pat@bench-journal.example")
    clients = {}
    for language in LANGUAGES:
        # One account per language, so that the requests can alternate.
        user, _ = User.objects.get_or_create(
            email=f"pat.{language}@bench-journal.example",
            defaults={"full_name": pat.full_name, "preferred_language": language})
        if not Membership.objects.filter(user=user).exists():
            for row in [*Membership.objects.filter(user=pat), *ChildAdult.objects.filter(user=pat)]:
                row.pk, row.user = None, user
                if hasattr(row, "uuid"):
                    row.uuid = uuid.uuid4()
                row.save()
        client = Client(HTTP_HOST="testserver")
        client.force_login(user)
        clients[language] = client
    pages = (("minimal page", minimal_page.URL), ("home", "/"),
             ("journal, page 1", f"/journal/children/{child.uuid}/"))
    for client in clients.values():
        for _label, url in pages:
            for _ in range(5):  # warm-up
                assert client.get(url).status_code == 200, url
    samples = {(language, label): [] for language in LANGUAGES for label, _url in pages}
    for _ in range(args.requests):
        for label, url in pages:
            for language, client in clients.items():
                start = time.perf_counter()
                response = client.get(url)
                samples[(language, label)].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, url
    print(f"{'page':<20}{'language':>9}{'p50 ms':>8}{'p95 ms':>8}{'p95/en':>8}")
    for label, _url in pages:
        english = p50_p95_min(samples[("en", label)])
        for language in LANGUAGES:
            p50, p95, _best = p50_p95_min(samples[(language, label)])
            print(f"{label:<20}{language:>9}{p50:>8.1f}{p95:>8.1f}{p95 / english[1]:>8.2f}")
    print(f"({args.requests} requests a page and language)")


if __name__ == "__main__":
    with scopes_disabled():
        main()
