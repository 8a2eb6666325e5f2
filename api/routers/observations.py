"""Learning journal observations: a child's journal, one observation in it, its photos and
videos, and adding one, with photos (the "new observation" page's form).

What a person reads is what the journal page shows them: families only published
observations about their own child (``learning_journal.permissions``), and of each only the
photos and videos ``learning_journal.visibility`` lets them see (consent to photos, a child
looked after by the local authority): an item they may not see is neither listed nor served.

A new observation is validated by the page's own form (``ObservationForm``: the children of
the setting, the date, the text without HTML, each photo or video checked and cleaned) and
saved by the page's own service, so the API and the page keep one set of rules.
"""

from datetime import date, datetime
from uuid import UUID

from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile

from api.auth import scoped
from api.errors import ErrorOut, conflict, validate
from api.idempotency import idempotent
from api.schemas import REFUSALS
from families.access import access_child
from learning_journal import reads
from learning_journal import services as journal_services
from learning_journal.forms import ObservationForm
from learning_journal.models import Observation
from learning_journal.permissions import access_journal_observation, is_journal_staff
from learning_journal.visibility import access_media, visible_media, visible_media_map
from preschool.lib.downloads import stored_file
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


# Observations to a page of a child's journal (the page shows 10; a program may take more).
JOURNAL_PAGE_SIZE = 20


class MediaOut(Schema):
    uuid: UUID
    kind: str = Field(description="photo or video")
    content_type: str
    url: str = Field(description="The file, for the same caller (its token or session).")

    @staticmethod
    def of(media) -> "MediaOut":
        return MediaOut(uuid=media.uuid, kind=media.kind, content_type=media.content_type,
                        url=reverse("api:observation_media", args=[media.uuid]))


class JournalEntryOut(Schema):
    uuid: UUID
    status: str
    source: str = Field(description="staff, or family (a wow moment from home).")
    observed_on: date
    text: str
    author: str
    next_step: str = Field(description="This child's next step.")
    areas: list[str] = Field(description="Codes of the areas of learning.")
    media: list[MediaOut] = Field(description="The photos and videos the caller may see.")
    published_at: datetime | None


class JournalPageOut(Schema):
    count: int
    items: list[JournalEntryOut]


def _entry(observation, *, author: str, next_step: str, areas, media) -> JournalEntryOut:
    return JournalEntryOut(
        uuid=observation.uuid, status=observation.status, source=observation.source,
        observed_on=observation.observed_on, text=observation.text, author=author,
        next_step=next_step or "", areas=[a.code for a in areas],
        media=[MediaOut.of(m) for m in media], published_at=observation.published_at)


@router.get("/children/{child_uuid}", response={200: JournalPageOut, **REFUSALS},
            summary="A child's journal")
@scoped("observations:read")
def journal(request, child_uuid: UUID, page: Query[int] = 1):
    """The child's journal, newest first, as the journal page reads it: staff see drafts and
    those waiting for review too; families only published ones. A fixed number of queries,
    however many observations and photos."""
    child = access_child(request, str(child_uuid))
    staff = is_journal_staff(request.user, request.setting)
    number = min(max(page, 1), 100_000)
    total, observations = reads.journal_page(child, staff=staff, filters=reads.JournalFilter(),
                                             number=number, per_page=JOURNAL_PAGE_SIZE)
    for observation in observations:
        observation.setting = child.setting  # the journal is of one setting: no join for it
    media = visible_media_map(observations, request.user)
    return {"count": total, "items": [
        _entry(o, author=o.author_name, next_step=o.next_step,  # type: ignore[attr-defined]
               areas=o.area_list, media=media[o.pk])  # type: ignore[attr-defined]
        for o in observations]}


@router.get("/children/{child_uuid}/{observation_uuid}",
            response={200: JournalEntryOut, **REFUSALS},
            summary="One observation in a child's journal")
@scoped("observations:read")
def observation(request, child_uuid: UUID, observation_uuid: UUID):
    """One observation as it is in this child's journal (404 for one the person may not see:
    a draft, for a family)."""
    child, found = access_journal_observation(request, str(child_uuid), str(observation_uuid))
    link = found.child_links.filter(child=child).first()
    return _entry(found, author=found.author.full_name, next_step=link.next_step if link else "",
                  areas=found.areas.all(), media=visible_media(found, request.user))


@router.get("/media/{media_uuid}", url_name="observation_media", summary="A photo or video",
            openapi_extra={"responses": {200: {"description": "The file.", "content": {
                "image/jpeg": {}, "video/mp4": {}}}}})
@scoped("observations:read")
def media_file(request, media_uuid: UUID):
    """The file of a photo or video, for someone allowed to see it, as the journal's file
    view serves it (``access_media``); 404 otherwise."""
    media = access_media(request, str(media_uuid))
    return stored_file(media.file, content_type=media.content_type,
                       cache_control="private, no-cache")
