"""The managers' "Manage" menu: the cohort view and the setting's progress options."""

from django.urls import reverse
from django.utils.translation import gettext as _


def manage_nav(membership) -> list[tuple[str, str]]:
    if membership.can_manage_setting:
        return [(_("Progress across the setting"), reverse("progress-cohort")),
                (_("Progress options"), reverse("progress-options"))]
    return []
