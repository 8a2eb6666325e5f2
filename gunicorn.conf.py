"""gunicorn's settings for the portal: `gunicorn -c gunicorn.conf.py preschool.wsgi`.

Read from the same environment as the portal (README, "Configuration"), strictly.
"""

import os
import shutil
import tempfile
from pathlib import Path

from preschool.env import env_bool, env_int, env_str

bind = [f"0.0.0.0:{env_int('PORT', 8000, minimum=1, maximum=65535)}"]
workers = env_int("WEB_CONCURRENCY", 3, minimum=1, maximum=64)

# The portal logs each request itself, as JSON with its request id and view name
# (preschool/metrics.py). gunicorn's own access log is off unless asked for, and then never
# shows the query string (a search box puts a child's name there) nor the referrer (a page's
# address with its query string): the path only, the status, the size, the time, the id.
accesslog: str | None = None
if env_bool("GUNICORN_ACCESS_LOG", False):
    accesslog = "-"
    access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'

# The request-time metrics of all workers are added up at each scrape of /metrics: each worker
# writes its own to files in PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode).
# Set here, before any worker loads the portal; emptied at each start so that counts of a
# previous run are not added in; a dead worker's files are merged into the totals.
_multiproc_dir = env_str("PROMETHEUS_MULTIPROC_DIR", "")
_own_multiproc_dir = not _multiproc_dir
if _own_multiproc_dir:
    _multiproc_dir = tempfile.mkdtemp(prefix="portal-metrics-")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _multiproc_dir


def on_starting(server):
    folder = Path(_multiproc_dir)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid, _multiproc_dir)


def on_exit(server):
    if _own_multiproc_dir:
        shutil.rmtree(_multiproc_dir, ignore_errors=True)

# gunicorn turns X-Forwarded-Proto into the request's scheme for the proxies it trusts, and by
# default it trusts 127.0.0.1. The portal trusts the header only when TRUST_X_FORWARDED_PROTO
# says so (the same switch as Django's SECURE_PROXY_SSL_HEADER): otherwise no peer may set it,
# so a request cannot claim HTTPS and skip the redirect to it.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # From any peer, as Django then does: turn the switch on only when the proxy is the one
    # way in.
    forwarded_allow_ips = "*"
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
