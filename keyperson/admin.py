"""Read-only views for the portal's operators: changes go through the services (audited)."""

from django.contrib import admin

from keyperson.models import (
    Assignment,
    Booking,
    Event,
    HomeVisit,
    MeetingRequest,
    SettlingVisit,
    StaffProfile,
)
from preschool.admin import ReadOnlyAdmin


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["child", "kind", "staff", "started_on", "ended_on", "setting"]
    list_filter = ["setting", "kind"]


@admin.register(StaffProfile)
class StaffProfileAdmin(ReadOnlyAdmin):
    list_display = ["membership", "setting", "updated_at"]
    list_filter = ["setting"]
    exclude = ["photo"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["child", "staff", "status", "scheduled_at", "created_at", "setting"]
    list_filter = ["setting", "status"]
    exclude = ["details", "reply"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "date", "starts_at", "ends_at", "setting", "cancelled_at"]
    list_filter = ["setting", "kind"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["child", "slot", "created_at", "cancelled_at"]


@admin.register(SettlingVisit)
class SettlingVisitAdmin(ReadOnlyAdmin):
    list_display = ["child", "visited_on", "setting"]
    fields = ["child", "visited_on", "written_by", "created_at"]


@admin.register(HomeVisit)
class HomeVisitAdmin(ReadOnlyAdmin):
    list_display = ["child", "visited_on", "setting"]
    fields = ["child", "visited_on", "written_by", "created_at"]
