"""Who may see and run events.

- Staff of the setting create and cancel events, and see every answer.
- A family member who may hear of a current child of the setting
  (``families.access.children_heard_by``) sees the setting's events and answers for those
  children; a carer without the right to information, or an adult under a restriction, sees
  none of it.
- The calendar feed is read without signing in, by its secret address alone (events.views).

Answers follow the portal's convention: another setting's event is 404, as is one the person
may not see; one they see but may not change is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from families.access import children_heard_by
from preschool.permissions import capability, membership_in, parse_uuid

is_staff_member = capability("is_staff_member", "events")


@rules.predicate
def hears_of_a_child(user, setting) -> bool:
    """A family member of the setting who may hear of one of its current children."""
    return children_heard_by(user, setting).exists()


rules.add_perm("events.manage", is_staff_member)
rules.add_perm("events.read", is_staff_member | hears_of_a_child)
# The list page: a family member who hears of no child sees it empty.
rules.add_perm("events.list", is_staff_member | capability("is_family", "events"))
rules.add_perm("events.calendar_feed", hears_of_a_child)


def access_event(request, event_uuid):
    """An event of the current setting, for its staff and the families who hear of one of its
    children; else 404."""
    from events.models import Event

    if request.setting is None:
        raise Http404
    event = (Event.objects.for_setting(request.setting).filter(uuid=parse_uuid(event_uuid))
             .select_related("created_by").first())
    if event is None or not rules.has_perm("events.read", request.user, request.setting):
        raise Http404
    event.setting = request.setting
    return event


def access_event_to_manage(request, event_uuid):
    """An event the person may see (else 404), for staff to change (else 403)."""
    event = access_event(request, event_uuid)
    membership = membership_in(request.user, request.setting)
    if membership is None or not membership.is_staff_member:
        raise PermissionDenied
    return event
