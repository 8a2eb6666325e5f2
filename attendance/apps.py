from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Attendance")

    def ready(self):
        from attendance import home, permissions  # noqa: F401  (registers the rules)
        from preschool.registry import register_home_section, register_nav

        register_home_section(home.staff_sections)
        register_home_section(home.family_sections)
        register_nav(home.nav)
