from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "collection"
    verbose_name = _("Collection")

    def ready(self):
        from attendance.registry import register_passwords, register_record_section
        from collection import home, permissions, reminder_kinds  # noqa: F401  (rules, emails)
        from preschool.registry import register_home_section

        register_home_section(home.staff_sections)
        register_passwords(home.passwords_for)
        register_record_section(home.record_section)
