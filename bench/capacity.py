"""Capacity: how many settings' 08:30 to 09:15 rush one core of web server serves with p95
under 300 ms and no errors, and where the time goes.

For each number of settings in ``--settings`` (1, 2, 4, ... by default), in turn, until p95
passes 300 ms or a request fails:

1. the people of that many seed_scale settings get sessions (bench/capacity_plan.py) and the
   morning is made ready (a practitioner on duty in each room, no child signed in);
2. the portal runs under gunicorn (gunicorn.conf.py, ``--web-concurrency`` sync workers)
   pinned with ``taskset`` to ``--web-cpus`` (core 0 by default), with Redis as the cache
   (``BENCH_CACHE_URL``, database 7) and a Celery worker (broker ``BENCH_BROKER_URL``,
   database 8) pinned to ``--other-cpus`` (core 1), as locust is. PostgreSQL and Redis are the
   machine's own servers and are not pinned (the runner does not change them);
3. locust (bench/locustfile.py, headless) plays the rush ``--speedup`` times faster than
   real time, each setting's 60 families and 6 practitioners as their own users;
4. the runner prints, per step: the settings, users, the offered and served request rate,
   p50, p95, failures, and the CPU each part used (gunicorn, the PostgreSQL backends of the
   benchmark database, the worker, locust, from /proc through psutil) as a share of one core;
   then, for the last step, where the web server's time went by kind of request (from
   gunicorn's access log, which gives each request's time in microseconds).

Settings served per core: a step of ``n`` settings at speedup ``k`` offers the load of
``n * k`` settings in real time (the rush is the same requests, closer together). The largest
such figure within the limits, divided by the cores gunicorn had, is the figure per core of
web server; divided by the CPU that gunicorn, PostgreSQL and the worker used together, it is
the figure per core of the whole stack.

Run it against a benchmark database only (it signs children in and out, adds observations
and doses, and writes sessions):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_cap100 .venv/bin/python bench/capacity.py

The portal runs with ``REQUIRE_STAFF_MFA=false`` (the sessions are made without a sign-in)
and ``SESSION_IDLE_MINUTES=120`` (a family may first look at the portal late in the window).
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")
os.environ["REQUIRE_STAFF_MFA"] = "false"
os.environ["SESSION_IDLE_MINUTES"] = "120"
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SITE_URL", "http://127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# The runner's own work (the morning made ready) queues its tasks for the benchmark's worker.
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/7")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/8")
os.environ.update(CACHE_URL=CACHE_URL, CELERY_BROKER_URL=BROKER_URL, EMAIL_BACKEND="memory")
if not os.environ.get("SECRET_KEY"):
    os.environ["SECRET_KEY"] = "bench-only-" + os.urandom(32).hex()

import django  # noqa: E402

django.setup()

import psutil  # type: ignore[import-untyped]  # noqa: E402
import rush  # noqa: E402
from capacity_plan import make_plan  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

BIN = Path(sys.executable).parent
P95_LIMIT_MS = 300
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def photo(folder: Path, megapixels: float) -> Path:
    """A phone-like photo (detail everywhere, so it compresses as a photo does)."""
    from PIL import Image

    width = int((megapixels * 1e6 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    image = Image.effect_noise((width, height), 40).convert("RGB")
    path = folder / "photo.jpg"
    image.save(path, "JPEG", quality=85)
    return path


class CpuMeter:
    """CPU seconds used by groups of processes, sampled every half second: a process that
    ends between samples keeps its last reading."""

    def __init__(self, groups) -> None:
        self.groups = groups  # name -> function returning the group's processes
        self.seen: dict[tuple[str, int], float] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for name, processes in self.groups.items():
            for process in processes():
                try:
                    times = process.cpu_times()
                except psutil.Error:
                    continue
                self.seen[(name, process.pid)] = times.user + times.system

    def _run(self) -> None:
        while not self.stopping.wait(0.5):
            self._sample()

    def start(self) -> "CpuMeter":
        self._sample()
        self.before = dict(self.seen)
        self.started = time.monotonic()
        self.thread.start()
        return self

    def stop(self) -> dict[str, float]:
        """Each group's CPU as a share of one core over the time measured."""
        self.stopping.set()
        self.thread.join()
        self._sample()
        elapsed = time.monotonic() - self.started
        used: dict[str, float] = defaultdict(float)
        for (name, pid), seconds in self.seen.items():
            used[name] += seconds - self.before.get((name, pid), 0.0)
        return {name: used[name] / elapsed for name in self.groups}


def tree(process: subprocess.Popen):
    def processes():
        try:
            parent = psutil.Process(process.pid)
            return [parent, *parent.children(recursive=True)]
        except psutil.Error:
            return []
    return processes


def database_backends(database: str):
    """The PostgreSQL processes serving this database (their title names it)."""
    def processes():
        found = []
        for process in psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if process.info["name"] == "postgres" and f" {database} " in f" {cmdline} ":
                found.append(process)
        return found
    return processes


def start(args: list[str], env: dict[str, str], log: Path, cpus: str) -> subprocess.Popen:
    pinned = ["taskset", "-c", cpus] if cpus and shutil.which("taskset") else []
    return subprocess.Popen([*pinned, *args], cwd=ROOT,  # noqa: S603 - our own programs
                            env={**os.environ, **env},
                            stdout=log.open("w"), stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {process.returncode})")
        try:
            urllib.request.urlopen(url + "/healthz", timeout=5)  # noqa: S310 - http://127.0.0.1
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not start")


def where_the_time_goes(access_log: Path, offset: int) -> list[tuple[str, int, float, float]]:
    """Per kind of request (method and path with ids as <id>): count, total seconds and mean
    ms, from gunicorn's access log (``%(m)s %(U)s %(s)s %(D)s``)."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    with access_log.open() as f:
        f.seek(offset)
        lines = f.read().splitlines()
    for line in lines:
        parts = line.split()
        if len(parts) != 4 or not parts[3].isdigit():
            continue
        method, path, _status, micros = parts
        key = f"{method} {UUID.sub('<id>', path)}"
        totals[key][0] += 1
        totals[key][1] += int(micros) / 1e6
    rows = [(key, int(n), seconds, seconds / n * 1000) for key, (n, seconds) in totals.items()]
    return sorted(rows, key=lambda row: -row[2])


def locust_totals(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv") as f:
        rows = list(csv.DictReader(f))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    return {"requests": int(total["Request Count"]), "failures": int(total["Failure Count"]),
            "p50": float(total["50%"]),
            "p95": float(total["95%"]), "rows": rows}


def run_step(count: int, options, folder: Path, picture: Path) -> dict:
    with scopes_disabled():
        plan = make_plan(count)
    connection.close()
    plan_file = folder / f"plan-{count}.json"
    plan_file.write_text(json.dumps(plan))
    port = options.port
    host = f"http://127.0.0.1:{port}"
    database = settings.DATABASES["default"]["NAME"]
    env = {"DATABASE_URL": os.environ["DATABASE_URL"], "CACHE_URL": CACHE_URL,
           "CELERY_BROKER_URL": BROKER_URL, "EMAIL_BACKEND": "memory",
           "PORT": str(port), "WEB_CONCURRENCY": str(options.web_concurrency),
           "ALLOWED_HOSTS": "127.0.0.1", "SITE_URL": host}
    access_log = folder / f"access-{count}.log"
    web = start([str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "preschool.wsgi",
                 "--access-logfile", str(access_log),
                 "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"],
                env, folder / f"gunicorn-{count}.log", options.web_cpus)
    worker = start([sys.executable, "-m", "celery", "-A", "preschool", "worker",
                    "--pool=solo", "--loglevel=warning", "--without-gossip",
                    "--without-mingle", "--without-heartbeat"],
                   env, folder / f"worker-{count}.log", options.other_cpus)
    try:
        wait_for(host, web)
        start_up = access_log.stat().st_size  # the start-up check is not part of the rush
        users = len(plan)
        run_time = int(rush.WINDOW / options.speedup + options.tail)
        prefix = folder / f"locust-{count}"
        meter = CpuMeter({"gunicorn": tree(web), "postgres": database_backends(database),
                          "worker": tree(worker)})
        locust = start([str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"),
                        "--headless", "-u", str(users), "-r", str(max(users // 5, 1)),
                        "--run-time", f"{run_time}s", "--host", host, "--csv", str(prefix),
                        "--only-summary", "--stop-timeout", "10"],
                       {"CAPACITY_PLAN": str(plan_file), "CAPACITY_SPEEDUP": str(options.speedup),
                        "CAPACITY_PHOTO": str(picture)},
                       folder / f"locust-{count}.log", options.other_cpus)
        meter.groups["locust"] = tree(locust)
        meter.start()
        locust.wait()
        cpu = meter.stop()
    finally:
        stop(web)
        stop(worker)
    result = locust_totals(prefix)
    # Over the rush's compressed window, as the offered rate (locust's own rate also counts
    # the start and the tail).
    result.update(settings=count, users=users, cpu=cpu,
                  rps=result["requests"] * options.speedup / rush.WINDOW,
                  offered=rush.requests_per_setting() * count * options.speedup
                  / rush.WINDOW,
                  time=where_the_time_goes(access_log, start_up))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", default="1,2,4,8,16,32,64,100",
                        help="numbers of settings to run, in turn (comma-separated)")
    parser.add_argument("--speedup", type=float, default=10,
                        help="the 45 minutes played this many times faster")
    parser.add_argument("--tail", type=float, default=15,
                        help="seconds added to each run for the last requests")
    parser.add_argument("--web-concurrency", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--web-cpus", default="0", help="taskset CPU list for gunicorn")
    parser.add_argument("--other-cpus", default="1",
                        help="taskset CPU list for locust and the worker")
    parser.add_argument("--photo-megapixels", type=float, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the logs and CSV files")
    options = parser.parse_args()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # production static files
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics for the planner, as after a day of use
    web_cores = len(options.web_cpus.split(",")) if options.web_cpus else os.cpu_count() or 1
    folder = Path(tempfile.mkdtemp(prefix="capacity-"))
    picture = photo(folder, options.photo_megapixels)
    print(f"gunicorn: {options.web_concurrency} workers on CPU {options.web_cpus or 'any'}; "
          f"locust and the worker on CPU {options.other_cpus or 'any'}; PostgreSQL and Redis "
          f"unpinned. Speedup {options.speedup:g}: each step runs "
          f"{rush.WINDOW / options.speedup + options.tail:.0f} s. "
          f"Photos of {options.photo_megapixels:g} MP ({picture.stat().st_size // 1024} KB).")
    header = (f"{'settings':>8} {'x speedup':>9} {'users':>6} {'offered/s':>9} {'served/s':>9} "
              f"{'p50 ms':>7} {'p95 ms':>7} {'failed':>7} | CPU (cores): "
              f"{'gunicorn':>8} {'postgres':>8} {'worker':>7} {'locust':>7}")
    print(header)
    results, best = [], None
    for count in [int(n) for n in options.settings.split(",")]:
        result = run_step(count, options, folder, picture)
        results.append(result)
        cpu = result["cpu"]
        print(f"{count:>8} {count * options.speedup:>9g} {result['users']:>6} "
              f"{result['offered']:>9.1f} {result['rps']:>9.1f} {result['p50']:>7.0f} "
              f"{result['p95']:>7.0f} {result['failures']:>7} |              "
              f"{cpu['gunicorn']:>8.2f} {cpu['postgres']:>8.2f} {cpu['worker']:>7.2f} "
              f"{cpu['locust']:>7.2f}", flush=True)
        if result["p95"] > P95_LIMIT_MS or result["failures"]:
            break
        best = result
    last = results[-1]
    print(f"\nWhere gunicorn's time went ({last['settings']} settings; by kind of request):")
    total = sum(row[2] for row in last["time"]) or 1
    print(f"{'request':<58}{'count':>7}{'mean ms':>9}{'share':>7}")
    for key, n, seconds, mean in last["time"][:20]:
        print(f"{key[:57]:<58}{n:>7}{mean:>9.1f}{seconds / total:>7.0%}")
    failures = [r for r in last["rows"] if int(r["Failure Count"]) and r["Name"] != "Aggregated"]
    for row in failures:
        print(f"failed: {row['Type']} {row['Name']}: {row['Failure Count']}")
    if best is None:
        print("\nNo step was within p95 < 300 ms without failures.")
    else:
        equivalent = best["settings"] * options.speedup
        stack = sum(best["cpu"][k] for k in ("gunicorn", "postgres", "worker"))
        print(f"\nWithin the limits: {best['settings']} settings at speedup "
              f"{options.speedup:g} = the rush of {equivalent:g} settings in real time.\n"
              f"Per core of web server: {equivalent:g} / {web_cores} = "
              f"{equivalent / web_cores:.0f} settings. Per core of the whole stack (gunicorn "
              f"+ PostgreSQL + worker used {stack:.2f} cores): {equivalent / max(stack, 0.01):.0f}"
              f" settings.")
    if options.keep:
        print(f"Logs and CSV files: {folder}")
    else:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
