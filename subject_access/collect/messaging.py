"""Messages: the conversations about the child that the family takes part in (with the key
person, with the manager; ``messaging.permissions``), every message with its photo or PDF.
Never the staff's conversations about a room. For an adult: the messages they sent about
their own children.

Withheld: the words and file of a message its author withdrew (the family reads "message
withdrawn"), and whether a message was flagged to the safeguarding lead.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext

from messaging.models import Conversation, Message
from messaging.permissions import visible_conversations
from subject_access.collect.rows import is_family_recipient, linked_children, row, with_people
from subject_access.parts import BundleFile, Part

Audience = Conversation.Audience
SKIP = ("conversation", "flagged_at", "flagged_by", "file_type")


def _file(message) -> BundleFile:
    extension = "jpg" if message.is_photo else "pdf"
    stamp = message.created_at.strftime("%Y-%m-%d")
    return BundleFile(f"messages/{stamp}-{message.uuid.hex[:8]}.{extension}", file=message.file)


def for_child(child, recipient) -> Part:
    part = Part("messages", gettext("Messages"))
    if is_family_recipient(child, recipient):
        conversations = visible_conversations(recipient, child.setting).filter(child=child)
    else:  # the conversations any family of the child takes part in
        conversations = Conversation.objects.filter(
            child=child, audience__in=[Audience.KEY_PERSON, Audience.MANAGER])
    conversations = with_people(conversations).prefetch_related(
        Prefetch("messages", queryset=Message.objects.select_related("sender")))
    withdrawn = 0
    for conversation in conversations:
        messages = []
        for message in conversation.messages.all():
            if message.is_withdrawn:
                withdrawn += 1
                messages.append(row(message, skip=SKIP + ("text", "file_name")))
                continue
            entry = row(message, skip=SKIP)
            if message.file:
                file = _file(message)
                part.files.append(file)
                entry["file"] = file.path
            messages.append(entry)
        part.records.append(row(conversation, skip=("child", "room", "last_message"),
                                record_type="conversation", messages=messages))
    if withdrawn:
        part.withheld.append(ngettext(
            "The words of %(count)d message withdrawn by its author withheld.",
            "The words of %(count)d messages withdrawn by their authors withheld.", withdrawn)
            % {"count": withdrawn})
    return part


def for_adult(user, setting) -> Part:
    part = Part("messages", gettext("Messages"))
    sent = with_people(Message.objects.filter(
        sender=user, conversation__setting=setting,
        conversation__child__in=linked_children(user, setting)), "conversation__child")
    for message in sent:
        entry = row(message, skip=SKIP, record_type="message_sent",
                    child=message.conversation.child.full_name,
                    audience_display=str(message.conversation.get_audience_display()))
        if message.file:
            file = _file(message)
            part.files.append(file)
            entry["file"] = file.path
        part.records.append(entry)
    return part
