"""Who may process an adult's request to erase their data: the setting's managers.

A person or request of another setting answers 404, like a missing one; a member of the
setting who is not a manager gets 403 (the pages are in no other role's navigation).
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from preschool.permissions import capability, parse_uuid

can_process_erasure = capability("can_manage_setting", "retention")

rules.add_perm("retention.process_adult_erasure", can_process_erasure)


def _require_manager(request) -> None:
    if request.setting is None:
        raise Http404
    if not rules.has_perm("retention.process_adult_erasure", request.user, request.setting):
        raise PermissionDenied


def access_adult(request, user_uuid):
    """An adult with a membership of the current setting or a link to one of its children,
    for its managers; anyone else 404 (another setting's people included)."""
    from retention.adults import people_of

    _require_manager(request)
    user = people_of(request.setting).filter(uuid=parse_uuid(user_uuid)).first()
    if user is None:
        raise Http404
    return user


def access_erasure(request, erasure_uuid):
    """A request of the current setting, for its managers; else 404 (403 for its other
    members)."""
    from retention.adults import AdultErasure

    _require_manager(request)
    erasure = (AdultErasure.objects.filter(setting=request.setting,
                                           uuid=parse_uuid(erasure_uuid))
               .select_related("user", "setting", "recorded_by", "processed_by").first())
    if erasure is None:
        raise Http404
    return erasure
