"""Print a new VAPID key pair for the environment (see README, "Web push")."""

from django.core.management.base import BaseCommand

from push import vapid


class Command(BaseCommand):
    help = ("Print a new VAPID key pair as VAPID_PUBLIC_KEY=... and VAPID_PRIVATE_KEY=... lines. "
            "Changing the keys ends every device's subscription: people turn push on again.")

    def handle(self, *args, **options):
        public, private = vapid.generate()
        self.stdout.write(f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}\n")
