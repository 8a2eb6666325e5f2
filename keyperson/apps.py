from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeypersonConfig(AppConfig):
    name = "keyperson"
    verbose_name = _("Key person")

    def ready(self):
        from keyperson import home, permissions, reminder_kinds  # noqa: F401  (rules, emails)
        from keyperson.services import end_assignments_of
        from preschool.registry import (
            register_child_section,
            register_home_section,
            register_membership_ended,
            register_nav,
        )

        register_home_section(home.manager_sections)
        register_home_section(home.family_sections)
        register_home_section(home.staff_sections)
        register_nav(home.nav)
        register_child_section(home.child_section)
        register_membership_ended(end_assignments_of)
