"""Families tell the setting in advance when a child will be away; staff see it on the
register; a past date is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance import services
from attendance.models import Absence, RegularSession
from families.models import ChildAdult
from preschool.services import ServiceError
from tests.attendance.factories import RecordFactory, all_day


def _report(client, child, **data):
    day = timezone.localdate() + timedelta(days=1)
    form = {"first_day": day.isoformat(), "reason": "illness", "details": "Chickenpox",
            **data}
    return client.post(reverse("attendance-absence-new", args=[child.uuid]), form)


def test_a_parent_reports_an_absence(world):
    response = _report(world.client_for("parent"), world.child)
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert absence.first_day == absence.last_day == timezone.localdate() + timedelta(days=1)
    assert absence.reported_by == world.users["parent"] and absence.details == "Chickenpox"
    page = world.client_for("parent").get(reverse("attendance-child", args=[world.child.uuid]))
    assert "Chickenpox" in page.content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"first_day": (timezone.localdate() - timedelta(days=1)).isoformat()},
     "today or a day to come"),
    ({"last_day": timezone.localdate().isoformat()}, "cannot be before the first"),
    ({"reason": ""}, "Choose a reason"),
    ({"first_day": "not a date"}, "Enter a date"),
])
def test_bad_input_is_refused_and_nothing_is_saved(world, data, message):
    response = _report(world.client_for("parent"), world.child, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Absence.objects.exists()


def test_the_service_refuses_a_past_date_too(world):
    with pytest.raises(ServiceError, match="today or a day to come"):
        services.report_absence(world.users["parent"], world.child,
                                first_day=timezone.localdate() - timedelta(days=3),
                                last_day=None, reason="illness")


def test_a_child_already_here_today_cannot_be_reported_away_today(world):
    RecordFactory(child=world.child, session=all_day(world))
    response = _report(world.client_for("parent"), world.child,
                       first_day=timezone.localdate().isoformat())
    assert "has been signed in today" in response.content.decode()
    assert not Absence.objects.exists()


def test_an_absence_is_withdrawn_not_deleted(world):
    _report(world.client_for("parent"), world.child)
    absence = Absence.objects.get()
    response = world.client_for("parent").post(
        reverse("attendance-absence-withdraw", args=[absence.uuid]))
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.withdrawn_at is not None and absence.withdrawn_by == world.users["parent"]


def test_a_carer_without_parental_responsibility_may_not_report(world):
    ChildAdult.objects.filter(user=world.users["carer_no_info"]).update(
        may_receive_information=True)
    assert _report(world.client_for("carer_no_info"), world.child).status_code == 403
    assert _report(world.client_for("other_parent"), world.child).status_code == 404
    assert not Absence.objects.exists()


def test_staff_record_an_absence_after_a_phone_call(world):
    response = _report(world.client_for("practitioner"), world.child,
                       first_day=timezone.localdate().isoformat())
    assert response.status_code == 302
    assert Absence.objects.get().reported_by == world.users["practitioner"]


class TestRegularSessions:
    def test_staff_add_and_end_a_regular_session(self, world):
        session = all_day(world)
        client = world.client_for("key_person")
        response = client.post(reverse("attendance-regular-new", args=[world.child.uuid]),
                               {"weekday": "2", "session": session.uuid})
        assert response.status_code == 302
        regular = RegularSession.objects.get()
        assert regular.weekday == 2 and regular.session == session
        response = client.post(reverse("attendance-regular-new", args=[world.child.uuid]),
                               {"weekday": "2", "session": session.uuid})
        assert "already comes to that session" in response.content.decode()
        client.post(reverse("attendance-regular-end", args=[world.child.uuid, regular.uuid]))
        regular.refresh_from_db()
        assert regular.ended_on == timezone.localdate() - timedelta(days=1)
        assert not RegularSession.objects.on(timezone.localdate()).filter(
            child=world.child).exists()
