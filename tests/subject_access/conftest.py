import pytest

from tests.complaints.conftest import recently_reauthenticated  # noqa: F401  (re-exported)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (emails, tasks) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
