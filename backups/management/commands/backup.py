"""``python manage.py backup --output /backups/portal-2026-12-04``: the database and every
stored file, together, into a new folder (backups/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.backup import make_backup
from backups.database import BackupError
from backups.progress import size_text


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and every stored file into a new folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, type=Path,
                            help="The folder to create; an existing one is never written over.")

    def handle(self, *args, **options) -> None:
        output: Path = options["output"]
        try:
            manifest = make_backup(output, self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {output}: the database {manifest.database} as of {manifest.created_at}, "
            f"{len(manifest.objects)} files ({size_text(manifest.object_bytes)})."))
        if manifest.missing:
            self.stdout.write(
                f"{len(manifest.missing)} files the database referred to were deleted before "
                "they could be copied (an erasure or a removal meanwhile); the manifest lists "
                "them under \"missing\".")
