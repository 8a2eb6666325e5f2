"""Server time of the API's register: a room of 60 children read by a program with a token,
and a child signed in and out through the API (with an Idempotency-Key, as offline capture
sends them), against the two minimal one-query pages of the same site (/healthz and the
minimal page, bench/minimal_page.py), the API's smallest call (/api/v1/me) and the register
page itself.

Requests go through Django's full stack in this process, as in bench/attendance_register.py
(whose room of 60 it reuses: it needs `manage.py seed_scale` data, and adds a bench room at each
run). The rate limits stay on (each call still counts in the cache) with a rate high enough
that the benchmark is never refused. Each query count is printed, and counted again with a
second room of 10 children: a list's count must not grow with its rows.
"""

import argparse
import os
import statistics
import sys
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")

import attendance_register  # noqa: E402  (sets Django up)
import minimal_page  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from api.models import ApiToken, digest_of, new_token  # noqa: E402
from api.scopes import SCOPES  # noqa: E402
from preschool.models import Membership, Role, Setting  # noqa: E402


def token_for(membership) -> str:
    secret = new_token()
    ApiToken.objects.create(setting=membership.setting, user=membership.user,
                            created_by=membership.user, name="Register benchmark",
                            scopes=list(SCOPES), prefix=secret[:12], digest=digest_of(secret),
                            expires_at=timezone.now() + timedelta(days=1))
    return secret


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    minimal_page.install()
    settings.REQUIRE_STAFF_MFA = False
    unlimited = "100000/m"
    settings.API_RATE_TOKEN = settings.API_RATE_PERSON = unlimited
    setting = Setting.objects.filter(slug__startswith="scale-").order_by("pk").first()
    if setting is None:
        sys.exit("Run `manage.py seed_scale` first.")
    manager = Membership.objects.filter(setting=setting, role=Role.MANAGER).first()
    room, session = attendance_register.room_of_60(setting, manager.user)

    from attendance.models import AttendanceRecord
    from families.models import Child

    attendance_register.on_duty(setting, room)

    page = Client(HTTP_HOST="testserver")
    page.force_login(manager.user)
    api = Client(HTTP_HOST="testserver", HTTP_AUTHORIZATION=f"Bearer {token_for(manager)}")
    children = list(Child.objects.filter(room=room).prefetch_related("adults")
                    .order_by("first_name"))
    cycle = {"i": 0, "open": []}

    def sign_in():
        child = children[cycle["i"] % len(children)]
        cycle["i"] += 1
        cycle["open"].append(child)
        body = {"child": str(child.uuid), "session": str(session.uuid),
                "dropped_off_by": "Bench Parent"}
        return lambda: api.post("/api/v1/register/sign-ins", body,
                                content_type="application/json",
                                HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))

    def sign_out():
        child = cycle["open"].pop(0)
        adult = child.adults.all()[0]
        body = {"child": str(child.uuid), "collector": f"adult:{adult.uuid}"}
        return lambda: api.post("/api/v1/register/sign-outs", body,
                                content_type="application/json",
                                HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))

    register_api_url = f"/api/v1/register/rooms/{room.uuid}"
    register_page_url = reverse("attendance-register", args=[room.uuid])

    requests = {
        "healthz": lambda: (lambda: page.get("/healthz")),
        "minimal": lambda: (lambda: page.get(minimal_page.URL)),
        "me": lambda: (lambda: api.get("/api/v1/me")),
        "register_page": lambda: (lambda: page.get(register_page_url)),
        "register_api": lambda: (lambda: api.get(register_api_url)),
        "sign_in": sign_in,
        "sign_out": sign_out,
    }
    expected = {"sign_in": 201}
    samples: dict[str, list[float]] = {name: [] for name in requests}

    def timed(name):
        import time

        request = requests[name]()
        start = time.perf_counter()
        response = request()
        samples[name].append((time.perf_counter() - start) * 1000)
        assert response.status_code == expected.get(name, 200), (name, response.status_code,
                                                                 response.content[:300])

    for _ in range(5):  # warm-up
        for name in ("healthz", "minimal", "me", "register_page", "register_api"):
            requests[name]()()
        sign_in()(), sign_out()()
    counts = {name: attendance_register.queries(requests[name])
              for name in ("healthz", "minimal", "me", "sign_in", "sign_out")}
    # Half the room is in while the register is read: every kind of row is drawn.
    for _ in range(len(children) // 2):
        sign_in()()
    counts["register_page"] = attendance_register.queries(requests["register_page"])
    counts["register_api"] = attendance_register.queries(requests["register_api"])
    # The same read for a room of 10 (the first 10 of another bench room): the count is the
    # same whatever the number of children.
    small_room, _ = attendance_register.room_of_60(setting, manager.user)
    Child.objects.filter(room=small_room).exclude(
        pk__in=Child.objects.filter(room=small_room).order_by("first_name")
        .values("pk")[:10]).update(room=None)
    small = attendance_register.queries(
        lambda: (lambda: api.get(f"/api/v1/register/rooms/{small_room.uuid}")))
    for _ in range(args.requests):
        for name in ("healthz", "minimal", "me", "register_page", "register_api"):
            timed(name)
    for _ in range(len(children) // 2):
        sign_out()()
    for _ in range(args.requests):
        for name in ("healthz", "minimal", "sign_in", "healthz", "minimal", "sign_out"):
            timed(name)

    def p50_p95(values):
        values = sorted(values)
        return statistics.median(values), values[int(len(values) * 0.95) - 1]

    minimal95 = p50_p95(samples["minimal"])[1]
    healthz95 = p50_p95(samples["healthz"])[1]
    print(f"{'request':<38}{'p50 ms':>9}{'p95 ms':>9}{'p95/healthz':>13}{'p95/minimal':>13}"
          f"{'queries':>9}")
    for name, label in (("healthz", "/healthz (baseline)"),
                        ("minimal", "minimal page (baseline)"),
                        ("me", "API /me (token)"),
                        ("register_page", "register page, room of 60"),
                        ("register_api", "API register, room of 60"),
                        ("sign_in", "API sign in (Idempotency-Key)"),
                        ("sign_out", "API sign out (named adult)")):
        p50, p95 = p50_p95(samples[name])
        print(f"{label:<38}{p50:>9.1f}{p95:>9.1f}{p95 / healthz95:>13.1f}"
              f"{p95 / minimal95:>13.1f}{counts[name]:>9}")
    print(f"API register of a room of 10: {small} queries (60: {counts['register_api']})")
    print(f"({setting.name}; {args.requests} requests each; database {connection.vendor}; "
          f"{AttendanceRecord.objects.filter(room=room).count()} records made)")


if __name__ == "__main__":
    with scopes_disabled():
        main()
