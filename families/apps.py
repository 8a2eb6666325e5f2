from django.apps import AppConfig


class FamiliesConfig(AppConfig):
    name = "families"
    verbose_name = "Families and children"

    def ready(self):
        from families import permissions  # noqa: F401  (registers the rules)
        from families.home import home_context, home_sections
        from families.services import link_invited_adult
        from preschool.registry import (
            register_home_context,
            register_home_section,
            register_invitation_accepted,
        )

        register_home_context(home_context)
        register_home_section(home_sections)
        register_invitation_accepted(link_invited_adult)
