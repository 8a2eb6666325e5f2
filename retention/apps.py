from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention"

    def ready(self):
        from preschool.registry import (
            register_child_section,
            register_home_section,
            register_manage_nav,
        )
        from retention import home, permissions, reminder_kinds  # noqa: F401  (rules, emails)

        register_home_section(home.manager_sections)
        register_child_section(home.child_section)
        register_manage_nav(home.manage_nav)
