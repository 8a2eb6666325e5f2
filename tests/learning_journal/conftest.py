import pytest

from learning_journal.eyfs import ensure_framework


@pytest.fixture(autouse=True)
def framework(request):
    """The EYFS framework rows (a transactional test elsewhere may have flushed them)."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    ensure_framework()


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (emails, PDFs) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
