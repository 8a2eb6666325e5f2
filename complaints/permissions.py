"""Who may see and handle concerns and complaints.

- Managers (``Membership.can_manage_complaints``) see every concern of their setting, handle
  it (acknowledge, assign, investigate, close) and produce the record for Ofsted.
- The person who raised a concern sees it, its acknowledgement and its outcome; never the
  investigation notes or the attachments, which are staff-only.
- Practitioners see the compliments and suggestions a manager has shared with the staff team.
- Families raise concerns; any member of staff logs one received in person or by phone.

Answers follow the portal's convention (preschool/permissions.py): a concern of another
setting, or one the person may not see, is 404; one they see but may not handle is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from preschool.permissions import capability, membership_in, parse_uuid

can_manage_complaints = capability("can_manage_complaints", "complaints")
is_family = capability("is_family", "complaints")
is_staff_member = capability("is_staff_member", "complaints")

rules.add_perm("complaints.manage", can_manage_complaints)
rules.add_perm("complaints.raise", is_family)
rules.add_perm("complaints.log", is_staff_member)
rules.add_perm("complaints.open_form", is_family | is_staff_member)


def may_see(user, concern) -> bool:
    """The rule of ``access_concern``, for one concern already loaded."""
    membership = membership_in(user, concern.setting)
    if membership is None:
        return False
    if membership.can_manage_complaints:
        return True
    if concern.complainant_id is not None and concern.complainant_id == user.pk:
        return True
    return bool(membership.is_staff_member and concern.shared_with_staff_at is not None)


def access_concern(request, concern_uuid):
    """A concern of the current setting that the person may see; else 404.

    Managers see all of them; the person who raised it sees their own; practitioners see the
    compliments and suggestions shared with the staff team. Nobody else, and nobody from
    another setting.
    """
    from complaints.models import Concern

    concern = (Concern.objects.for_setting(request.setting)
               .filter(uuid=parse_uuid(concern_uuid))
               .select_related("setting", "child", "complainant", "assigned_to__user",
                               "acknowledged_by", "logged_by").first())
    if concern is None or not may_see(request.user, concern):
        raise Http404
    return concern


def access_concern_to_handle(request, concern_uuid):
    """A concern the person may see (else 404) and handle as a manager (else 403)."""
    concern = access_concern(request, concern_uuid)
    if not rules.has_perm("complaints.manage", request.user, request.setting):
        raise PermissionDenied
    return concern


def access_attachment(request, attachment_uuid):
    """A staff-only attachment of a concern of the current setting, for managers only.

    Attachments are part of the investigation: the family who raised the concern, and
    practitioners, get 404 as for a file that does not exist.
    """
    from complaints.models import Attachment

    attachment = (Attachment.objects.filter(concern__setting=request.setting,
                                            uuid=parse_uuid(attachment_uuid))
                  .select_related("concern__setting", "concern__child").first())
    if attachment is None or not rules.has_perm("complaints.manage", request.user,
                                                request.setting):
        raise Http404
    return attachment
