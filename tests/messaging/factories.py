"""Conversations for the messaging tests (and the authorization matrix)."""

from django.core.files.base import ContentFile

from messaging import services
from messaging.models import Conversation, Message

Audience = Conversation.Audience


def message(world, *, persona="parent", audience=Audience.KEY_PERSON, child=None,
            text="Ava didn't sleep well last night.", upload=None) -> Message:
    """A message from ``persona`` about Ava (or ``child``), in the conversation of that
    audience, started if need be."""
    return services.start(world.users[persona], world.setting_a, audience=audience,
                          child=child or world.child, text=text, upload=upload)


def reply(world, conversation, *, persona="key_person", text="Thank you for telling us.",
          upload=None) -> Message:
    conversation.setting = world.setting_a
    return services.send(world.users[persona], conversation, text=text, upload=upload)


def pdf(name="letter.pdf") -> ContentFile:
    return ContentFile(b"%PDF-1.4\n% a test document\n", name=name)


def add_conversations(setting, room, key_person, parent, n: int) -> None:
    """``n`` children of ``room``, each with ``key_person`` (a membership) as key person,
    ``parent`` (a user) linked to them, and a conversation of two messages (the parent's,
    then the key person's reply, read by neither side since): in a few bulk queries."""
    from datetime import timedelta

    from django.utils import timezone

    from families.models import Child, ChildAdult
    from keyperson.models import Assignment
    from messaging.models import ReadMarker

    now = timezone.now()
    start = len(Child.objects.filter(setting=setting))
    children = Child.objects.bulk_create(
        Child(setting=setting, room=room, first_name=f"Child{start + i}", last_name="Bulk",
              date_of_birth=now.date().replace(year=now.year - 3, day=1)) for i in range(n))
    ChildAdult.objects.bulk_create(
        ChildAdult(child=c, user=parent, name=parent.full_name, relationship="Mother",
                   has_parental_responsibility=True, may_receive_information=True)
        for c in children)
    Assignment.objects.bulk_create(
        Assignment(setting=setting, child=c, staff=key_person, kind=Assignment.Kind.KEY,
                   assigned_by=parent) for c in children)
    conversations = Conversation.objects.bulk_create(
        Conversation(setting=setting, child=c, audience=Audience.KEY_PERSON, started_by=parent,
                     created_at=now - timedelta(minutes=i), last_message_at=now
                     - timedelta(minutes=i)) for i, c in enumerate(children))
    messages = Message.objects.bulk_create(
        Message(conversation=conv, sender=sender, from_staff=staff, text=text,
                created_at=conv.last_message_at - timedelta(seconds=seconds))
        for conv in conversations
        for sender, staff, text, seconds in [(parent, False, "Is the trip still on?", 60),
                                             (key_person.user, True, "Yes it is.", 0)])
    for conv, last in zip(conversations, messages[1::2], strict=True):
        conv.last_message = last
    Conversation.objects.bulk_update(conversations, ["last_message"])
    ReadMarker.objects.bulk_create(
        ReadMarker(conversation=conv, user=parent, last_read_at=conv.created_at
                   - timedelta(hours=1)) for conv in conversations[::2])
