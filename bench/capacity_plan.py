"""Who takes part in the capacity benchmark (bench/capacity.py), signed in without a password.

For each of the first ``count`` seed_scale settings: every family (a parent of one child) and
every practitioner, each with a session made the way Django's test client's ``force_login``
makes one (a session row in the database, its key in the cookie) and a CSRF cookie made by
Django's ``get_token``. The load test hands these cookies to its simulated people, so no
request goes through the sign-in page (rate-limited per address) or two-factor
authentication (the portal runs with ``REQUIRE_STAFF_MFA=false`` for the benchmark).

The morning is made ready as a setting's would be at 08:30: each room has a practitioner on
duty, and no child is still signed in from an earlier run today (they are signed out, as at
the end of a day). Needs a configured Django (``django.setup()``).
"""

from django.conf import settings
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import timezone
from django_scopes import scope

WHO_COLLECTS = "adult:{uuid}"


def session_cookie(user) -> str:
    """A ``Cookie`` header value that signs ``user`` in: a new session, as
    ``Client.force_login`` makes it, and a CSRF cookie."""
    client = Client()
    client.force_login(user)
    request = RequestFactory().get("/")
    get_token(request)
    return (f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
            f"{settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}")


def ready_for_the_morning(setting, practitioners, rooms) -> None:
    """Each room with a practitioner on duty (no ratio alarm at every tap), and every child
    signed in earlier today signed out, so the register starts the day empty."""
    from attendance.models import AttendanceRecord, StaffShift
    from attendance.services import staff_sign_in
    from collection.services import sign_out

    today = timezone.localdate()
    for room, member in zip(rooms, practitioners, strict=False):
        if not StaffShift.objects.open().filter(membership=member, date=today).exists():
            staff_sign_in(member.user, member, room)
    for record in (AttendanceRecord.objects.open().filter(setting=setting, date=today)
                   .select_related("child")):
        adult = record.child.adults.filter(may_collect=True).first()
        sign_out(practitioners[0].user, record, token=WHO_COLLECTS.format(uuid=adult.uuid))


def make_plan(count: int) -> list[dict[str, str | list[str]]]:
    """The people of the first ``count`` scale settings, with their cookies and what they
    work with: for a family, their child and conversation; for a practitioner, their room,
    the room's children and which of those have a medicine in force."""
    from consents.models import MedicationPermission
    from families.models import Child, ChildAdult
    from messaging.models import Conversation
    from preschool.models import Membership, Role, Setting

    plan: list[dict[str, str | list[str]]] = []
    chosen = Setting.objects.filter(slug__startswith="scale-").order_by("pk")[:count]
    if len(chosen) < count:
        raise SystemExit(f"Only {len(chosen)} scale settings: run `manage.py seed_scale`.")
    for setting in chosen:
        with scope(setting=setting):
            rooms = list(setting.rooms.order_by("pk"))
            practitioners = list(Membership.objects.active().filter(
                setting=setting, role=Role.PRACTITIONER).select_related("user").order_by("pk"))
            ready_for_the_morning(setting, practitioners, rooms)
            medicine = set(MedicationPermission.objects.in_force().filter(setting=setting)
                           .values_list("child_id", flat=True))
            conversations = dict(Conversation.objects.filter(setting=setting, child__isnull=False)
                                 .values_list("child_id", "uuid"))
            children = list(Child.objects.filter(setting=setting).current().order_by("pk"))
            for link in (ChildAdult.objects.filter(child__in=children, user__isnull=False)
                         .select_related("child", "user").order_by("child_id")):
                plan.append({
                    "kind": "family", "setting": setting.slug,
                    "cookie": session_cookie(link.user), "child": str(link.child.uuid),
                    "child_name": link.child.first_name,
                    "conversation": str(conversations.get(link.child_id, ""))})
            for i, member in enumerate(practitioners):
                room = rooms[i % len(rooms)]
                room_children = [c for c in children if c.room_id == room.pk]
                person: dict[str, str | list[str]] = {
                    # The first practitioner of each room keeps the register; the others write
                    # observations and record medicines.
                    "kind": "register" if i < len(rooms) else "practitioner",
                    "setting": setting.slug, "cookie": session_cookie(member.user),
                    "room": str(room.uuid),
                    "children": [str(c.uuid) for c in room_children],
                    "medicine": [str(c.uuid) for c in room_children if c.pk in medicine]}
                plan.append(person)
    return plan
