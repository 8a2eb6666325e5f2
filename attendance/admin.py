"""Read-only views for the portal's operators: changes go through the services (audited)."""

from django.contrib import admin

from attendance.models import (
    Absence,
    AttendanceRecord,
    RatioBreach,
    Session,
    StaffQualification,
    StaffShift,
)
from preschool.admin import ReadOnlyAdmin


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["name", "starts_at", "ends_at", "is_active", "setting"]
    list_filter = ["setting"]


@admin.register(AttendanceRecord)
class AttendanceRecordAdmin(ReadOnlyAdmin):
    list_display = ["child", "date", "signed_in_at", "signed_out_at", "is_void", "setting"]
    list_filter = ["setting", "date"]


@admin.register(Absence)
class AbsenceAdmin(ReadOnlyAdmin):
    list_display = ["child", "first_day", "last_day", "reason", "withdrawn_at"]
    exclude = ["details"]


@admin.register(StaffShift)
class StaffShiftAdmin(ReadOnlyAdmin):
    list_display = ["membership", "room", "date", "signed_in_at", "signed_out_at"]


@admin.register(StaffQualification)
class StaffQualificationAdmin(ReadOnlyAdmin):
    list_display = ["membership", "has_level_6", "qualification", "setting"]


@admin.register(RatioBreach)
class RatioBreachAdmin(ReadOnlyAdmin):
    list_display = ["room", "started_at", "ended_at", "staff_on_duty", "staff_required",
                    "setting"]
    list_filter = ["setting"]
