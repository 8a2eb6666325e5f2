"""Children: the list a person sees (the children page) and one child (the child's page).

Who sees which child is ``families.access``'s to say: staff of the setting see every child;
a parent or carer only the children they are linked to with the right to receive
information, and no restriction on the link. Another setting's child, or one the person may
not see, answers 404.
"""

from datetime import date
from uuid import UUID

from django.db.models import Prefetch
from ninja import Router, Schema

from api.auth import scoped, setting_of
from api.schemas import REFUSALS, RoomRef, room_ref
from families.access import access_child
from families.looks import What, looked_at
from families.models import Child
from keyperson.models import Assignment
from keyperson.permissions import current_assignments

router = Router(tags=["children"])


class ChildOut(Schema):
    uuid: UUID
    first_name: str
    last_name: str
    known_as: str
    date_of_birth: date
    start_date: date | None
    leaving_date: date | None
    room: RoomRef | None
    key_person: str | None

    @staticmethod
    def of(child: Child, key_person: str | None) -> "ChildOut":
        return ChildOut(uuid=child.uuid, first_name=child.first_name, last_name=child.last_name,
                        known_as=child.known_as, date_of_birth=child.date_of_birth,
                        start_date=child.start_date, leaving_date=child.leaving_date,
                        room=room_ref(child.room), key_person=key_person)


def _key_people():
    """The current key person of each child (not one who has left the setting), with their
    name: one query for the whole list."""
    return Prefetch("keyperson_assignments", to_attr="key_assignments", queryset=(
        Assignment.objects.current().filter(kind=Assignment.Kind.KEY,
                                            staff__ended_at__isnull=True)
        .select_related("staff__user")))


def _key_person(child: Child) -> str | None:
    assignments = child.key_assignments  # type: ignore[attr-defined]
    return assignments[0].staff.user.full_name if assignments else None


@router.get("/children", response={200: list[ChildOut], **REFUSALS}, summary="The children you see")
@scoped("children:read")
def children(request):
    """Staff: every current child of the setting; a family: their own children (those they
    have the right to information about). By room, then first name. Three queries, however
    many children."""
    setting = setting_of(request)
    found = (Child.objects.visible_to(request.user, setting).current().select_related("room")
             .prefetch_related(_key_people()).order_by("room__name", "first_name", "last_name"))
    return [ChildOut.of(child, _key_person(child)) for child in found]


@router.get("/children/{child_uuid}", response={200: ChildOut, **REFUSALS}, summary="One child")
@scoped("children:read")
def child(request, child_uuid: UUID):
    """A child of the setting the person may see (404 otherwise), as on the child's page.
    The look at the child's record is kept in the "who looked" log, as the page's is."""
    found = access_child(request, str(child_uuid))
    key = current_assignments(found).get(Assignment.Kind.KEY)
    looked_at(request, found, What.RECORD)
    return ChildOut.of(found, key.staff.user.full_name if key else None)
