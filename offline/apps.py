from django.apps import AppConfig


class OfflineConfig(AppConfig):
    name = "offline"
    verbose_name = "Offline capture"

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        from offline.services import forget_device_at_sign_out, forget_devices_of
        from preschool.registry import register_membership_paused

        register_membership_paused(forget_devices_of)

        # Django's own signal of a sign-out (allauth's logout calls django.contrib.auth's
        # logout): the one moment the session still names the device.
        user_logged_out.connect(forget_device_at_sign_out,
                                dispatch_uid="offline-forget-device-at-sign-out")
