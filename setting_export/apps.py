from django.apps import AppConfig


class SettingExportConfig(AppConfig):
    name = "setting_export"
    verbose_name = "Whole-setting export"

    def ready(self):
        from preschool.registry import register_manage_nav
        from setting_export import home, permissions, tasks  # noqa: F401  (rules, tasks)

        register_manage_nav(home.manage_nav)
