from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News and announcements"

    def ready(self):
        from news import home, permissions, reminder_kinds, tasks  # noqa: F401  (rules, emails)
        from notifications.checks import register_check
        from preschool.registry import register_home_section, register_manage_nav, register_nav

        # The centre's email, digest line or push of a post asks first (a withdrawn post).
        register_check("news-detail", reminder_kinds.still_told)

        register_home_section(home.family_sections)
        register_home_section(home.staff_sections)
        register_nav(home.nav)
        register_manage_nav(home.manage_nav)
