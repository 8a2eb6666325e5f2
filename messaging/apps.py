from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = "Messages"

    def ready(self):
        from messaging import home
        from preschool.registry import register_child_section, register_nav

        register_nav(home.nav)
        register_child_section(home.child_section)
