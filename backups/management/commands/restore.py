"""``python manage.py restore /backups/portal-2026-12-04``: a backup into an empty database and
an empty storage (backups/restore.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.database import BackupError
from backups.progress import size_text
from backups.restore import restore_backup


class Command(BaseCommand):
    help = "Restore a backup into an empty database and an empty storage of files."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", type=Path, help="The backup's folder.")

    def handle(self, *args, **options) -> None:
        try:
            restored = restore_backup(options["backup"], self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = restored.manifest
        say = self.stdout.write
        say(self.style.SUCCESS(
            f"Restored the backup of {manifest.database} made at {manifest.created_at}: the "
            f"database and {len(manifest.objects)} files ({size_text(manifest.object_bytes)})."))
        if manifest.missing:
            say(f"{len(manifest.missing)} files the database refers to were deleted before "
                "the backup copied them; their pages answer 404:")
            for name in manifest.missing:
                say(f"  {name}")
        if restored.unapplied:
            say(self.style.WARNING(
                f"The backup is from an older version of the portal: {len(restored.unapplied)} "
                "migrations to apply. Run `python manage.py migrate` before starting it."))
        say(f"Anything erased after {manifest.created_at} is back. The nightly retention run "
            "erases again what is past its period. An adult's erasure processed after that "
            "time must be processed again by a manager (Manage, Erasure requests).")
        if restored.waiting_erasures:
            say("Erasure requests waiting when the backup was made (check whether they were "
                "processed since):")
            for setting, recorded, uuid in restored.waiting_erasures:
                say(f"  {setting}: recorded {recorded}, request {uuid}")
