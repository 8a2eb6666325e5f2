"""Late collections on the staff home page (preschool.registry): a fixed number of queries."""

from django.utils import timezone

from attendance.models import AttendanceRecord
from preschool.registry import HomeSection


def staff_sections(request) -> list[HomeSection]:
    """Children still here after their session ended; past the setting's alert time, the
    manager must follow the non-collection procedure."""
    membership = request.membership
    if membership is None or not membership.can_record_attendance:
        return []
    from collection.reminder_kinds import overdue_records

    now = timezone.now()
    late = [r for r in AttendanceRecord.objects.open()
            .filter(setting=request.setting, date=timezone.localdate(now),
                    session__isnull=False).select_related("child", "session")
            if r.is_late(now)]
    if not late:
        return []
    overdue = {r.pk for r, _ in overdue_records(now, request.setting)}
    return [HomeSection("collection/sections/late.html", {
        "late": late, "overdue": [r for r in late if r.pk in overdue],
        "is_manager": membership.can_manage_setting}, order=2)]
