from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def account_menu(user) -> list[tuple[str, str]]:
    """Under the person's name: their personal access tokens."""
    from django.urls import reverse
    from django.utils.translation import gettext

    return [(gettext("API tokens"), reverse("api-tokens"))]


def manage_nav(membership) -> list[tuple[str, str]]:
    """The managers' Manage menu: every token of the setting."""
    from django.urls import reverse
    from django.utils.translation import gettext

    if membership.can_manage_staff:
        return [(gettext("API tokens"), reverse("api-tokens"))]
    return []


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from api import permissions  # noqa: F401  (rules)
        from preschool.registry import register_account_menu, register_manage_nav

        register_account_menu(account_menu)
        register_manage_nav(manage_nav)
