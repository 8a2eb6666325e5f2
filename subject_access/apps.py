from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "subject_access"
    verbose_name = "Subject access requests"

    def ready(self):
        from preschool.registry import (
            register_account_menu,
            register_child_section,
            register_home_section,
            register_manage_nav,
        )
        from subject_access import home, permissions, reminder_kinds  # noqa: F401  (rules, emails)

        register_manage_nav(home.manage_nav)
        register_account_menu(home.account_menu)
        register_child_section(home.child_section)
        register_home_section(home.manager_sections)
