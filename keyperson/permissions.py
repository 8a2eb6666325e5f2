"""Who may do what with key people, settling in, meetings and parents' evenings.

- Managers (``Membership.can_manage_staff``) assign key people and arrange events.
- A child's key person, back-up key person and the setting's managers write the child's
  settling-in record and answer the family's meeting requests.
- The child's family - adults linked to the child with the right to receive information -
  see the key person, the settling-in record (never its staff-only notes), comment on it,
  ask for meetings and book slots. Anyone else linked to the child sees nothing (404).

Answers follow the portal's convention (preschool/permissions.py): something of another
setting, or that one may not see, is 404; something visible that one may not change is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from families.access import is_informed_family, is_staff_of_child
from families.models import HEARS, ChildAdult
from keyperson.models import Assignment
from preschool.permissions import capability, membership_in, parse_uuid


def current_assignments(child) -> dict:
    """The child's current key person and back-up assignments by kind, each with its member of
    staff and their user (one query, cached on the child).

    An assignment to someone who has left the setting does not count: the child needs a new
    key person.
    """
    cached = getattr(child, "_keyperson_current", None)
    if cached is None:
        cached = {}
        for assignment in (Assignment.objects.current()
                           .filter(child=child, staff__ended_at__isnull=True)
                           .select_related("staff__user")):
            assignment.child = child
            cached[assignment.kind] = assignment
        child._keyperson_current = cached
    return cached


def child_has_left(child) -> bool:
    return child.leaving_date is not None and child.leaving_date <= timezone.localdate()


can_manage_staff = capability("can_manage_staff", "keyperson")
is_staff_member = capability("is_staff_member", "keyperson")
manages_key_people_of_child = is_staff_of_child & can_manage_staff


@rules.predicate
def is_key_person_or_backup(user, child):
    """The child's current key person or back-up (keyperson's to say: the assignments are
    its own)."""
    membership = membership_in(user, child.setting)
    if membership is None or not membership.is_staff_member:
        return False
    known = getattr(child, "_keyperson_current", None)
    if known is not None:  # the page has read the assignments already
        return any(a.staff_id == membership.pk for a in known.values())
    return Assignment.objects.current().filter(child=child, staff=membership).exists()


# Per setting.
rules.add_perm("keyperson.manage_assignments", can_manage_staff)
rules.add_perm("keyperson.manage_events", can_manage_staff)
rules.add_perm("keyperson.edit_own_profile", is_staff_member)
# Per child.
rules.add_perm("keyperson.write_settling_in",
               manages_key_people_of_child | is_key_person_or_backup)
rules.add_perm("keyperson.answer_meetings", manages_key_people_of_child | is_key_person_or_backup)
rules.add_perm("keyperson.comment_settling_in",
               is_informed_family | manages_key_people_of_child | is_key_person_or_backup)
rules.add_perm("keyperson.request_meeting", is_informed_family)
rules.add_perm("keyperson.book_slot", is_informed_family)


def can(user, perm: str, obj) -> bool:
    return rules.has_perm(perm, user, obj)


def access_staff_profile(request, profile_uuid):
    """A staff profile of the current setting, for any member of it; else 404.

    Families of the setting may see the staff's photos and "about me" (that is how they know
    who the key person is); nobody outside the setting may. The profile of someone who has
    left answers 404.
    """
    from keyperson.models import StaffProfile

    profile = (StaffProfile.objects.filter(setting=request.setting,
                                           uuid=parse_uuid(profile_uuid),
                                           membership__ended_at__isnull=True)
               .select_related("membership__user").first())
    if profile is None or membership_in(request.user, request.setting) is None:
        raise Http404
    return profile


def access_meeting(request, meeting_uuid):
    """A meeting request of the current setting, for its parties; else 404.

    Its parties are the child's family (adults with the right to receive information), the
    child's key person and back-up, the staff member it was addressed to, and managers.
    Other practitioners, and other families, get 404.
    """
    from keyperson.models import MeetingRequest

    meeting = (MeetingRequest.objects.for_setting(request.setting)
               .filter(uuid=parse_uuid(meeting_uuid))
               .select_related("child__setting", "staff__user", "requested_by").first())
    if meeting is None or not is_meeting_party(request.user, meeting):
        raise Http404
    return meeting


def is_meeting_party(user, meeting) -> bool:
    child = meeting.child
    membership = membership_in(user, child.setting)
    if membership is None:
        return False
    if membership.is_staff_member:
        return (membership.pk == meeting.staff_id
                or rules.has_perm("keyperson.answer_meetings", user, child))
    return is_informed_family(user, child)


def is_meeting_staff(user, meeting) -> bool:
    """May answer the meeting request: the member of staff it was sent to, the child's current
    key person or back-up, or a manager."""
    membership = membership_in(user, meeting.child.setting)
    if membership is None or not membership.is_staff_member:
        return False
    return (membership.pk == meeting.staff_id
            or rules.has_perm("keyperson.answer_meetings", user, meeting.child))


def access_event(request, event_uuid):
    """A parents' evening or drop-in of the current setting, for any member of it; else 404.

    Staff see every slot and booking; families see only the slots of their own children's key
    people (the views decide what to show).
    """
    from keyperson.models import Event

    event = Event.objects.for_setting(request.setting).filter(
        uuid=parse_uuid(event_uuid)).first()
    if event is None or membership_in(request.user, request.setting) is None:
        raise Http404
    return event


def access_booking(request, booking_uuid, *, for_change: bool = False):
    """A booking at an event of the current setting.

    Staff of the setting, and the child's family (adults with the right to receive
    information), see it; anyone else gets 404. To cancel it (``for_change``) a member of
    staff must be the one the slot is with, or a manager (403 otherwise).
    """
    from keyperson.models import Booking

    booking = (Booking.objects.filter(event__setting=request.setting,
                                      uuid=parse_uuid(booking_uuid))
               .select_related("event__setting", "slot__staff__user", "child__setting")
               .first())
    if booking is None:
        raise Http404
    child = booking.child
    user = request.user
    if is_staff_of_child(user, child):
        if for_change and not (manages_key_people_of_child(user, child)
                               or membership_in(user, child.setting).pk
                               == booking.slot.staff_id):
            raise PermissionDenied
        return booking
    if is_informed_family(user, child):
        return booking
    raise Http404


def staff_choices(setting):
    """Memberships that may be a key person: active practitioners and managers of
    ``setting``."""
    from preschool.models import Membership

    return (Membership.objects.for_setting(setting).active().staff()
            .select_related("user").order_by("user__full_name"))


def family_children_q(user) -> Q:
    """Children ``user`` may see as family: a link with the right to receive information and
    no restriction (``families.models.HEARS``)."""
    return Q(adults__in=ChildAdult.objects.filter(HEARS, user=user))
