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
    from messaging.demo import bulk_conversations

    bulk_conversations(setting, room, key_person, parent, n)
