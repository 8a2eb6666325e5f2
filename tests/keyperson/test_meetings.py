"""A family asks to meet the key person, offering two or three times; the key person accepts
one or suggests another; both sides see the outcome and can add it to their calendar."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from keyperson.forms import DATETIME_FORMAT
from keyperson.models import Assignment, MeetingRequest
from keyperson.services import answer_meeting, request_meeting
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.keyperson.factories import ava_meeting, in_days


def _local(moment) -> str:
    return timezone.localtime(moment).strftime(DATETIME_FORMAT)


def _request_url(world, child=None):
    return reverse("keyperson-meeting-request", args=[(child or world.child).uuid])


def _form(**changes):
    return {"topic": "Ava's sleep", "details": "She is tired after sessions.",
            "option_1": _local(in_days(2, 7, 45)), "option_2": _local(in_days(3, 19, 0)),
            "option_3": "", **changes}


def test_a_parent_asks_for_a_meeting_and_the_key_person_is_emailed(world, sent):
    with sent():
        response = world.client_for("parent").post(_request_url(world), _form())
    meeting = MeetingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("keyperson-meeting", args=[meeting.uuid])
    assert meeting.staff == world.memberships["key_person"]
    assert meeting.status == MeetingRequest.Status.REQUESTED
    # Times outside session hours (07:45, 19:00) are fine.
    assert [timezone.localtime(o).hour for o in meeting.options] == [7, 19]
    assert AuditEvent.objects.filter(action="meeting.requested").count() == 1
    [email] = mail.outbox
    assert email.to == [world.users["key_person"].email]
    assert "Pat Parent would like to meet about Ava" in email.subject
    assert reverse("keyperson-meeting", args=[meeting.uuid]) in email.body


@pytest.mark.parametrize(("changes", "message"), [
    ({"option_1": _local(timezone.now() - timedelta(hours=1))}, "has already passed"),
    ({"option_2": ""}, "This field is required"),
    ({"option_2": "next tuesday"}, "Enter a valid date/time"),
    ({"topic": "x" * 151}, "at most 150 characters"),
    ({"topic": ""}, "This field is required"),
    ({"details": "x" * 2001}, "at most 2000 characters"),
    ({"option_2": _local(in_days(2, 7, 45))}, "Offer different times"),
])
def test_a_bad_request_is_refused_and_nothing_is_sent(world, changes, message, sent):
    with sent():
        response = world.client_for("parent").post(_request_url(world), _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MeetingRequest.objects.exists()
    assert not mail.outbox


def test_a_child_without_a_key_person_cannot_have_a_meeting_request(world):
    response = world.client_for("other_parent").post(_request_url(world, world.other_child),
                                                     _form())
    assert response.status_code == 200
    assert "does not have a key person yet" in response.content.decode()
    assert not MeetingRequest.objects.exists()


def test_staff_cannot_ask_for_a_meeting_and_other_families_cannot_see_the_child(world):
    assert world.client_for("key_person").post(_request_url(world), _form()).status_code == 403
    assert world.client_for("other_parent").post(_request_url(world), _form()).status_code == 404
    assert world.client_for("carer_no_info").get(_request_url(world)).status_code == 404
    assert world.client_for("other_setting").get(_request_url(world)).status_code == 404
    assert not MeetingRequest.objects.exists()


def test_the_service_needs_two_or_three_different_future_times(world):
    parent = world.users["parent"]
    with pytest.raises(ServiceError, match="two or three"):
        request_meeting(parent, world.child, topic="x", details="", options=[in_days(1)])
    with pytest.raises(ServiceError, match="already passed"):
        request_meeting(parent, world.child, topic="x", details="",
                        options=[in_days(-1), in_days(2)])


# --- The key person answers -------------------------------------------------------------------

def _answer_url(meeting):
    return reverse("keyperson-meeting-answer", args=[meeting.uuid])


def test_the_key_person_accepts_a_time_and_the_family_sees_it(world, sent):
    meeting = ava_meeting(world)
    with sent():
        response = world.client_for("key_person").post(_answer_url(meeting), {
            "choice": "2", "reply": "See you then!"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.ACCEPTED
    assert meeting.scheduled_at == meeting.option_2
    assert meeting.replied_by == world.users["key_person"]
    assert AuditEvent.objects.filter(action="meeting.accepted").count() == 1
    [email] = mail.outbox
    assert email.to == [world.users["parent"].email]
    assert "is agreed" in email.subject
    page = world.client_for("parent").get(reverse("keyperson-meeting", args=[meeting.uuid]))
    text = page.content.decode()
    assert "Agreed" in text and "See you then!" in text
    assert reverse("keyperson-meeting-ics", args=[meeting.uuid]) in text


def test_the_key_person_suggests_another_time_and_the_family_agrees(world, sent):
    meeting = ava_meeting(world)
    new_time = in_days(5, 16, 15)
    with sent():
        world.client_for("key_person").post(_answer_url(meeting), {
            "choice": "other", "proposed_at": _local(new_time)})
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.PROPOSED
    assert meeting.scheduled_at == new_time
    assert "suggested another time" in mail.outbox[0].subject
    page = world.client_for("parent").get(reverse("keyperson-meeting", args=[meeting.uuid]))
    assert "That time suits me" in page.content.decode()
    response = world.client_for("parent").post(
        reverse("keyperson-meeting-agree", args=[meeting.uuid]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.ACCEPTED
    assert AuditEvent.objects.filter(action="meeting.agreed").count() == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"choice": "other", "proposed_at": ""}, "Choose the time you would like to suggest"),
    ({"choice": "other", "proposed_at": "yesterday"}, "Enter a valid date/time"),
    ({"choice": "4"}, "Select a valid choice"),
    ({"choice": "1", "reply": "x" * 1001}, "at most 1000 characters"),
])
def test_a_bad_answer_is_refused(world, data, message):
    meeting = ava_meeting(world)
    response = world.client_for("key_person").post(_answer_url(meeting), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.REQUESTED


def test_suggesting_a_time_in_the_past_is_refused(world):
    meeting = ava_meeting(world)
    response = world.client_for("key_person").post(_answer_url(meeting), {
        "choice": "other", "proposed_at": _local(timezone.now() - timedelta(days=1))})
    assert "has already passed" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.REQUESTED


def test_an_offered_time_that_has_passed_cannot_be_accepted(world):
    meeting = ava_meeting(world, option_1=timezone.now() - timedelta(hours=2))
    with pytest.raises(ServiceError, match="already passed"):
        answer_meeting(world.users["key_person"], meeting, choice="1")


def test_a_request_is_answered_once(world):
    meeting = ava_meeting(world)
    answer_meeting(world.users["key_person"], meeting, choice="1")
    with pytest.raises(ServiceError, match="already been answered"):
        answer_meeting(world.users["manager"], meeting, choice="2")


def test_the_backup_can_answer_but_the_family_cannot(world):
    from tests.keyperson.factories import AssignmentFactory

    meeting = ava_meeting(world)
    assert world.client_for("parent").post(_answer_url(meeting), {"choice": "1"}).status_code \
        == 403
    AssignmentFactory(child=world.child, staff=world.memberships["practitioner"],
                      kind=Assignment.Kind.BACKUP, assigned_by=world.users["manager"])
    response = world.client_for("practitioner").post(_answer_url(meeting), {"choice": "1"})
    assert response.status_code == 302


def test_other_practitioners_and_families_do_not_see_the_request(world):
    meeting = ava_meeting(world)
    url = reverse("keyperson-meeting", args=[meeting.uuid])
    for persona in ("practitioner", "other_parent", "carer_no_info", "other_setting"):
        assert world.client_for(persona).get(url).status_code == 404, persona
    assert "Ava" not in world.client_for("other_parent").get(
        reverse("keyperson-meetings")).content.decode()


def test_the_meetings_page_lists_requests_for_each_side(world):
    ava_meeting(world, topic="Potty training")
    assert "Potty training" in world.client_for("key_person").get(
        reverse("keyperson-meetings")).content.decode()
    assert "Potty training" in world.client_for("parent").get(
        reverse("keyperson-meetings")).content.decode()
    assert "Potty training" not in world.client_for("practitioner").get(
        reverse("keyperson-meetings")).content.decode()


def test_either_side_can_cancel(world):
    meeting = ava_meeting(world)
    response = world.client_for("parent").post(
        reverse("keyperson-meeting-cancel", args=[meeting.uuid]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingRequest.Status.CANCELLED
    assert meeting.cancelled_by == world.users["parent"]
    assert AuditEvent.objects.filter(action="meeting.cancelled").count() == 1


@pytest.mark.parametrize("name", ["keyperson-meeting-answer", "keyperson-meeting-agree",
                                  "keyperson-meeting-cancel"])
def test_actions_refuse_get(world, name):
    meeting = ava_meeting(world)
    assert world.client_for("key_person").get(reverse(name, args=[meeting.uuid])).status_code \
        == 405


# --- The calendar file ------------------------------------------------------------------------

def test_an_agreed_meeting_has_a_calendar_file(world):
    meeting = ava_meeting(world)
    answer_meeting(world.users["key_person"], meeting, choice="1")
    response = world.client_for("parent").get(
        reverse("keyperson-meeting-ics", args=[meeting.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="meeting-')
    calendar = Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == meeting.option_1
    assert event.decoded("dtend") == meeting.option_1 + timedelta(minutes=30)
    assert str(event["summary"]) == "Meeting about Ava with Kim Keyperson"
    assert str(event["uid"]) == f"meeting-{meeting.uuid}@testserver"
    assert "Acorn Test Pre-school" in str(event["location"])
    assert "How Ava is settling in" in str(event["description"])


def test_a_meeting_not_yet_agreed_has_no_calendar_file(world):
    meeting = ava_meeting(world)
    response = world.client_for("parent").get(
        reverse("keyperson-meeting-ics", args=[meeting.uuid]))
    assert response.status_code == 404
