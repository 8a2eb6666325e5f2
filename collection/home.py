"""Late collections on the staff home page (preschool.registry): a fixed number of queries."""

from django.utils import timezone

from attendance.models import AttendanceRecord, AttendanceSettings
from preschool.registry import HomeSection


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
            if r.is_late(now)]
    if not late:
        return []
    # As the alert emails decide it (collection.reminder_kinds.overdue_records).
    minutes = AttendanceSettings.of(request.setting).late_alert_minutes
    return [HomeSection("collection/sections/late.html", {
        "late": late, "overdue": [r for r in late if r.late_alert_at(minutes) <= now],
        "is_manager": membership.can_manage_setting}, order=2)]
