import pytest

from learning_journal.eyfs import ensure_framework


@pytest.fixture(autouse=True)
def framework(request):
    """The EYFS framework rows the journal's observations name (a transactional test elsewhere
    may have flushed them)."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or "world" in names:
        request.getfixturevalue("db")
    else:
        return
    ensure_framework()
