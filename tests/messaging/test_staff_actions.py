"""What staff do with a message: withdraw their own (within 8 days), flag one to the
designated safeguarding lead; their working hours, and what a family writing outside them is
told."""

from datetime import time, timedelta

import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from messaging import services
from messaging.models import Message
from notifications.models import Category, Notification
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.messaging.factories import message, reply


def test_it_withdraws_a_staff_message_and_keeps_its_words(world):
    conversation = message(world).conversation
    sent = reply(world, conversation, text="Sorry, wrong family.")
    response = world.client_for("key_person").post(reverse("messaging-withdraw",
                                                           args=[sent.uuid]))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.is_withdrawn and sent.text == "Sorry, wrong family."
    family = world.client_for("parent").get(conversation.get_absolute_url()).content.decode()
    assert "Message withdrawn" in family and "Sorry, wrong family." not in family
    staff = world.client_for("manager").get(conversation.get_absolute_url()).content.decode()
    assert "Sorry, wrong family." in staff and "Withdrawn" in staff
    assert AuditEvent.objects.filter(action="message.withdrawn",
                                     changes__message=str(sent.uuid)).exists()


def test_it_withdraws_no_message_older_than_eight_days(world):
    sent = reply(world, message(world).conversation)
    sent.created_at = timezone.now() - timedelta(days=8, minutes=1)
    assert not sent.can_be_withdrawn_by(world.users["key_person"])
    sent.created_at = timezone.now() - timedelta(days=7, hours=23)
    assert sent.can_be_withdrawn_by(world.users["key_person"])


def test_a_family_cannot_withdraw_its_message(world):
    sent = message(world)
    assert world.client_for("parent").post(
        reverse("messaging-withdraw", args=[sent.uuid])).status_code == 403
    with pytest.raises(ServiceError):
        services.withdraw(world.users["parent"], sent)
    sent.refresh_from_db()
    assert not sent.is_withdrawn


def test_it_flags_a_message_to_the_safeguarding_lead(world):
    lead = world.memberships["practitioner"]
    lead.is_safeguarding_lead = True
    lead.save()
    sent = message(world, text="Something worrying happened at home.")
    response = world.client_for("key_person").post(reverse("messaging-flag", args=[sent.uuid]))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.is_flagged and sent.flagged_by == world.users["key_person"]
    told = Notification.objects.get(category=Category.SAFEGUARDING)
    assert told.recipient == world.users["practitioner"] and told.urgent
    assert AuditEvent.objects.filter(action="message.flagged").exists()
    # The lead, who is no key person in Ava's room, may now read the conversation.
    assert world.client_for("practitioner").get(
        sent.conversation.get_absolute_url()).status_code == 200


def test_it_tells_the_managers_when_no_lead_is_named(world):
    sent = message(world)
    services.flag(world.users["key_person"], sent)
    assert list(Notification.objects.filter(category=Category.SAFEGUARDING)
                .values_list("recipient", flat=True)) == [world.users["manager"].pk]


def test_a_flagged_message_is_never_withdrawn(world):
    sent = reply(world, message(world).conversation)
    services.flag(world.users["manager"], sent)
    response = world.client_for("key_person").post(reverse("messaging-withdraw",
                                                           args=[sent.uuid]))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert not sent.is_withdrawn
    # Nor by going round the portal: the database refuses it.
    with pytest.raises(DatabaseError), transaction.atomic():
        Message.objects.filter(pk=sent.pk).update(withdrawn_at=timezone.now())


def test_the_database_keeps_messages(world):
    sent = message(world)
    with pytest.raises(DatabaseError), transaction.atomic():
        Message.objects.filter(pk=sent.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Message.objects.filter(pk=sent.pk).update(text="Rewritten")


def test_a_family_writing_out_of_hours_is_told_when_to_expect_a_reply(world):
    kim = world.memberships["key_person"]
    kim.working_days, kim.works_from, kim.works_until = "0", time(9, 0), time(9, 1)
    kim.out_of_office = "On a course until Monday."
    kim.out_of_office_until = timezone.localdate()
    kim.save()
    response = world.client_for("parent").post(reverse("messaging-new"), {
        "child": str(world.child.uuid), "audience": "key_person", "text": "Hello"}, follow=True)
    page = response.content.decode()
    assert "Expect a reply from Monday" in page and "at 9:00" in page
    assert "On a course until Monday." in page


def test_a_family_writing_in_hours_is_told_nothing_more(world):
    kim = world.memberships["key_person"]
    kim.working_days, kim.works_from, kim.works_until = "0123456", time(0, 0), time(23, 59, 59)
    kim.save()
    response = world.client_for("parent").post(reverse("messaging-new"), {
        "child": str(world.child.uuid), "audience": "key_person", "text": "Hello"}, follow=True)
    assert "Expect a reply" not in response.content.decode()


def test_staff_set_their_own_working_hours(world):
    client = world.client_for("key_person")
    response = client.post(reverse("messaging-availability"), {
        "working_days": ["0", "2"], "works_from": "09:00", "works_until": "15:30",
        "out_of_office": "Back on Monday.", "out_of_office_until": ""})
    assert response.status_code == 302
    kim = world.memberships["key_person"]
    kim.refresh_from_db()
    assert (kim.working_days, kim.works_from, kim.works_until) == ("02", time(9), time(15, 30))
    assert AuditEvent.objects.filter(action="membership.availability_changed").exists()


def test_working_hours_end_after_they_start(world):
    response = world.client_for("key_person").post(reverse("messaging-availability"), {
        "working_days": ["0"], "works_from": "15:00", "works_until": "09:00"})
    assert response.status_code == 200
    assert "must come after its start" in response.content.decode()


def test_the_manager_names_the_safeguarding_lead(world):
    membership = world.memberships["practitioner"]
    response = world.client_for("manager").post(
        reverse("people-membership-edit", args=[membership.uuid]),
        {"role": "practitioner", "job_title": "", "is_safeguarding_lead": "on"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_safeguarding_lead
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.changes["is_safeguarding_lead"] == [False, True]


def test_it_polls_for_new_messages(world):
    conversation = message(world).conversation
    first = conversation.messages.get()
    url = reverse("messaging-poll", args=[conversation.uuid])
    client = world.client_for("parent")
    quiet = client.get(url, {"after": first.created_at.isoformat()})
    assert quiet.status_code == 200 and 'id="poller"' in quiet.content.decode()
    assert "Thank you" not in quiet.content.decode()
    reply(world, conversation, text="Thank you, noted.")
    fresh = client.get(url, {"after": first.created_at.isoformat()}).content.decode()
    assert "Thank you, noted." in fresh and 'hx-swap-oob="beforeend:#thread"' in fresh
    assert client.get(url, {"after": "yesterday"}).status_code == 400
