"""Server time of the portal's pages, against a minimal one-query page of the same site.

Requests go through Django's full stack (middleware, sessions, templates, database) in this
process, without a network; each URL is requested ``--requests`` times after a warm-up.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from preschool.models import Membership, Role, Setting  # noqa: E402


def timings(client, url, n):
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # production static files
    setting = Setting.objects.filter(slug__startswith="scale-").first()
    if setting is None:
        sys.exit("Run `manage.py seed_scale` first.")
    manager = Membership.objects.get(setting=setting, role=Role.MANAGER).user
    client = Client(HTTP_HOST="testserver")
    client.force_login(manager)
    os.environ["REQUIRE_STAFF_MFA"] = "false"
    from django.conf import settings

    settings.REQUIRE_STAFF_MFA = False
    base50, base95 = timings(client, "/healthz", args.requests)
    print(f"{'page':<24}{'p50 ms':>9}{'p95 ms':>9}{'p95 / baseline':>16}")
    print(f"{'/healthz (baseline)':<24}{base50:>9.1f}{base95:>9.1f}{1:>16.1f}")
    children = setting.children.count()
    for url in ("/", "/children/", "/people/", "/audit/"):
        p50, p95 = timings(client, url, args.requests)
        print(f"{url:<24}{p50:>9.1f}{p95:>9.1f}{p95 / base95:>16.1f}")
    print(f"({setting.name}: {children} children; {args.requests} requests a page)")


if __name__ == "__main__":
    main()
