from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningJournalConfig(AppConfig):
    name = "learning_journal"
    verbose_name = _("Learning journal")

    def ready(self):
        from learning_journal import home, permissions, reminder_kinds  # noqa: F401 (rules, emails)
        from preschool.registry import register_home_section, register_nav

        register_home_section(home.manager_sections)
        register_home_section(home.staff_sections)
        register_home_section(home.family_sections)
        register_nav(home.nav)
