import pytest


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """``with sent(): ...`` runs what the block queued on commit (the emails) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def recently_reauthenticated(client, user):
    """Mark the client's session as if ``user`` had just given their password again (what
    allauth's reauthentication page records), for the views that export records."""
    import time

    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client
