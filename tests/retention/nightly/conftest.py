import sys

import pytest

from retention.schedule import BY_KEY
from tests.retention.nightly.fake_erasers import FakeErasers


@pytest.fixture
def fake_erasers(monkeypatch) -> FakeErasers:
    """``retention.erasers`` replaced by the in-memory fake for the test."""
    fake = FakeErasers(ERASABLE=set(BY_KEY))
    monkeypatch.setitem(sys.modules, "retention.erasers", fake)
    return fake
