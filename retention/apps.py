from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Retention"

    def ready(self):
        from preschool.registry import register_child_section, register_manage_nav
        from retention import adult_home, adult_permissions  # noqa: F401  (rules)

        register_child_section(adult_home.child_section)
        register_manage_nav(adult_home.manage_nav)
