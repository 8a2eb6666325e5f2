import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_throttle():
    """The alarm's once-every-15-seconds key is per person: each test starts without it."""
    cache.clear()


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (emails, checks) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
