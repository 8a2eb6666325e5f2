"""The month to answer (UK GDPR Art. 12(3)): counted in calendar months from receipt, to the
last day of a shorter month; extended by up to two months, with a reason, within the first
month only."""

from datetime import date, datetime, time
from unittest import mock

import pytest
from django.utils import timezone

from notifications.models import Notification
from preschool.models import AuditEvent
from preschool.services import ServiceError
from subject_access import services
from subject_access.constants import MAX_EXTENSION_MONTHS, RESPONSE_MONTHS
from subject_access.models import SubjectAccessRequest, add_months
from tests.subject_access.factories import sar


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def test_the_numbers_are_the_law():
    assert RESPONSE_MONTHS == 1 and MAX_EXTENSION_MONTHS == 2


@pytest.mark.parametrize(("received", "due"), [
    (date(2027, 1, 31), date(2027, 2, 28)),   # to the end of a shorter month
    (date(2028, 1, 31), date(2028, 2, 29)),   # a leap year
    (date(2028, 1, 29), date(2028, 2, 29)),
    (date(2027, 3, 31), date(2027, 4, 30)),
    (date(2027, 2, 28), date(2027, 3, 28)),
    (date(2027, 12, 15), date(2028, 1, 15)),  # across the new year
    (date(2027, 7, 22), date(2027, 8, 22)),   # the summer holidays do not pause it
])
def test_it_is_due_one_calendar_month_after_it_was_received(received, due):
    assert SubjectAccessRequest.due_date_for(_at(received)) == due


def test_it_counts_from_the_local_day_it_was_received():
    # 23:30 on 31 January in London is still 31 January (and UTC agrees in winter), but
    # 00:30 on 1 July BST is 23:30 on 30 June UTC: the day is London's.
    late = timezone.make_aware(datetime(2027, 7, 1, 0, 30))
    assert SubjectAccessRequest.due_date_for(late) == date(2027, 8, 1)


def test_the_latest_extension_is_three_months_from_receipt(world):
    request = sar(world, received_at=_at(date(2027, 11, 30)))
    assert request.due_on == date(2027, 12, 30)
    assert request.latest_extension == date(2028, 2, 29)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def _on(day: date):
    return mock.patch("django.utils.timezone.now", return_value=_at(day, 12))


def test_a_manager_extends_by_two_months_with_a_reason_and_the_parent_is_told(world):
    request = sar(world, received_at=_at(date(2027, 1, 31)))
    with _on(date(2027, 2, 10)):
        services.extend(world.users["manager"], request, months=2,
                        reason="Three years of journal to go through.")
    request.refresh_from_db()
    assert request.extended_to == date(2027, 4, 28)  # 28 February + two months
    assert request.deadline == date(2027, 4, 28)
    assert request.extension_reason == "Three years of journal to go through."
    assert request.extension_told_at is not None
    assert AuditEvent.objects.filter(action="subject_access.extended",
                                     object_id=str(request.uuid)).count() == 1
    told = Notification.objects.get(recipient=world.users["parent"])
    assert "28 April 2027" in told.title


@pytest.mark.parametrize("months", [0, 3, -1])
def test_more_than_two_months_or_none_is_refused(world, months):
    request = sar(world, received_at=_at(date(2027, 1, 10)))
    with _on(date(2027, 1, 12)), pytest.raises(ServiceError):
        services.extend(world.users["manager"], request, months=months, reason="Complex.")
    request.refresh_from_db()
    assert request.extended_to is None


def test_an_extension_needs_a_reason(world):
    request = sar(world, received_at=_at(date(2027, 1, 10)))
    with _on(date(2027, 1, 12)), pytest.raises(ServiceError, match="why"):
        services.extend(world.users["manager"], request, months=1, reason="  ")
    request.refresh_from_db()
    assert request.extended_to is None and not AuditEvent.objects.filter(
        action="subject_access.extended").exists()


def test_an_extension_is_refused_once_the_first_month_has_passed(world):
    request = sar(world, received_at=_at(date(2027, 1, 10)))
    with _on(date(2027, 2, 10)):  # the last day of the month: still in time
        services.extend(world.users["manager"], request, months=1, reason="Complex.")
    other = sar(world, received_at=_at(date(2027, 1, 10)))
    with _on(date(2027, 2, 11)), pytest.raises(ServiceError, match="first month"):
        services.extend(world.users["manager"], other, months=1, reason="Complex.")
    other.refresh_from_db()
    assert other.extended_to is None


def test_an_answered_request_is_not_extended(world):
    request = sar(world, status=SubjectAccessRequest.Status.REFUSED)
    with pytest.raises(ServiceError):
        services.extend(world.users["manager"], request, months=1, reason="Complex.")


def test_overdue_is_past_the_deadline_and_not_answered(world):
    request = sar(world, received_at=_at(date(2027, 1, 10)))
    with _on(date(2027, 2, 10)):
        assert not request.is_overdue
        assert not SubjectAccessRequest.objects.overdue().exists()
    with _on(date(2027, 2, 11)):
        assert request.is_overdue
        assert list(SubjectAccessRequest.objects.overdue()) == [request]
    request.extended_to = date(2027, 3, 10)
    request.save()
    with _on(date(2027, 2, 11)):
        assert not request.is_overdue
        assert not SubjectAccessRequest.objects.overdue().exists()
