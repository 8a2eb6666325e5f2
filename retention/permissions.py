"""Who may see and change a setting's retention schedule, legal holds and erasure log.

Managers (``Membership.can_manage_setting``) only: the schedule and the holds decide what
the setting keeps and erases. Everyone else in the setting gets 403 on these pages; a hold
of another setting is 404, as a missing one.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from preschool.permissions import capability, parse_uuid

can_manage_retention = capability("can_manage_setting", "retention")

rules.add_perm("retention.manage", can_manage_retention)


def access_hold(request, hold_uuid):
    """A legal hold of the current setting, for its managers: another setting's hold, or
    none, is 404; a member of the setting who is not a manager gets 403."""
    from retention.models import LegalHold

    hold = (LegalHold.objects.filter(setting=request.setting, uuid=parse_uuid(hold_uuid))
            .select_related("child", "user").first())
    if hold is None:
        raise Http404
    if not rules.has_perm("retention.manage", request.user, request.setting):
        raise PermissionDenied
    return hold
