from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "consents"
    verbose_name = _("Consents, medication and accidents")

    def ready(self):
        from consents import home, permissions, reminder_kinds  # noqa: F401  (rules, emails)
        from preschool.registry import register_child_section, register_home_section, register_nav

        register_home_section(home.family_sections)
        register_home_section(home.staff_sections)
        register_nav(home.nav)
        register_child_section(home.child_section)
