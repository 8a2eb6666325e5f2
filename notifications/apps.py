from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from notifications import (
            home,
            reminder_kinds,  # noqa: F401  (registers the centre's emails)
            tasks,  # noqa: F401  (registers the delivery task delivery.queue sends to)
        )
        from preschool.registry import register_home_section

        register_home_section(home.needs_action)
