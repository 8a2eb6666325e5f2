"""Messages: the person's conversations (the inbox), a conversation's messages, marking it
read, and sending a text message into it (the conversation page's form and service).

Who takes part in which conversation is ``messaging.permissions``'s to say
(``visible_conversations``, ``access_conversation``): another setting's conversation, or one
the person does not take part in, answers 404.

Reading a conversation here does not mark it read: a program may fetch messages that nobody
has read yet (a sync, a notification), and the other side is shown "Seen by" from that mark.
A client that has shown the messages to the person says so with ``POST .../read``.
"""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from api.auth import scoped, setting_of
from api.errors import ApiError, ErrorOut, conflict, validate
from api.idempotency import idempotent
from api.schemas import REFUSALS, ChildRef, RoomRef, child_ref, room_ref
from families.looks import What, looked_at
from messaging import reads, services
from messaging.forms import MessageForm
from messaging.models import Conversation, Message
from messaging.permissions import access_conversation, visible_conversations
from preschool.services import ServiceError

router = Router(tags=["messages"])


class ConversationOut(Schema):
    uuid: UUID
    audience: str = Field(description="key_person or manager (about a child, with their "
                                      "family), or room_staff (staff only).")
    child: ChildRef | None
    room: RoomRef | None
    last_message_at: datetime
    unread: int = Field(description="Messages from others the person has not read.")

    @staticmethod
    def resolve_child(conversation: Conversation) -> ChildRef | None:
        return child_ref(conversation.child)

    @staticmethod
    def resolve_room(conversation: Conversation) -> RoomRef | None:
        return room_ref(conversation.room)


class MessageOut(Schema):
    uuid: UUID
    sender: str
    from_staff: bool
    text: str = Field(description="Empty for a withdrawn message, for a family.")
    has_file: bool = Field(description="A photo or PDF is attached (read it on the portal).")
    created_at: datetime
    withdrawn_at: datetime | None

    @staticmethod
    def of(message: Message, *, staff: bool) -> dict:
        hidden = message.is_withdrawn and not staff  # families read "message withdrawn"
        return MessageOut(
            uuid=message.uuid, sender=message.sender.full_name, from_staff=message.from_staff,
            text="" if hidden else message.text, has_file=bool(message.file) and not hidden,
            created_at=message.created_at, withdrawn_at=message.withdrawn_at,
        ).model_dump(mode="json")


class MessageIn(Schema):
    text: str = Field(max_length=5000, description="Plain text: HTML is refused.")


class ReadIn(Schema):
    up_to: UUID = Field(description="The newest message shown to the person.")


def _message_in(conversation: Conversation, message_uuid: UUID) -> Message:
    """A message of ``conversation`` that the client named (422 for any other)."""
    found = Message.objects.filter(conversation=conversation, uuid=message_uuid).first()
    if found is None:
        raise ApiError(422, _("That is not a message of this conversation."), "invalid")
    return found


def _membership(request):
    """The inbox is for staff and families of the setting (403 otherwise, as the page)."""
    setting_of(request)
    membership = request.membership
    if not (membership.is_staff_member or membership.is_family):
        raise PermissionDenied
    return membership


@router.get("", response={200: list[ConversationOut], **REFUSALS}, summary="Your conversations")
@paginate(PageNumberPagination, page_size=25)
@scoped("messages:read")
def conversations(request):
    """The conversations the person takes part in (a manager: every one of the setting),
    newest first, with how many messages they have not read: the inbox. One query a page,
    and one for the count."""
    membership = _membership(request)
    return reads.inbox(visible_conversations(request.user, request.setting), request.user,
                       membership)


@router.get("/{conversation_uuid}/messages", response={200: list[MessageOut], **REFUSALS},
            summary="A conversation's messages")
@scoped("messages:read")
def conversation_messages(request, conversation_uuid: UUID,
                          after: Query[UUID | None] = None):
    """The newest 100 messages, oldest first; with ``after`` (the newest message the client
    has), only those since, as the page's polling reads them. Families read a
    withdrawn message's text as empty. Does not mark the conversation read (see
    ``POST .../read``)."""
    conversation = access_conversation(request, str(conversation_uuid))
    since = _message_in(conversation, after).created_at if after is not None else None
    thread = reads.thread(conversation, after=since)
    staff = request.membership.is_staff_member
    if staff and any(m.flagged_at for m in thread):
        # A message flagged to the safeguarding lead is a safeguarding record (as the page).
        looked_at(request, conversation.child, What.SAFEGUARDING, conversation)
    return [MessageOut.of(m, staff=staff) for m in thread]


@router.post("/{conversation_uuid}/read", response={204: None, **REFUSALS, 422: ErrorOut},
             summary="Mark as read")
@scoped("messages:read")
def mark_read(request, conversation_uuid: UUID, data: ReadIn):
    """The person has read the conversation up to the message ``up_to``: the other side sees
    "Seen by", and the person's notifications of it are read, as when the page is opened."""
    conversation = access_conversation(request, str(conversation_uuid))
    services.mark_read(request.user, conversation,
                       _message_in(conversation, data.up_to).created_at)
    return Status(204, None)


@router.post("/{conversation_uuid}/messages", summary="Send a message",
             response={201: MessageOut, **REFUSALS, 409: ErrorOut, 422: ErrorOut})
@scoped("messages:write")
def send(request, conversation_uuid: UUID, data: MessageIn):
    """A text message into a conversation the person takes part in, checked by the page's
    form (plain text, 5000 characters at most) and sent by its service (the other side is
    told). 409 when the conversation is closed (the child has left). Send an
    ``Idempotency-Key``: a retry with it never sends twice."""
    conversation = access_conversation(request, str(conversation_uuid))
    form = MessageForm({"text": data.text})
    validate(form)

    def run():
        try:
            message = services.send(request.user, conversation,
                                    text=form.cleaned_data["text"])
        except ServiceError as exc:
            raise conflict(str(exc)) from None
        return 201, MessageOut.of(message, staff=request.membership.is_staff_member)

    return idempotent(request, "messages.send", run)
