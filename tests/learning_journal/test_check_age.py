"""The progress check at two is offered for children aged 24 to 36 months (eyfs.md); outside
that age Kim may still start it, with a reason that is kept on the check."""

from datetime import timedelta

import pytest
from django.urls import reverse

from learning_journal.checks import add_months, is_check_age
from learning_journal.models import ProgressCheck
from preschool.models import AuditEvent
from tests.learning_journal.factories import make_two

START_BUTTON = "Start the progress check at two"


def _journal(world) -> str:
    return world.client_for("key_person").get(
        reverse("journal-child", args=[world.child.uuid])).content.decode()


def _start(world, **data):
    return world.client_for("key_person").post(
        reverse("journal-check-start", args=[world.child.uuid]), data, follow=True)


def test_it_is_not_offered_at_three_years_two_months_without_a_reason(world):
    make_two(world.child, 38)
    page = _journal(world)
    assert START_BUTTON not in page
    assert "Start it anyway, with a reason" in page and "3 yr 2 mo" in page
    response = _start(world)
    assert "To do it now, say why" in response.content.decode()
    assert not ProgressCheck.objects.exists()
    _start(world, outside_age_reason="Joined us at 37 months; no check from the last setting.")
    check = ProgressCheck.objects.get()
    assert check.outside_age_reason.startswith("Joined us at 37 months")
    event = AuditEvent.objects.get(action="progress_check.started")
    assert event.changes["outside_age_reason"] == check.outside_age_reason
    page = world.client_for("manager").get(reverse("journal-check", args=[check.uuid]))
    assert "Started outside 24 to 36 months: Joined us" in page.content.decode()


def test_it_is_offered_in_the_window_and_needs_no_reason(world):
    make_two(world.child, 26)
    page = _journal(world)
    assert START_BUTTON in page and "Start it anyway" not in page
    _start(world, outside_age_reason="Ignored: she is the right age")
    assert ProgressCheck.objects.get().outside_age_reason == ""


def test_html_in_the_reason_is_refused_and_nothing_started(world):
    make_two(world.child, 20)
    response = _start(world, outside_age_reason="<script>x</script>")
    assert response.status_code == 200
    assert not ProgressCheck.objects.exists()


@pytest.mark.parametrize(("months", "days", "due"), [
    (24, 0, True),     # the second birthday
    (24, -1, False),   # the day before
    (35, 27, True),
    (36, 0, False),    # the third birthday
])
def test_the_window_is_24_to_36_months(world, months, days, due):
    from django.utils import timezone

    today = timezone.localdate()
    world.child.date_of_birth = add_months(today, -months) - timedelta(days=days)
    assert is_check_age(world.child, today) is due
