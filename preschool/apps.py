from django.apps import AppConfig


def account_menu(user) -> list[tuple[str, str]]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return [(_("Your devices and sessions"), reverse("usersessions_list"))]


class PreschoolConfig(AppConfig):
    name = "preschool"
    verbose_name = "Portal core"

    def ready(self):
        from preschool import (
            home,
            language_views,  # noqa: F401  (keeps a language chosen before signing in)
            reminder_kinds,  # noqa: F401  (registers the core's emails)
            tasks,  # noqa: F401  (registers the tasks lib.reminders queues)
        )
        from preschool.registry import register_account_menu, register_home_section

        register_account_menu(account_menu)
        register_home_section(home.two_step_encouragement)
