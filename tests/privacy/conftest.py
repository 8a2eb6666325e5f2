import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_throttle(django_db_blocker):
    """The alarm's once-every-15-seconds key is per person: each test starts without it.
    (With no Redis configured the cache is a database table.)"""
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (emails, checks) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
