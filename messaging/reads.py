"""What the message pages read, in a fixed number of queries however many conversations or
messages there are."""

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from keyperson.models import Assignment
from messaging.models import Conversation, Message, ReadMarker

# The newest messages a conversation's page shows; older ones are behind a link.
THREAD_LENGTH = 100


def _read_up_to(user, conversation_ref: str = "pk", moment_ref: str = "last_message_at"):
    return ReadMarker.objects.filter(conversation=OuterRef(conversation_ref), user=user,
                                     last_read_at__gte=OuterRef(moment_ref))


def unread_conversations(conversations, user):
    """Of ``conversations``, those whose newest message is someone else's and unread."""
    return (conversations.filter(last_message__isnull=False)
            .exclude(last_message__sender=user)
            .exclude(Exists(_read_up_to(user))))


def unread_total(user, setting) -> int:
    """How many of the person's conversations have a message they have not read (the
    navigation's count): one query. A manager may read every conversation of the setting,
    but is counted only those written to the manager, the staff's own, and those they have
    opened or written in: the rest are between a family and the key person."""
    from messaging.permissions import visible_conversations
    from preschool.permissions import membership_in

    conversations = visible_conversations(user, setting)
    membership = membership_in(user, setting)
    if membership is not None and membership.can_manage_setting:
        conversations = conversations.filter(
            Q(audience__in=[Conversation.Audience.MANAGER, Conversation.Audience.ROOM_STAFF])
            | Exists(ReadMarker.objects.filter(conversation=OuterRef("pk"), user=user)))
    return unread_conversations(conversations, user).count()


def inbox(conversations, user, membership, *, only_unread: bool = False):
    """``conversations`` for an inbox: each with its child, room and last message (and its
    sender), the number of messages from others not read, and for a practitioner their key
    children's first; newest first. One query a page."""
    unread = (Message.objects.filter(conversation=OuterRef("pk")).exclude(sender=user)
              .exclude(Exists(_read_up_to(user, "conversation", "created_at")))
              .order_by().values("conversation").annotate(n=Count("pk")).values("n"))
    rows = (conversations
            .select_related("child", "room", "last_message__sender")
            .annotate(unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))))
    order = ["-last_message_at", "-pk"]
    if membership.is_staff_member and not membership.can_manage_setting:
        rows = rows.annotate(key_child=Exists(Assignment.objects.current().filter(
            child=OuterRef("child"), staff=membership)))
        order = ["-key_child", *order]
    if only_unread:
        rows = rows.filter(unread__gt=0)
    return rows.order_by(*order)


def thread(conversation, *, everything: bool = False, after=None) -> list[Message]:
    """The conversation's messages, oldest first (the newest THREAD_LENGTH, unless
    ``everything``; with ``after``, only those newer than that moment), each with its
    sender. One query."""
    messages = (Message.objects.filter(conversation=conversation)
                .select_related("sender", "flagged_by"))
    if after is not None:
        return list(messages.filter(created_at__gt=after).order_by("created_at", "pk"))
    if everything:
        return list(messages.order_by("created_at", "pk"))
    newest = list(messages.order_by("-created_at", "-pk")[:THREAD_LENGTH])
    return newest[::-1]


def seen_by(conversation, user, last_message) -> list[ReadMarker]:
    """Who else has read up to the last message, with when: "Seen by Kim Keyperson 10:42"."""
    if last_message is None:
        return []
    return list(ReadMarker.objects.filter(conversation=conversation,
                                          last_read_at__gte=last_message.created_at)
                .exclude(user=user).exclude(user=last_message.sender_id)
                .select_related("user").order_by("last_read_at"))


def conversations_of_child(child, user, setting):
    """The child's conversations that the person may read (the child's page)."""
    from messaging.permissions import visible_conversations

    return list(visible_conversations(user, setting).filter(child=child)
                .select_related("last_message"))


