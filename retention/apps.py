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
        from retention import (  # noqa: F401  (rules, emails)
            adult_home,
            adult_permissions,
            home,
            permissions,
            reminder_kinds,
        )

        register_home_section(home.manager_sections)
        register_child_section(home.child_section)
        register_child_section(adult_home.child_section)
        register_manage_nav(home.manage_nav)
        register_manage_nav(adult_home.manage_nav)
