from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = "Concerns and complaints"

    def ready(self):
        from complaints import home, permissions, reminder_kinds  # noqa: F401  (rules, emails)
        from preschool.registry import register_home_section, register_nav

        register_home_section(home.manager_sections)
        register_home_section(home.family_sections)
        register_home_section(home.staff_sections)
        register_nav(home.nav)
