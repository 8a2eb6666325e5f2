from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy"

    def ready(self):
        from preschool.registry import (
            register_home_section,
            register_looks_written,
            register_manage_nav,
        )
        from privacy import (  # noqa: F401  (rules, the alarm's email and tasks)
            alarm,
            alarm_home,
            alarm_permissions,
            reminder_kinds,
            tasks,
        )

        register_looks_written(alarm.on_looks_written)
        register_home_section(alarm_home.manager_sections)
        register_manage_nav(alarm_home.manage_nav)

        from privacy import looks_pages

        looks_pages.register()
