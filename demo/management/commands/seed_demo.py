from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.worlds import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo pre-schools (idempotent) and print their logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Load the demo even with DEBUG off (never on a live site).")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("The demo creates accounts with a published password. Run it "
                               "with DEBUG=true, or pass --force on a throwaway site.")
        rows = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo logins (password for all: "
                                             f"{DEMO_PASSWORD})"))
        width = max(len(r[1]) for r in rows)
        current = None
        for setting, role, email in rows:
            if setting != current:
                self.stdout.write(f"\n  {setting}")
                current = setting
            self.stdout.write(f"    {role:<{width}}  {email}")
        self.stdout.write("")
