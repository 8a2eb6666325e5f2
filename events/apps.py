from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events"

    def ready(self):
        from events import home, permissions, reminder_kinds  # noqa: F401  (rules, emails)
        from preschool.registry import register_home_section, register_manage_nav

        register_home_section(home.family_sections)
        register_manage_nav(home.manage_nav)
