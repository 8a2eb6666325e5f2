"""The setting export's entry in the managers' "Manage" menu."""

from django.urls import reverse
from django.utils.translation import gettext as _


def manage_nav(membership) -> list[tuple[str, str]]:
    if membership.can_manage_setting:
        return [(_("Export all the setting's data"), reverse("setting-export"))]
    return []
