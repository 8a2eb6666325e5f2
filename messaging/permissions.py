"""Who takes part in which conversation: the one place of that rule.

- A conversation about a child, with the key person: the child's family (adults whom
  ``families.access.who_may_hear`` allows: the right to receive information and no court or
  safeguarding restriction) and, for the setting, the child's key person and back-up and the
  room's staff. The portal records no rota of rooms for messaging, so **the room's staff** are
  the practitioners who are key person or back-up of a child in the same room
  (keyperson's current assignments).
- A conversation about a child, with the manager: the child's family and the managers. A
  family can always write to the manager, about anything, even about the key person.
- A staff conversation about a room: every member of staff of the setting; never a family.
- Managers read every conversation of their setting (families are told so on the page).
- The designated safeguarding lead reads every conversation holding a message flagged to them.

There is no way to address another family: a family's conversations are about their own
children only. Anyone else - another setting, a carer without the right to information, an
adult under a restriction - gets 404, as for a conversation that does not exist.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from families.access import children_heard_of, who_may_hear
from families.models import Child
from keyperson.models import Assignment
from messaging.models import Conversation, Message
from preschool.permissions import membership_in, parse_uuid

Audience = Conversation.Audience


def visible_conversations(user, setting):
    """The conversations of ``setting`` that ``user`` takes part in or may read (see the top
    of this module): a QuerySet, so a list of them is one query."""
    membership = membership_in(user, setting)
    conversations = Conversation.objects.for_setting(setting)
    if membership is None:
        return conversations.none()
    if membership.can_manage_setting:
        return conversations
    if membership.is_staff_member:
        mine = Assignment.objects.current().filter(staff=membership)
        # The rooms' children as a subquery of the setting's, not a join to every child:
        # the join's plan reads all settings' children, and grows with them.
        rooms_children = Child.objects.filter(
            setting=setting, room__in=mine.filter(child__room__isnull=False)
            .values("child__room")).values("pk")
        rule = (Q(audience=Audience.ROOM_STAFF)
                | Q(audience=Audience.KEY_PERSON, child__in=mine.values("child"))
                | Q(audience=Audience.KEY_PERSON, child__in=rooms_children))
        if membership.is_safeguarding_lead:
            rule |= Exists(Message.objects.filter(conversation=OuterRef("pk"),
                                                  flagged_at__isnull=False))
        return conversations.filter(rule)
    if membership.is_family:
        return conversations.filter(child__in=children_heard_of(user, setting),
                                    audience__in=[Audience.KEY_PERSON, Audience.MANAGER])
    return conversations.none()


def access_conversation(request, conversation_uuid) -> Conversation:
    """A conversation of the current setting that the person takes part in or may read; else
    404. A family's access is asked again of ``who_may_hear`` for the child, so a link
    restricted since the page was last read answers 404 at once."""
    conversation = (visible_conversations(request.user, request.setting)
                    .filter(uuid=parse_uuid(conversation_uuid))
                    .select_related("child__room", "room", "last_message").first())
    if conversation is None:
        raise Http404("No such conversation.")
    membership = request.membership
    if membership.is_family and request.user.pk not in who_may_hear(conversation.child,
                                                                    [request.user]):
        raise Http404("No such conversation.")
    return conversation


def access_message(request, message_uuid) -> Message:
    """A message of a conversation the person may read (``access_conversation``); else 404."""
    message = (Message.objects.filter(uuid=parse_uuid(message_uuid),
                                      conversation__setting=request.setting)
               .select_related("conversation").first())
    if message is None:
        raise Http404("No such message.")
    message.conversation = access_conversation(request, message.conversation.uuid)
    return message


def is_staff_side(membership) -> bool:
    return bool(membership and membership.is_staff_member)


def audiences_for(membership) -> list[str]:
    """Whom a person may start a conversation about a child with."""
    if membership is None:
        return []
    return [Audience.KEY_PERSON, Audience.MANAGER]


def children_staff_write_about(membership):
    """The children whose families a member of staff may write to, by the rule above: every
    child of the setting for a manager; a practitioner's key children and the children of
    the rooms they are key person in."""
    from families.models import Child

    children = Child.objects.filter(setting_id=membership.setting_id)
    if membership.can_manage_setting:
        return children
    mine = Assignment.objects.current().filter(staff=membership)
    return children.filter(Q(pk__in=mine.values("child"))
                           | Q(room__in=mine.filter(child__room__isnull=False)
                               .values("child__room")))
