from django.apps import AppConfig


class PreschoolConfig(AppConfig):
    name = "preschool"
    verbose_name = "Portal core"

    def ready(self):
        from preschool import (
            language_views,  # noqa: F401  (keeps a language chosen before signing in)
            reminder_kinds,  # noqa: F401  (registers the core's emails)
            tasks,  # noqa: F401  (registers the tasks lib.reminders queues)
        )
