"""Messages in a subject access bundle: the family's conversations, never the staff room's."""

from django.utils import timezone

from messaging.models import Conversation, Message
from subject_access.collect import messaging
from tests.messaging.factories import message, pdf, reply
from tests.subject_access.conftest import as_text, records_of

Audience = Conversation.Audience


def _fill(world, n=1):
    first = message(world)
    conversation = first.conversation
    for i in range(n):
        reply(world, conversation, text=f"Thanks {i}", upload=pdf())
        withdrawn = reply(world, conversation, text="WITHDRAWN-WORDS")
        Message.objects.filter(pk=withdrawn.pk).update(withdrawn_at=timezone.now())
    flagged = reply(world, conversation, text="Bruise on arm?")
    Message.objects.filter(pk=flagged.pk).update(flagged_at=timezone.now(),
                                                 flagged_by=world.users["key_person"])
    message(world, audience=Audience.MANAGER, text="About fees")
    room = Conversation.objects.create(setting=world.setting_a, room=world.room,
                                       audience=Audience.ROOM_STAFF,
                                       started_by=world.users["key_person"])
    Message.objects.create(conversation=room, sender=world.users["key_person"],
                           from_staff=True, text="ROOM-STAFF: watch Ava at lunch")
    message(world, persona="other_parent", child=world.other_child, text="OTTO-MESSAGE")


def test_it_gives_the_familys_conversations_with_their_files(world, collect):
    _fill(world)
    part = collect(messaging.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=8)
    conversations = records_of(part, "conversation")
    assert {c["audience"] for c in conversations} == {"key_person", "manager"}
    key = next(c for c in conversations if c["audience"] == "key_person")
    texts = [m.get("text") for m in key["messages"]]
    assert texts[:2] == ["Ava didn't sleep well last night.", "Thanks 0"]
    assert key["messages"][0]["sender"] == "Pat Parent"
    assert key["messages"][1]["file"] == part.files[0].path
    assert part.files[0].path.endswith(".pdf")
    text = as_text(part)
    for word in ("WITHDRAWN-WORDS", "ROOM-STAFF", "OTTO-MESSAGE", "flagged"):
        assert word not in text
    assert len(part.withheld) == 1


def test_it_reads_a_fixed_number_of_queries(world, collect):
    _fill(world, n=4)
    part = collect(messaging.for_child, world.child, None, setting=world.setting_a, queries=8)
    assert len(part.files) == 4


def test_it_gives_an_adult_the_messages_they_sent(world, collect):
    _fill(world)
    part = collect(messaging.for_adult, world.users["parent"], world.setting_a,
                   setting=world.setting_a, queries=2)
    assert [r["text"] for r in records_of(part, "message_sent")] == [
        "Ava didn't sleep well last night.", "About fees"]
    staff = collect(messaging.for_adult, world.users["key_person"], world.setting_a,
                    setting=world.setting_a, queries=2)
    assert staff.records == []
