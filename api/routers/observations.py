"""Learning journal observations: adding one, with photos (the "new observation" page's form).

A new observation is validated by the page's own form (``ObservationForm``: the children of
the setting, the date, the text without HTML, each photo or video checked and cleaned) and
saved by the page's own service, so the API and the page keep one set of rules.
"""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, File, Form, Router, Schema, UploadedFile

from api.auth import scoped
from api.errors import ErrorOut, conflict, validate
from api.idempotency import idempotent
from learning_journal import services as journal_services
from learning_journal.forms import ObservationForm
from learning_journal.models import Observation
from preschool.permissions import require_perm
from preschool.services import ServiceError

router = Router(tags=["observations"])


class ObservationOut(Schema):
    uuid: UUID
    status: str
    observed_on: date
    text: str
    children: list[UUID]
    media: int = Field(description="How many photos and videos it has.")
    created_at: datetime

    @staticmethod
    def of(observation: Observation, *, children, media: int) -> dict:
        return ObservationOut(
            uuid=observation.uuid, status=observation.status,
            observed_on=observation.observed_on, text=observation.text,
            children=[c.uuid for c in children], media=media,
            created_at=observation.created_at,
        ).model_dump(mode="json")


class ObservationIn(Schema):
    children: list[UUID] = Field(description="One child, or several for a group observation.")
    observed_on: date
    text: str = Field(max_length=5000, description="Plain text: HTML is refused.")
    areas: list[int] = Field([], description="EYFS areas of learning (ids).")
    aspects: list[int] = Field([], description="Aspects of the areas (ids).")
    characteristics: list[int] = Field([], description="Characteristics of effective "
                                                       "learning (ids).")
    next_step: str = Field("", max_length=1000, description="For each child.")
    publish: bool = Field(False, description="Publish at once (or send for a manager's "
                                             "review, where the setting asks for one); a "
                                             "draft otherwise.")


@router.post("", response={201: ObservationOut, 409: ErrorOut, 422: ErrorOut},
             summary="Add an observation, with photos")
@scoped("observations:write")
@require_perm("learning_journal.record_observations")
def create_observation(request, data: Form[ObservationIn],
                       media: File[list[UploadedFile]] = None):  # type: ignore[assignment]
    """multipart/form-data, the fields of the page's form; ``media``: the photos and videos
    (each checked as on the page). Send an ``Idempotency-Key``: a retry with it never makes a
    second observation."""
    form = ObservationForm(request.POST, request.FILES, setting=request.setting)
    validate(form)

    def run():
        try:
            observation = journal_services.create_observation(
                request.user, request.setting, publish=data.publish,
                next_steps=form.next_steps(), **form.observation_data())
        except ServiceError as exc:
            raise conflict(str(exc)) from None
        return 201, ObservationOut.of(observation, children=form.cleaned_data["children"],
                                      media=len(form.cleaned_data["media"]))

    return idempotent(request, "observations.create", run)
