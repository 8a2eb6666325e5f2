"""Children's progress: a child's assessments, one assessment area by area in the plain words
of the family's page, and the family's comment on it.

Who reads what is ``progress.permissions``' to say, as on the pages: staff who see the child
read every assessment of theirs, drafts included (``status`` says which); the child's informed
family reads the shared ones (a draft is 404 to them) and comments on them while the child is
on roll. The words are ``progress.summary``'s, in the caller's language; the evidence is what
the caller sees of the child's journal (a family: published observations only). The comment is
checked by the page's form and saved by the page's service, which tells the key person and
writes the audit trail.
"""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from ninja import Field, Router, Schema

from api.auth import scoped
from api.errors import ApiError, ErrorOut, validate
from api.idempotency import idempotent
from api.schemas import REFUSALS
from families.looks import What, looked_at
from progress import services
from progress.family_forms import FamilyCommentForm
from progress.models import Assessment, AssessmentPoint, Band
from progress.permissions import (
    access_assessment,
    access_progress_reader,
    may_comment,
    reads_as_staff,
)
from progress.summary import AreaRow, AspectRow, child_assessments, commenter_name, summary_of

router = Router(tags=["progress"])


class PointOut(Schema):
    uuid: UUID
    name: str
    kind: str = Field(description="entry (on entry) or dated (such as a term).")
    starts_on: date
    ends_on: date | None

    @staticmethod
    def of(point: AssessmentPoint) -> "PointOut":
        return PointOut(uuid=point.uuid, name=point.name, kind=point.kind,
                        starts_on=point.starts_on, ends_on=point.ends_on)


class FrameworkOut(Schema):
    code: str
    name: str


class AssessmentItemOut(Schema):
    uuid: UUID
    status: str = Field(description="shared (with the family), or draft (being written: "
                                    "staff only).")
    point: PointOut
    framework: FrameworkOut
    assessed_on: date
    shared_at: datetime | None
    family_commented_at: datetime | None

    @staticmethod
    def of(assessment: Assessment) -> "AssessmentItemOut":
        return AssessmentItemOut(**_item(assessment))


def _item(assessment: Assessment) -> dict:
    framework = assessment.framework
    return {"uuid": assessment.uuid, "status": assessment.status,
            "point": PointOut.of(assessment.point),
            "framework": FrameworkOut(code=framework.code, name=framework.label),
            "assessed_on": assessment.assessed_on, "shared_at": assessment.shared_at,
            "family_commented_at": assessment.family_commented_at}


class RangeOut(Schema):
    code: str
    name: str
    words: str = Field(description="As the family's page says it, such as \"Range 3 (of 6) "
                                   "in Birth to 5 Matters\".")


class JudgementOut(Schema):
    status: str = Field(description="on_track, towards, not_yet, or empty when not judged.")
    words: str = Field(description="What the judgement means, in the plain words of the "
                                   "family's page, in the caller's language.")
    range: RangeOut | None = Field(description="Under Birth to 5 Matters: the range judged.")
    comment: str = Field(description="The key person's comment.")


class AspectOut(JudgementOut):
    name: str
    evidence: list[UUID] = Field(description="Observations of the child's journal linked to "
                                             "this aspect, those the caller may see.")


class NextStepOut(Schema):
    text: str
    observed_on: date


class AreaOut(JudgementOut):
    code: str
    name: str
    aspects: list[AspectOut] = Field(description="Where the setting judges aspects.")
    evidence: list[UUID] = Field(description="Observations of the child's journal linked to "
                                             "the area or its aspects, newest first, those "
                                             "the caller may see (a family: published ones).")
    at_home: list[NextStepOut] = Field(description="\"What you can do at home\": the newest "
                                                   "next steps of the child's published "
                                                   "observations in the area.")


class FamilyCommentOut(Schema):
    text: str
    by: str = Field(description="Who in the family wrote it.")
    at: datetime | None


class AssessmentOut(AssessmentItemOut):
    child: UUID
    age_band: str | None = Field(description="Under Development Matters: the band of the "
                                             "child's age on the day.")
    areas: list[AreaOut]
    family_comment: FamilyCommentOut | None
    may_comment: bool = Field(description="Whether the caller may comment (the child's "
                                          "family, on a shared assessment, while the child "
                                          "is on roll).")


def _range(row: AreaRow | AspectRow) -> RangeOut | None:
    band: Band | None = row.band
    if band is None:
        return None
    return RangeOut(code=band.code, name=band.label, words=row.range)


def _area(row: AreaRow) -> AreaOut:
    return AreaOut(
        code=row.area.code, name=row.area.label, status=row.status, words=row.words,
        range=_range(row), comment=row.comment,
        aspects=[AspectOut(name=a.name, status=a.status, words=a.words, range=_range(a),
                           comment=a.comment, evidence=[o.uuid for o in a.evidence])
                 for a in row.aspects],
        evidence=[o.uuid for o in row.evidence],
        at_home=[NextStepOut(text=s.text, observed_on=s.observed_on) for s in row.next_steps])


def _family_comment(assessment: Assessment) -> FamilyCommentOut | None:
    if not assessment.family_comment:
        return None
    return FamilyCommentOut(text=assessment.family_comment, by=commenter_name(assessment),
                            at=assessment.family_commented_at)


@router.get("/children/{child_uuid}", response={200: list[AssessmentItemOut], **REFUSALS},
            summary="A child's assessments")
@scoped("progress:read")
def child_progress(request, child_uuid: UUID):
    """The child's assessments, newest first: the child's family reads those shared with
    them; staff who see the child read drafts too (``status``). A child who has left is still
    read. Two queries and the access check, however many assessments."""
    child, staff = access_progress_reader(request, str(child_uuid))
    return [AssessmentItemOut.of(a) for a in child_assessments(child, drafts=staff)]


@router.get("/assessments/{assessment_uuid}", response={200: AssessmentOut, **REFUSALS},
            summary="One assessment, in plain words")
@scoped("progress:read")
def progress_assessment(request, assessment_uuid: UUID):
    """One assessment as the family's page shows it: each area (and aspect) with its
    judgement and what it means in plain words, the range under Birth to 5 Matters, the key
    person's comment, the evidence the caller may see, "what you can do at home", and the
    family's comment. A draft is 404 to the family. Staff reading it are noted in "who
    looked", as on the page. A fixed number of queries."""
    found = access_assessment(request, str(assessment_uuid))
    staff = reads_as_staff(request.user, found.child)
    if staff:
        looked_at(request, found.child, What.RECORD, found)
    return _assessment(request, found, staff=staff)


def _assessment(request, found: Assessment, *, staff: bool) -> AssessmentOut:
    return AssessmentOut(
        **_item(found), child=found.child.uuid,
        age_band=found.band.label if found.band is not None else None,
        areas=[_area(row) for row in summary_of(found, staff=staff)],
        family_comment=_family_comment(found),
        may_comment=may_comment(request.user, found))


class CommentIn(Schema):
    comment: str = Field(description="Plain text, 2000 characters at most: HTML is refused. "
                                     "It replaces the family's earlier comment.")


@router.post("/assessments/{assessment_uuid}/comment",
             response={200: FamilyCommentOut, **REFUSALS, 422: ErrorOut},
             summary="The family's comment on an assessment")
@scoped("progress:write")
def family_comment(request, assessment_uuid: UUID, data: CommentIn):
    """The family's comment on a shared assessment of their child, checked by the page's form
    (not empty, plain text, 2000 characters at most: 422 otherwise, and nothing is saved) and
    saved by the page's service: the key person and back-up are told, and it is audited. Staff
    who read the assessment get 403 (the comment is the family's), as does the family of a
    child who has left. Send an ``Idempotency-Key``: a retry with it changes nothing."""
    found = access_assessment(request, str(assessment_uuid))
    if not may_comment(request.user, found):
        raise PermissionDenied
    form = FamilyCommentForm({"comment": data.comment})
    validate(form)

    def run():
        try:
            saved = services.add_family_comment(request.user, found,
                                                form.cleaned_data["comment"])
        except services.ServiceError as exc:
            raise ApiError(422, str(exc), "invalid") from None
        return 200, FamilyCommentOut(text=saved.family_comment, by=request.user.full_name,
                                     at=saved.family_commented_at).model_dump(mode="json")

    return idempotent(request, "progress.comment", run)
