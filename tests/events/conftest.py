import pytest


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (the emails) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_folder(media_root):
    """Posts' photos go to the test's own folder."""
