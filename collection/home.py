"""Collection's part of the shared pages: late collections on the staff home page
(preschool.registry); today's passwords among the register's alerts and a row's late collection
(attendance.registry). Each runs a fixed number of queries."""

from django.utils import timezone

from attendance.models import AttendanceRecord, AttendanceSettings
from collection.models import CollectionPassword, LateCollection
from preschool.registry import HomeSection


def passwords_for(child_ids, day) -> dict[int, str]:
    """For the register's alerts: whom a password is set for today, by child (one query)."""
    return dict(CollectionPassword.objects.active_on(day).filter(child_id__in=child_ids)
                .order_by().values_list("child_id", "collector_name"))


def record_section(record) -> list[HomeSection]:
    """A register row's page: the late collection, if the child was collected late."""
    late = LateCollection.objects.filter(record=record).select_related("recorded_by").first()
    return [HomeSection("collection/record_section.html", {"late": late})] if late else []


def staff_sections(request) -> list[HomeSection]:
    """Children still here after their session ended; past the setting's alert time, the
    manager must follow the non-collection procedure."""
    membership = request.membership
    if membership is None or not membership.can_record_attendance:
        return []
    now = timezone.now()
    late = [r for r in AttendanceRecord.objects.open()
            .filter(setting=request.setting, date=timezone.localdate(now),
                    session__isnull=False).select_related("child", "session")
            .order_by("session__ends_at", "child__first_name", "child__last_name", "pk")
            if r.is_late(now)]
    if not late:
        return []
    # As the alert emails decide it (collection.reminder_kinds.overdue_records).
    minutes = AttendanceSettings.of(request.setting).late_alert_minutes
    return [HomeSection("collection/sections/late.html", {
        "late": late, "overdue": [r for r in late if r.late_alert_at(minutes) <= now],
        "is_manager": membership.can_manage_setting}, order=2)]
