"""Managers set the sessions, the timings and the non-collection procedure."""

from django.urls import reverse

from attendance.models import AttendanceSettings, RegularSession, Session
from tests.attendance.factories import all_day


def test_the_usual_sessions_are_added_in_one_go(world):
    response = world.client_for("manager").post(reverse("attendance-session-usual"))
    assert response.status_code == 302
    assert list(Session.objects.values_list("name", flat=True)) == [
        "Morning", "Full day", "Afternoon"]
    response = world.client_for("manager").post(reverse("attendance-session-usual"))
    assert Session.objects.count() == 3


def test_a_session_must_end_after_it_starts_and_have_a_new_name(world):
    client = world.client_for("manager")
    url = reverse("attendance-session-new")
    response = client.post(url, {"name": "Lunch", "starts_at": "13:00", "ends_at": "12:00"})
    assert "must end after it starts" in response.content.decode()
    all_day(world, "Lunch")
    response = client.post(url, {"name": "lunch", "starts_at": "12:00", "ends_at": "13:00"})
    assert "already a session called" in response.content.decode()
    assert Session.objects.count() == 1


def test_retiring_a_session_ends_the_regular_sessions_using_it(world):
    session = all_day(world)
    RegularSession.objects.create(setting=world.setting_a, child=world.child, session=session,
                                  weekday=0, added_by=world.users["manager"])
    world.client_for("manager").post(reverse("attendance-session-retire", args=[session.uuid]))
    session.refresh_from_db()
    assert not session.is_active
    assert not RegularSession.objects.current().exists()


def test_the_timings_and_procedure_are_saved(world):
    response = world.client_for("manager").post(reverse("attendance-settings"), {
        "arrival_grace_minutes": "20", "late_alert_minutes": "10",
        "non_collection_procedure": "Call the manager."})
    assert response.status_code == 302
    saved = AttendanceSettings.objects.get(setting=world.setting_a)
    assert (saved.arrival_grace_minutes, saved.late_alert_minutes) == (20, 10)
    response = world.client_for("manager").post(reverse("attendance-settings"), {
        "arrival_grace_minutes": "-5", "late_alert_minutes": "10",
        "non_collection_procedure": ""})
    assert response.status_code == 200
    saved.refresh_from_db()
    assert saved.arrival_grace_minutes == 20
