"""``python manage.py export_setting <slug or uuid> --output /path/file.zip``: everything a
setting holds, as the managers' download builds it (setting_export/archive.py), for an
operator helping a setting leave the service."""

import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from preschool.models import Setting, log_action
from setting_export.archive import write_archive


class Command(BaseCommand):
    help = "Export every table of one setting as CSV and JSON, with its files, into a ZIP."

    def add_arguments(self, parser) -> None:
        parser.add_argument("setting", help="The setting's slug or UUID.")
        parser.add_argument("--output", required=True, type=Path,
                            help="Where to write the ZIP (an existing file is not replaced).")

    def handle(self, *args, **options) -> None:
        setting = self._setting(options["setting"])
        output: Path = options["output"]
        if output.exists():
            raise CommandError(f"{output} exists: choose another name.")
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent} is not a folder.")
        # The export spans the setting's tables, some scoped and some not: scopes are
        # disabled, and each model's rows are filtered to the setting explicitly.
        partial = output.with_name(output.name + ".partial")
        try:
            with scopes_disabled(), open(partial, "xb") as target:
                summary = write_archive(setting, target)
            partial.rename(output)
        finally:
            partial.unlink(missing_ok=True)
        log_action(None, "setting_export.exported_by_command", setting, setting=setting,
                   changes={"rows": summary.row_count, "files": summary.files,
                            "missing_files": len(summary.missing_files)})
        self.stdout.write(f"Wrote {output}: {len(summary.rows)} tables, {summary.row_count} "
                          f"rows, {summary.files} files ({len(summary.missing_files)} missing).")

    def _setting(self, key: str) -> Setting:
        try:
            setting = Setting.objects.filter(uuid=uuid.UUID(key)).first()
        except ValueError:
            setting = Setting.objects.filter(slug=key).first()
        if setting is None:
            raise CommandError(f"No setting {key!r}.")
        return setting
