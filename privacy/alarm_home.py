"""The bulk-access alarm on the managers' home page and in their "Manage" menu
(preschool.registry). One query, whatever the number of alerts."""

import rules
from django.urls import reverse
from django.utils.translation import gettext as _

from preschool.registry import HomeSection
from privacy.models import AccessAlert

SHOWN = 5


def manager_sections(request) -> list[HomeSection]:
    """"Unusual access": the open alerts of the setting, first on the page while any."""
    if request.setting is None or not rules.has_perm("privacy.review_alerts", request.user,
                                                     request.setting):
        return []
    alerts = list(AccessAlert.objects.for_setting(request.setting).open()
                  .select_related("membership__user").order_by("-raised_at")[:SHOWN + 1])
    if not alerts:
        return []
    return [HomeSection("privacy/alarm_home_section.html",
                        {"alerts": alerts[:SHOWN], "more": len(alerts) > SHOWN}, order=1)]


def manage_nav(membership) -> list[tuple[str, str]]:
    items = []
    if membership.can_manage_staff:
        items.append((_("Unusual access"), reverse("privacy-alert-list")))
    if membership.can_manage_setting:
        items.append((_("Privacy options"), reverse("privacy-options")))
    return items
