"""Small shapes that several operations answer with: a child or a room named by its UUID."""

from uuid import UUID

from ninja import Schema

from api.errors import ErrorOut

# What a read may be refused with, for the schema: 401 (no token, or one not valid), 403 (a
# token without the scope, or a person without the right), 404 (what the person may not see).
REFUSALS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class RoomRef(Schema):
    uuid: UUID
    name: str


class ChildRef(Schema):
    uuid: UUID
    name: str

    @staticmethod
    def of(child) -> "ChildRef":
        return ChildRef(uuid=child.uuid, name=child.full_name)


def child_ref(child) -> ChildRef | None:
    return None if child is None else ChildRef.of(child)


def room_ref(room) -> RoomRef | None:
    return None if room is None else RoomRef(uuid=room.uuid, name=room.name)
