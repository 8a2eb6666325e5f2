"""Consents: a child's answer to each of the setting's current consent forms, as the child's
consents page shows them to staff and to the child's family. The page also shows medicines
and accidents (and notes those looks); this operation does not show them, so notes none."""

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema

from api.auth import scoped
from api.schemas import REFUSALS
from consents.services import Cell, child_consents
from families.access import access_child

router = Router(tags=["consents"])


class ConsentOut(Schema):
    form: UUID = Field(description="The form (its current version).")
    kind: str
    title: str
    version: int
    status: str = Field(description="given, refused, not_answered, or outdated (answered "
                                    "only to an earlier wording).")
    withdrawn: bool = Field(description="Refused after being given.")
    answered_at: datetime | None

    @staticmethod
    def of(cell: Cell) -> "ConsentOut":
        form = cell.form
        return ConsentOut(form=form.uuid, kind=form.kind, title=form.title,
                          version=form.version, status=cell.status, withdrawn=cell.withdrawn,
                          answered_at=cell.answered_at)


@router.get("/children/{child_uuid}", response={200: list[ConsentOut], **REFUSALS},
            summary="A child's consents")
@scoped("consents:read")
def consents(request, child_uuid: UUID):
    """For a child the person may see (404 otherwise): each current form and the latest
    answer to it. Two queries after the child's, however many forms."""
    child = access_child(request, str(child_uuid))
    return [ConsentOut.of(cell) for cell in child_consents(child)]
