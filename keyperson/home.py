"""The key person's part of the home pages and the navigation (preschool.registry).

Each provider runs a fixed number of queries, however many children, meetings or bookings
there are (tests/keyperson/test_query_counts.py).
"""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import Child
from keyperson.models import Assignment, Booking, Event, MeetingRequest
from preschool.registry import HomeSection


def _current_key_assignments():
    return Assignment.objects.current().filter(staff__ended_at__isnull=True)


def child_section(request, child) -> list[HomeSection]:
    """The child's page: their key person and back-up, first (one query)."""
    # The key person first, then the back-up ("key" sorts after "backup").
    key_people = (Assignment.objects.current().filter(child=child)
                  .select_related("staff__user").order_by("-kind"))
    return [HomeSection("keyperson/child_section.html", {
        "child": child, "key_people": key_people,
        "is_staff": request.membership.can_view_all_children}, order=10)]


def family_sections(request) -> list[HomeSection]:
    """Parents and carers: each child's key person and back-up, their meetings and bookings."""
    membership = request.membership
    if membership is None or not membership.is_family:
        return []
    children = list(Child.objects.visible_to(request.user, request.setting).current()
                    .order_by("first_name", "last_name"))
    if not children:
        return []
    by_child = {c.pk: {"child": c, "key": None, "backup": None} for c in children}
    for a in (_current_key_assignments().filter(child__in=children)
              .select_related("staff__user", "staff__staff_profile")):
        by_child[a.child_id][a.kind] = a.staff
    now = timezone.now()
    meetings = list(
        MeetingRequest.objects.filter(child__in=children)
        .filter(Q(status=MeetingRequest.Status.PROPOSED)
                | Q(status=MeetingRequest.Status.ACCEPTED, scheduled_at__gte=now))
        .select_related("child", "staff__user").order_by("scheduled_at")[:10])
    bookings = list(
        Booking.objects.active().filter(child__in=children, event__cancelled_at__isnull=True,
                                        slot__ends_at__gte=now)
        .select_related("event", "child", "slot__staff__user")[:10])
    # Events still to book (those already booked are listed with the bookings).
    events = list(Event.objects.for_setting(request.setting).upcoming()
                  .exclude(bookings__in=Booking.objects.active().filter(child__in=children))[:5])
    return [HomeSection("keyperson/sections/family.html", {
        "children": list(by_child.values()), "meetings": meetings, "bookings": bookings,
        "events": events,
    }, order=20)]


def staff_sections(request) -> list[HomeSection]:
    """Staff: their key children and back-up children, meeting requests waiting for them, and
    their next parents' evening bookings."""
    membership = request.membership
    if membership is None or not membership.is_staff_member:
        return []
    mine = list(_current_key_assignments()
                .filter(staff=membership, child__in=Child.objects.for_setting(request.setting)
                        .current())
                .select_related("child__room").order_by("kind", "child__first_name"))
    key_children = [a.child for a in mine if a.kind == Assignment.Kind.KEY]
    backup_children = [a.child for a in mine if a.kind == Assignment.Kind.BACKUP]
    waiting = (MeetingRequest.objects.waiting_for_staff()
               .filter(Q(staff=membership)
                       | Q(child__in=Assignment.objects.current().filter(staff=membership)
                           .values("child_id")))
               .select_related("child", "requested_by").order_by("created_at"))
    bookings = (Booking.objects.active()
                .filter(slot__staff=membership, event__cancelled_at__isnull=True,
                        slot__starts_at__gte=timezone.now())
                .select_related("child", "slot", "event").order_by("slot__starts_at"))
    if membership.can_manage_staff and not mine:
        sections = []
    else:
        sections = [HomeSection("keyperson/sections/staff.html", {
            "key_children": key_children, "backup_children": backup_children,
        }, order=20, needs_attention=False)]
    waiting, bookings = list(waiting[:10]), list(bookings[:10])
    if waiting or bookings or not membership.can_manage_staff:
        sections.append(HomeSection("keyperson/sections/staff_meetings.html", {
            "waiting": waiting, "bookings": bookings}, order=21,
            needs_attention=bool(waiting)))
    return sections


def manager_sections(request) -> list[HomeSection]:
    """Managers: how many current children have no key person, or no back-up."""
    membership = request.membership
    if membership is None or not membership.can_manage_staff:
        return []
    children = Child.objects.for_setting(request.setting).current()

    def has(kind):
        return Exists(_current_key_assignments().filter(child=OuterRef("pk"), kind=kind))

    counts = {
        "without_key": children.filter(~has(Assignment.Kind.KEY)).count(),
        "without_backup": children.filter(~has(Assignment.Kind.BACKUP)).count(),
    }
    return [HomeSection("keyperson/sections/manager.html", counts, order=10,
                        needs_attention=any(counts.values()))]


def nav(membership) -> list[tuple[str, str]]:
    # One item: the bar is shared by every app. Managers reach the caseload ("Key people")
    # from their home page and from the meetings page.
    return [(_("Meetings"), reverse("keyperson-meetings"))] if membership.is_active else []
