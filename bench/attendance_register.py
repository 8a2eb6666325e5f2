"""Server time of the register: a room of 60 children, signing a child in and out, against the
two minimal one-query pages of the same site: /healthz (JSON) and a page with the site's layout
(bench/minimal_page.py).

Requests go through Django's full stack (middleware, sessions, templates, database) in this
process, without a network, as in bench/pages.py. Signing in and out are the htmx requests a
tablet makes (one tap: the answer is the child's row; the ratio banner then reloads with a
request of its own, not timed here). Each is timed
``--requests`` times after a warm-up; the children are cycled through, each signed in then out.
The baselines are sampled between the timed requests, so a busy machine weighs on all alike.

It needs `manage.py seed_scale` data; at each run it adds a room of 60 children with families, key
people and a session that runs all day (so no sign-out is a late collection) to the first scale
setting, and a practitioner on duty there. Run it against a benchmark database only: each run
adds a new bench room, as register rows are never deleted.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")

import django  # noqa: E402

django.setup()

import minimal_page  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from preschool.models import Membership, Role, Setting  # noqa: E402

ROOM = "Register bench (60 children)"
CHILDREN = 60


def room_of_60(setting, manager):
    """A new bench room for this run: 60 children, each with a parent who may collect, a key
    person and a usual session today. A new room each run, because the register rows of earlier
    runs are kept (the database refuses to delete them)."""
    from datetime import date, timedelta

    from attendance.models import RegularSession, Session
    from families.models import Child, ChildAdult, Room
    from keyperson.models import Assignment

    room = Room.objects.create(setting=setting, name=f"{ROOM} {time.strftime('%Y-%m-%d %H:%M:%S')}")
    session, _ = Session.objects.get_or_create(
        setting=setting, name="Bench all day",
        defaults={"starts_at": clock(0, 0), "ends_at": clock(23, 59, 59)})
    staff = list(Membership.objects.active().filter(setting=setting, role=Role.PRACTITIONER))
    today = date.today()
    kids = Child.objects.bulk_create([
        Child(setting=setting, room=room, first_name=f"Bench{i:02d}", last_name="Child",
              date_of_birth=today - timedelta(days=400 + 20 * i)) for i in range(CHILDREN)])
    ChildAdult.objects.bulk_create([
        ChildAdult(child=k, name=f"Parent of {k.first_name}", relationship="Mother",
                   has_parental_responsibility=True, may_receive_information=True,
                   may_collect=True, phone="07700 900000") for k in kids])
    Assignment.objects.bulk_create([
        Assignment(setting=setting, child=k, staff=staff[i % len(staff)], kind="key",
                   assigned_by=manager) for i, k in enumerate(kids)])
    RegularSession.objects.bulk_create([
        RegularSession(setting=setting, child=k, session=session, weekday=wd,
                       added_by=manager) for k in kids for wd in range(7)])
    return room, session


def on_duty(setting, room) -> None:
    """A practitioner on duty in the room, as on a real day (no ratio breach at every tap)."""
    from attendance.models import StaffShift
    from attendance.services import staff_sign_in, staff_sign_out

    today = timezone.localdate()
    if not StaffShift.objects.open().filter(room=room, date=today).exists():
        practitioner = Membership.objects.filter(setting=setting,
                                                 role=Role.PRACTITIONER).first()
        if practitioner is None:
            sys.exit("The scale setting has no practitioner: run `manage.py seed_scale`.")
        # Still on duty in the room of an earlier run today: moved to this run's room.
        for shift in StaffShift.objects.open().filter(membership=practitioner, date=today):
            staff_sign_out(practitioner.user, shift)
        staff_sign_in(practitioner.user, practitioner, room)


def queries(prepare) -> int:
    """How many queries one request makes (counted at the database cursor)."""
    request = prepare()
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        request()
    return count[0]


def profile(prepare) -> None:
    """Each query of one request with its time in the database, then where Python spent its
    time (cProfile: the portal's functions by cumulative time, then the 25 costliest by their
    own time)."""
    import cProfile
    import pstats

    request, timings = prepare(), []

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - start) * 1000, sql))

    with connection.execute_wrapper(timer):
        start = time.perf_counter()
        request()
        total = (time.perf_counter() - start) * 1000
    print(f"{len(timings)} queries, {sum(t for t, _ in timings):.1f} ms at the database "
          f"(with the driver), {total:.1f} ms in all")
    for ms, sql in timings:
        print(f"{ms:7.2f} ms  {sql[:160]}")
    profiler = cProfile.Profile()
    profiler.enable()
    request = prepare()
    request()
    profiler.disable()
    stats = pstats.Stats(profiler)
    project = r"/(attendance|families|collection|consents|keyperson|preschool)/"
    stats.sort_stats("cumulative").print_stats(project, 30)  # the portal's own functions
    stats.sort_stats("tottime").print_stats(25)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true",
                        help="profile one register request (its queries and Python time) "
                             "instead of timing")
    args = parser.parse_args()
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # production static files
    minimal_page.install()
    setting = Setting.objects.filter(slug__startswith="scale-").order_by("pk").first()
    if setting is None:
        sys.exit("Run `manage.py seed_scale` first.")
    manager = Membership.objects.filter(setting=setting, role=Role.MANAGER).first().user
    settings.REQUIRE_STAFF_MFA = False
    room, session = room_of_60(setting, manager)

    from attendance.models import AttendanceRecord
    from families.models import Child

    client = Client(HTTP_HOST="testserver")
    client.force_login(manager)
    children = list(Child.objects.filter(room=room).prefetch_related("adults")
                    .order_by("first_name"))
    today = timezone.localdate()
    on_duty(setting, room)

    cycle = {"i": 0, "open": []}

    # Each request is prepared (which child, which record) before it is timed: only the
    # request itself, as the server handles it, is measured.
    def sign_in():
        child = children[cycle["i"] % len(children)]
        cycle["i"] += 1
        url = reverse("attendance-sign-in", args=[child.uuid])
        data = {"session": session.uuid, "dropped_off_by": "Bench Parent"}
        cycle["open"].append(child)
        return lambda: client.post(url, data, HTTP_HX_REQUEST="true")

    def sign_out():
        child = cycle["open"].pop(0)
        record = AttendanceRecord.objects.open().get(child=child, date=today)
        adult = child.adults.all()[0]
        url = reverse("collection-sign-out", args=[record.uuid])
        data = {"collector": f"adult:{adult.uuid}"}
        return lambda: client.post(url, data, HTTP_HX_REQUEST="true")

    def healthz():
        return lambda: client.get("/healthz")

    def minimal():
        return lambda: client.get(minimal_page.URL)

    register_url = reverse("attendance-register", args=[room.uuid])

    def register():
        return lambda: client.get(register_url)

    # The machine this runs on may be busy: the baseline is sampled between the requests it is
    # compared with (healthz, sign in, healthz, sign out, ...), so both see the same load.
    samples = {"healthz": [], "minimal": [], "register": [], "sign_in": [], "sign_out": []}

    def timed(name, prepare):
        request = prepare()
        start = time.perf_counter()
        response = request()
        samples[name].append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (name, response.status_code)

    for _ in range(5):  # warm-up
        healthz()(), minimal()(), register()()
        sign_in()(), sign_out()()
    counts = {"healthz": queries(healthz), "minimal": queries(minimal), "register": None,
              "sign_in": queries(sign_in),
              "sign_out": queries(sign_out)}
    # Half the room is signed in while the register is timed: every kind of row is drawn.
    for _ in range(CHILDREN // 2):
        sign_in()()
    counts["register"] = queries(register)
    if args.profile:
        profile(register)
        return
    for _ in range(args.requests):
        timed("healthz", healthz)
        timed("minimal", minimal)
        timed("register", register)
    for _ in range(CHILDREN // 2):
        sign_out()()
    # Sign-in and sign-out alternate over the 60 children: each is in at most once.
    for _ in range(args.requests):
        timed("healthz", healthz)
        timed("minimal", minimal)
        timed("sign_in", sign_in)
        timed("healthz", healthz)
        timed("minimal", minimal)
        timed("sign_out", sign_out)

    def p50_p95(values):
        values = sorted(values)
        return statistics.median(values), values[int(len(values) * 0.95) - 1]

    healthz95, minimal95 = p50_p95(samples["healthz"])[1], p50_p95(samples["minimal"])[1]
    print(f"{'request':<30}{'p50 ms':>9}{'p95 ms':>9}{'p95/healthz':>13}{'p95/minimal':>13}"
          f"{'queries':>9}")
    for name, label in (("healthz", "/healthz (baseline)"),
                        ("minimal", "minimal page (baseline)"),
                        ("register", "register, room of 60"),
                        ("sign_in", "sign in (htmx, one tap)"),
                        ("sign_out", "sign out (htmx, named adult)")):
        p50, p95 = p50_p95(samples[name])
        print(f"{label:<30}{p50:>9.1f}{p95:>9.1f}{p95 / healthz95:>13.1f}"
              f"{p95 / minimal95:>13.1f}{counts[name]:>9}")
    print(f"({setting.name}, {room.name}; {args.requests} requests each; "
          f"database {connection.vendor})")


if __name__ == "__main__":
    # The data is set up across settings, as the tests do; what is measured (a page, a
    # task) still opens its own setting's scope.
    with scopes_disabled():
        main()
