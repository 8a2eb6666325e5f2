"""Every complaints page, at phone and desktop sizes, passes axe-core's serious and critical
checks (the journey covers the forms in use)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Concern
from complaints.services import close_with_outcome
from tests.complaints.factories import concern
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.e2e


def _visit(page, live_server, path, name):
    page.goto(live_server.url + path)
    screenshot(page, name)
    assert_accessible(page)


def _concerns(world):
    late = concern(world, subject="Late reply", received_at=timezone.now() - timedelta(days=30))
    closed = concern(world, subject="Closed one")
    close_with_outcome(world.users["manager"], closed, outcome="Sorted.", notified_via="email")
    concern(world, kind=Concern.Kind.SUGGESTION, subject="Herbs", persona=None,
            is_anonymous=True, child=None, shared_with_staff_at=timezone.now())
    return late, closed


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_managers_pages(page, live_server, world, sign_in, viewport):
    late, closed = _concerns(world)
    size = "phone" if viewport == PHONE else "desktop"
    sign_in(world.users["manager"])
    for path, name in [
        (reverse("home"), "home"),
        (reverse("complaints-list") + "?status=all", "list"),
        (late.get_absolute_url(), "detail-overdue"),
        (closed.get_absolute_url(), "detail-closed"),
        (reverse("complaints-close", args=[late.uuid]), "close"),
        (reverse("complaints-raise"), "log"),
        (reverse("complaints-record") + "?include=all&date_from=2000-01-01"
         "&date_to=2100-01-01", "record"),
    ]:
        _visit(page, live_server, path, f"complaints-manager-{name}-{size}")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_families_and_staff_pages(page, live_server, world, sign_in):
    late, closed = _concerns(world)
    sign_in(world.users["parent"])
    for path, name in [(reverse("home"), "home"), (reverse("complaints-list"), "list"),
                       (late.get_absolute_url(), "detail")]:
        _visit(page, live_server, path, f"complaints-family-{name}")
