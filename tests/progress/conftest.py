import pytest

from learning_journal.eyfs import ensure_framework
from progress.frameworks import ensure_frameworks


@pytest.fixture(autouse=True)
def frameworks(request):
    """The EYFS areas and the progress frameworks (a transactional test elsewhere may have
    flushed them)."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        return
    ensure_framework()
    ensure_frameworks()
