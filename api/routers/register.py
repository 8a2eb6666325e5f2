"""The register: the rooms, a room's register today (the register page's rows), and signing
children in and out (the page's taps). For staff who keep the register
(``attendance.keep_register``); a room of another setting answers 404, a parent 403, as on
the pages.

Writes take an ``Idempotency-Key`` (offline capture sends one with every tap) and the time of
the tap (``at``), and answer 409 when what the tap asks no longer fits what others did
meanwhile (the child was signed in or out by someone else): the client shows it, it is never
dropped.
"""

from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from api.auth import scoped, setting_of
from api.errors import ErrorOut, conflict, validate
from api.idempotency import idempotent
from api.schemas import REFUSALS, ChildRef, RoomRef
from api.times import tap_time
from attendance import services as attendance_services
from attendance.forms import SignInForm
from attendance.models import AttendanceRecord
from attendance.permissions import access_room
from attendance.register import Row, room_register
from collection import services as collection_services
from collection.forms import SignOutForm
from collection.permissions import access_record_for_sign_out
from families.access import access_child
from families.looks import What, looked_at
from families.models import Room
from preschool.permissions import require_perm
from preschool.services import ServiceError

router = Router(tags=["register"])


class RecordOut(Schema):
    uuid: UUID
    child: UUID
    date: date
    session: str
    signed_in_at: datetime
    dropped_off_by: str
    signed_out_at: datetime | None
    collected_by: str

    @staticmethod
    def of(record: AttendanceRecord) -> dict:
        return RecordOut.build(record).model_dump(mode="json")

    @staticmethod
    def build(record: AttendanceRecord) -> "RecordOut":
        return RecordOut(
            uuid=record.uuid, child=record.child.uuid, date=record.date,
            session=record.session.name if record.session else "",
            signed_in_at=record.signed_in_at, dropped_off_by=record.dropped_off_by,
            signed_out_at=record.signed_out_at, collected_by=record.collected_by)


class SignInIn(Schema):
    child: UUID
    session: UUID = Field(description="One of the setting's sessions.")
    dropped_off_by: str = Field(max_length=150)
    at: datetime | None = Field(None, description="When the tap was made (earlier today); "
                                                   "now if left out.")


class SignOutIn(Schema):
    child: UUID
    collector: str = Field(max_length=80, description=(
        "Who collects: `adult:<uuid>` of an adult named on the child's record who may "
        "collect, or `password:<uuid>` of a collection password staff have checked today."))
    late_reason: str = Field("", max_length=1000)
    at: datetime | None = None


@router.post("/sign-ins", response={201: RecordOut, 409: ErrorOut, 422: ErrorOut},
             summary="Sign a child in")
@scoped("register:write")
def sign_in(request, data: SignInIn):
    """The register's tap: the child is here, for this session, dropped off by this adult.
    409 when the child is already signed in (by another tablet, say), has left or has not
    started yet."""
    child = access_child(request, str(data.child), "attendance.keep_register", allow_left=True)
    form = SignInForm({"session": str(data.session), "dropped_off_by": data.dropped_off_by},
                      setting=request.setting)
    validate(form)
    at = tap_time(data.at)

    def run():
        try:
            record, _check = attendance_services.sign_in(
                request.user, child, session=form.cleaned_data["session"],
                dropped_off_by=form.cleaned_data["dropped_off_by"], now=at)
        except ServiceError as exc:
            raise conflict(str(exc)) from None
        return 201, RecordOut.of(record)

    return idempotent(request, "register.sign_in", run)


@router.post("/sign-outs", response={200: RecordOut, 409: ErrorOut, 422: ErrorOut},
             summary="Sign a child out")
@scoped("register:write")
def sign_out(request, data: SignOutIn):
    """The child's open record of today is closed with who collected them. Only an adult
    the family has named (or one who gave a checked collection password) may be chosen; an
    adult under a restriction is refused (409, code ``refused``: keep the child inside and
    call the manager). 409 too when the child is not signed in (signed out meanwhile)."""
    child = access_child(request, str(data.child))
    form = SignOutForm({"collector": data.collector, "late_reason": data.late_reason})
    validate(form)
    at = tap_time(data.at)

    def run():
        record = (AttendanceRecord.objects.open().filter(child=child, date=at.date())
                  .select_related("child", "session", "room").first())
        if record is None:
            raise conflict(_("%(name)s is not signed in.") % {"name": child.known_as})
        record = access_record_for_sign_out(request, str(record.uuid))
        try:
            collection_services.sign_out(request.user, record,
                                         token=form.cleaned_data["collector"],
                                         late_reason=form.cleaned_data["late_reason"], now=at)
        except collection_services.CollectionRefused as exc:
            raise conflict(str(exc), "refused") from None
        except ServiceError as exc:
            raise conflict(str(exc)) from None
        return 200, RecordOut.of(record)

    return idempotent(request, "register.sign_out", run)


class AllergyOut(Schema):
    allergen: str
    severity: str


class RowOut(Schema):
    child: ChildRef
    state: str = Field(description="in, out, absent, missing (expected and late in "
                                   "arriving), expected or not_expected.")
    late: bool = Field(description="Still here after the end of their session.")
    overdue: bool = Field(description="Late past the manager's alert time.")
    key_person: str
    record: RecordOut | None = Field(description="Open now, else the last one of today.")
    sign_in_session: UUID | None = Field(description="The session a tap signs them in for.")
    drop_off_adults: list[str] = Field(description="Adults who may bring the child.")
    allergies: list[AllergyOut]
    medical_needs: str
    diet: str
    restricted_adults: list[str] = Field(description="Never hand the child over to them.")
    collecting: str = Field(description="Who the family said is collecting today.")

    @staticmethod
    def of(row: Row) -> "RowOut":
        alerts = row.alerts
        if row.record is not None:
            row.record.child = row.child  # the row's child: no query for it
        return RowOut(
            child=ChildRef.of(row.child), state=row.state, late=row.late, overdue=row.overdue,
            key_person=row.key_person,
            record=RecordOut.build(row.record) if row.record is not None else None,
            sign_in_session=row.sign_in_session.uuid if row.sign_in_session else None,
            drop_off_adults=[a.name for a in row.drop_off_adults],
            allergies=[AllergyOut(allergen=a.allergen, severity=a.severity)
                       for a in alerts.allergies],
            medical_needs=alerts.medical_needs, diet=alerts.diet,
            restricted_adults=[a.name for a in alerts.restrictions],
            collecting=alerts.collecting)


class RegisterOut(Schema):
    room: RoomRef
    date: date
    children_in: int
    staff_on_duty: int
    rows: list[RowOut]


@router.get("/rooms", response={200: list[RoomRef], **REFUSALS}, summary="The rooms")
@scoped("register:read")
@require_perm("attendance.keep_register")
def rooms(request):
    """The setting's rooms, by name, for staff who keep the register."""
    return list(Room.objects.filter(setting=setting_of(request)).order_by("name"))


@router.get("/rooms/{room_uuid}", response={200: RegisterOut, **REFUSALS},
            summary="A room's register today")
@scoped("register:read")
def room(request, room_uuid: UUID):
    """The rows of the room's register page now: late children first, then those missing,
    expected, here, away and gone home; each with the alerts staff need at the door. A fixed
    number of queries, however many children the room holds."""
    found = access_room(request, str(room_uuid))
    register = room_register(request.setting, found)
    return {"room": RoomRef(uuid=found.uuid, name=found.name),
            "date": timezone.localdate(register.now),
            "children_in": register.ratio.children, "staff_on_duty": len(register.shifts),
            "rows": [RowOut.of(row) for row in register.rows]}


class CollectorOut(Schema):
    collector: str = Field(description="What a sign-out sends as `collector`.")
    name: str
    relationship: str


class CollectorsOut(Schema):
    allowed: list[CollectorOut] = Field(description="Who may collect the child.")
    refused: list[CollectorOut] = Field(description="Who must not be given the child (a "
                                                    "court or safeguarding restriction).")


@router.get("/children/{child_uuid}/collectors", response={200: CollectorsOut, **REFUSALS},
            summary="Who may collect a child")
@scoped("register:read")
def collectors(request, child_uuid: UUID):
    """The adults a sign-out may name (as the register's sign-out panel lists them), and those
    who must not collect, for staff who keep the register. A day's collection password is
    checked on the portal's page, which then offers it."""
    child = access_child(request, str(child_uuid), "attendance.keep_register", allow_left=True)
    allowed, refused, _password = collection_services.collectors_for(child,
                                                                     with_password=False)
    if refused:
        looked_at(request, child, What.RESTRICTION)  # as the child's collection page
    return {"allowed": [CollectorOut(collector=c.token, name=c.name,
                                     relationship=c.relationship) for c in allowed],
            "refused": [CollectorOut(collector=c.token, name=c.name,
                                     relationship=c.relationship) for c in refused]}
