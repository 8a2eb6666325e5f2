from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "progress"
    verbose_name = _("Progress")

    def ready(self):
        from preschool.registry import (
            register_child_section,
            register_home_section,
            register_manage_nav,
            register_nav,
        )
        from progress import (  # noqa: F401  (rules)
            check_prefill,
            cohort_home,
            family_home,
            permissions,
            record_home,
        )

        register_nav(record_home.nav)
        register_home_section(record_home.staff_sections)
        register_home_section(family_home.family_sections)
        register_child_section(family_home.child_section)
        register_manage_nav(cohort_home.manage_nav)
        check_prefill.register()
