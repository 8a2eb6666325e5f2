from django.apps import AppConfig


def account_menu(user) -> list[tuple[str, str]]:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return [(_("Notifications on this device"), reverse("push-devices"))]


class PushConfig(AppConfig):
    name = "push"
    verbose_name = "Web push"

    def ready(self):
        from notifications.channels import register_channel
        from preschool.registry import register_account_menu
        from push import checks  # noqa: F401  (the VAPID keys' start-up check)
        from push.services import send

        register_channel("push", send)
        register_account_menu(account_menu)
