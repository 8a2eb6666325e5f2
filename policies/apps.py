from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Policies"

    def ready(self):
        from policies import home, permissions, reminder_kinds  # noqa: F401  (rules, emails)
        from preschool.registry import register_home_section, register_manage_nav, register_nav

        register_home_section(home.manager_sections)
        register_home_section(home.reader_sections)
        register_nav(home.nav)
        register_manage_nav(home.manage_nav)
