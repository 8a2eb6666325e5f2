"""Settings come from the environment and a bad value stops start-up, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from preschool.env import EnvError, env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


def test_it_parses_booleans_strictly(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "true")
    assert env_bool("SOME_FLAG", False) is True
    monkeypatch.setenv("SOME_FLAG", "False")
    assert env_bool("SOME_FLAG", True) is False
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(EnvError, match="SOME_FLAG must be true or false"):
        env_bool("SOME_FLAG", False)


def test_it_checks_numbers_and_bounds(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(EnvError, match="SOME_NUMBER must be a whole number"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "2")
    with pytest.raises(EnvError, match="SOME_NUMBER must be at least 5"):
        env_int("SOME_NUMBER", 10, minimum=5)


def test_it_reads_secrets_from_files(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("SOME_SECRET_FILE", str(secret))
    assert env_str("SOME_SECRET") == "from-a-file"
    monkeypatch.setenv("SOME_SECRET", "also-set")
    with pytest.raises(EnvError, match="both set"):
        env_str("SOME_SECRET")


def test_it_splits_lists(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", "a.example, b.example,,")
    assert env_list("SOME_HOSTS", []) == ["a.example", "b.example"]


def _start(**env):
    """Load the settings in a fresh interpreter, as start-up does."""
    base = {k: v for k, v in os.environ.items()
            if k in ("PATH", "HOME", "LANG", "PYTHONPATH")}
    base.update({"DJANGO_SETTINGS_MODULE": "preschool.settings",
                 "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org",
                 "SITE_URL": "https://portal.example.org"})
    base.update(env)
    return subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT,
                          env=base, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("env", "message"), [
    ({"DEBUG": "yes please"}, "DEBUG must be true or false"),
    ({"REQUIRE_STAFF_MFA": "sometimes"}, "REQUIRE_STAFF_MFA must be true or false"),
    ({"DATABASE_URL": "mysql://db/portal"}, "DATABASE_URL must be a postgres:// or sqlite://"),
    ({"CELERY_BROKER_URL": "amqp://guest@localhost//"}, "CELERY_BROKER_URL must be a redis://"),
    ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
    ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 characters"),
    ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
    ({"EMAIL_PORT": "lots"}, "EMAIL_PORT must be a whole number"),
    ({"EMAIL_BACKEND": "pigeon"}, "EMAIL_BACKEND must be one of"),
    ({"SESSION_IDLE_MINUTES": "1"}, "SESSION_IDLE_MINUTES must be at least 5"),
    ({"CACHE_URL": "memcached://x"}, "CACHE_URL must be"),
    ({"SITE_URL": "portal.example.org"}, "SITE_URL must start with http"),
    ({"DATABASE_POOLER": "pgpool"}, "DATABASE_POOLER must be one of none, pgbouncer"),
    ({"DATABASE_POOLER": "pgbouncer"}, "DATABASE_POOLER=pgbouncer needs a postgres://"),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be one of"),
    ({"METRICS_TOKEN": "too-short"}, "METRICS_TOKEN must be at least 32 characters"),
    ({"METRICS_ALLOWED_NETWORKS": "10.0.0.0/8,intranet"}, "METRICS_ALLOWED_NETWORKS must be"),
    ({"METRICS_ALLOWED_NETWORKS": "10.0.0.1/8"}, "METRICS_ALLOWED_NETWORKS must be"),
    ({"SENTRY_TRACES_SAMPLE_RATE": "often"}, "SENTRY_TRACES_SAMPLE_RATE must be a number"),
    ({"SENTRY_TRACES_SAMPLE_RATE": "2"}, "SENTRY_TRACES_SAMPLE_RATE must be a number"),
])
def test_a_bad_value_stops_start_up_naming_the_variable(env, message):
    result = _start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_good_production_values_start():
    result = _start(DEBUG="false", REQUIRE_STAFF_MFA="true", EMAIL_PORT="465")
    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_nothing_with_debug_off():
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    base.update({"DEBUG": "false", "SECRET_KEY": "k3y-" + "z8Q!" * 15,
                 "ALLOWED_HOSTS": "portal.example.org", "SITE_URL": "https://portal.example.org"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_makemigrations_runs_without_a_production_environment():
    """Checking for missing migrations reads only the code: no secret or host is needed, while
    every other command still refuses to start without them."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=base,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
