from collections.abc import Iterator

import pytest

from tests.push.push_service import PushService, start_push_service


@pytest.fixture
def push_service(settings) -> Iterator[PushService]:
    """A local push service, and the portal's settings (VAPID keys, allowed hosts) to push to
    it."""
    service, server = start_push_service()
    for name, value in service.settings().items():
        setattr(settings, name, value)
    yield service
    server.shutdown()
    server.server_close()
