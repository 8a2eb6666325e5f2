"""Who may see and handle subject access requests.

- Managers (``Membership.can_manage_setting``) see every request of their setting, build the
  bundle, check it, release it, extend the deadline, refuse or close a request.
- Any member of staff logs a request received in person, by phone, email or letter; the
  managers handle it.
- A family member asks online: about themselves, or about a child for whom they have parental
  responsibility (``families.access.has_parental_responsibility``).
- The person who asked sees their request and its status, and downloads the released bundle
  through its link while it lasts (signed in as themselves).

Answers follow the portal's convention (preschool/permissions.py): a request of another
setting, or one the person may not see, is 404; one they see but may not handle is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from families.access import has_parental_responsibility
from preschool.permissions import capability, membership_in, parse_uuid

can_handle_requests = capability("can_manage_setting", "subject_access")
is_family = capability("is_family", "subject_access")
is_staff_member = capability("is_staff_member", "subject_access")

rules.add_perm("subject_access.manage", can_handle_requests)
rules.add_perm("subject_access.ask", is_family)
rules.add_perm("subject_access.log", is_staff_member)
# A family member asks for a copy of a child's data only with parental responsibility.
rules.add_perm("subject_access.ask_about_child", has_parental_responsibility)


def may_see(user, sar) -> bool:
    """The rule of ``access_request``, for one request already loaded."""
    membership = membership_in(user, sar.setting)
    if membership is None:
        return False
    if membership.can_manage_setting:
        return True
    return sar.requester_id is not None and sar.requester_id == user.pk


def access_request(request, request_uuid):
    """A request of the current setting the person may see; else 404.

    Managers see all of them; the person who asked sees their own. Nobody else, and nobody
    from another setting.
    """
    from subject_access.models import SubjectAccessRequest

    sar = (SubjectAccessRequest.objects.for_setting(request.setting)
           .filter(uuid=parse_uuid(request_uuid))
           .select_related("setting", "child", "subject_user", "requester", "logged_by",
                           "released_by").first())
    if sar is None or not may_see(request.user, sar):
        raise Http404
    return sar


def access_request_to_handle(request, request_uuid):
    """A request the person may see (else 404) and handle as a manager (else 403)."""
    sar = access_request(request, request_uuid)
    if not rules.has_perm("subject_access.manage", request.user, request.setting):
        raise PermissionDenied
    return sar
