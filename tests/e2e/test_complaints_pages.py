"""Every complaints page, at phone and desktop sizes, for the manager, a family and staff:
it answers, shows what that person may see (and not what they may not), and passes axe-core's
serious and critical checks (the journey covers the forms in use)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Concern
from complaints.services import close_with_outcome
from tests.complaints.factories import concern
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.e2e


def _visit(page, live_server, path, name, *, shows=(), hides=()):
    """Open ``path``: it must answer 200, show ``shows`` and not ``hides``, and be accessible."""
    response = page.goto(live_server.url + path)
    assert response is not None, path
    assert response.status == 200, f"{path}: {response.status}"
    text = page.locator("body").inner_text()
    for wanted in shows:
        assert wanted in text, f"{path} should show {wanted!r}"
    for unwanted in hides:
        assert unwanted not in text, f"{path} should not show {unwanted!r}"
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


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_families_pages(page, live_server, world, sign_in, viewport):
    late, closed = _concerns(world)
    size = "phone" if viewport == PHONE else "desktop"
    sign_in(world.users["parent"])
    for path, name, shows, hides in [
        (reverse("home"), "home", (), ()),
        # Pat's own concerns; not the anonymous suggestion shared with staff.
        (reverse("complaints-list"), "list", ("Late reply", "Closed one"), ("Herbs",)),
        (late.get_absolute_url(), "detail", ("Late reply",), ()),
        (reverse("complaints-raise"), "raise", (), ()),
    ]:
        _visit(page, live_server, path, f"complaints-family-{name}-{size}", shows=shows,
               hides=hides)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_staff_pages(page, live_server, world, sign_in, viewport):
    late, closed = _concerns(world)
    shared = Concern.objects.get(subject="Herbs")
    size = "phone" if viewport == PHONE else "desktop"
    sign_in(world.users["practitioner"])
    for path, name, shows, hides in [
        (reverse("home"), "home", (), ()),
        # What the manager shared with staff; not the families' complaints.
        (reverse("complaints-list"), "list", ("Herbs",), ("Late reply", "Closed one")),
        (shared.get_absolute_url(), "detail", ("Herbs",), ()),
        (reverse("complaints-raise"), "raise", (), ()),
    ]:
        _visit(page, live_server, path, f"complaints-staff-{name}-{size}", shows=shows,
               hides=hides)
