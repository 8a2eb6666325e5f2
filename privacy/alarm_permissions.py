"""Who may review the bulk-access alarm's alerts and change the privacy options.

- Managers (``Membership.can_manage_staff``) see the alerts of their setting and decide about
  them: resume the person's access, keep it paused, or end their membership. Nobody else
  sees an alert; an alert of another setting is 404, as for one that does not exist.
- Managers (``Membership.can_manage_setting``) change the setting's privacy options.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from preschool.permissions import capability, parse_uuid

rules.add_perm("privacy.review_alerts", capability("can_manage_staff", "privacy"))
rules.add_perm("privacy.change_options", capability("can_manage_setting", "privacy"))


def access_alert(request, alert_uuid):
    """An alert of the current setting, for a person who may review alerts.

    Another setting's alert, or a forged id, is 404; a member of this setting who may not
    review alerts gets 403 (the alerts exist, the person is not to see them).
    """
    from privacy.models import AccessAlert

    if request.setting is None:
        raise Http404
    if not rules.has_perm("privacy.review_alerts", request.user, request.setting):
        raise PermissionDenied
    alert = (AccessAlert.objects.for_setting(request.setting).filter(uuid=parse_uuid(alert_uuid))
             .select_related("setting", "membership__user", "closed_by").first())
    if alert is None:
        raise Http404
    return alert
