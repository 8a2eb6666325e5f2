"""Attendance history: a child's days over a range (the child's attendance page: staff, and
the child's family) and the setting's register over a range for staff who keep the register
(the history page). Both paginated, newest first for a child, by day for the setting, in a
fixed number of queries.

The range is the pages' own form (``attendance.forms.HistoryForm``): the last seven days when
none is given, at most a year; a room of another setting is refused.
"""

from datetime import date, datetime
from uuid import UUID

from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from api.auth import scoped, setting_of
from api.errors import validate
from api.schemas import REFUSALS
from attendance.forms import HistoryForm
from attendance.models import AttendanceRecord
from families.access import access_child
from preschool.permissions import require_perm

router = Router(tags=["attendance"])


class HistoryRecordOut(Schema):
    uuid: UUID
    child: UUID = Field(alias="child.uuid")
    child_name: str = Field(alias="child.full_name")
    room: str | None = Field(alias="room.name", default=None)
    session: str | None = Field(alias="session.name", default=None)
    date: date
    signed_in_at: datetime
    dropped_off_by: str
    signed_out_at: datetime | None
    collected_by: str


class RangeIn(Schema):
    date_from: date | None = Field(None, description="The first day (a week before "
                                                     "`date_to` if left out).")
    date_to: date | None = Field(None, description="The last day (today if left out).")


class SettingRangeIn(RangeIn):
    room: UUID | None = Field(None, description="One room only.")


def _range(data: RangeIn, setting=None) -> dict:
    """The range (and room), checked by the pages' form; 422 with its message otherwise."""
    values = {k: str(v) for k, v in data.model_dump().items() if v is not None}
    form = HistoryForm(values, setting=setting)
    validate(form)
    return form.cleaned_data


def _records(setting, cleaned: dict):
    return (AttendanceRecord.objects.current()
            .filter(setting=setting, date__gte=cleaned["date_from"], date__lte=cleaned["date_to"])
            .select_related("child", "room", "session"))


@router.get("/children/{child_uuid}", response={200: list[HistoryRecordOut], **REFUSALS},
            summary="A child's attendance")
@paginate(PageNumberPagination)
@scoped("attendance:read")
def child_history(request, child_uuid: UUID, filters: Query[RangeIn]):
    """The days a child attended over the range, newest first: for staff, and for the child's
    family (as the child's attendance page). Another setting's child, or one the person may
    not see, answers 404."""
    child = access_child(request, str(child_uuid))
    return (_records(request.setting, _range(filters)).filter(child=child)
            .order_by("-date", "-signed_in_at"))


@router.get("/records", response={200: list[HistoryRecordOut], **REFUSALS},
            summary="The setting's attendance")
@paginate(PageNumberPagination)
@scoped("attendance:read")
@require_perm("attendance.keep_register")
def history(request, filters: Query[SettingRangeIn]):
    """Every record of the setting over the range (and room), by day, room and child, as the
    history page lists them: for staff who keep the register."""
    setting = setting_of(request)
    cleaned = _range(filters, setting)
    records = _records(setting, cleaned)
    if cleaned.get("room") is not None:
        records = records.filter(room=cleaned["room"])
    return records.order_by("date", "room__name", "child__first_name", "signed_in_at", "pk")
