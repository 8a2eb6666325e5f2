"""``manage.py export_setting <slug or uuid> --output file.zip``."""

import zipfile

import pytest
from django.core.management import CommandError, call_command

from preschool.models import AuditEvent


def test_it_writes_the_settings_export_by_slug_or_uuid(world, tmp_path):
    by_slug, by_uuid = tmp_path / "acorn.zip", tmp_path / "acorn-again.zip"
    call_command("export_setting", "acorn-test", output=by_slug)
    call_command("export_setting", str(world.setting_a.uuid), output=by_uuid)
    for path in (by_slug, by_uuid):
        with zipfile.ZipFile(path) as archive:
            assert "families/child.csv" in archive.namelist()
            assert b"Parentchild" in archive.read("families/child.csv")
            assert b"Riverchild" not in archive.read("families/child.csv")
    assert not list(tmp_path.glob("*.partial"))
    assert AuditEvent.objects.filter(action="setting_export.exported_by_command",
                                     setting=world.setting_a).count() == 2


def test_it_refuses_an_unknown_setting_and_an_existing_file(world, tmp_path):
    with pytest.raises(CommandError, match="No setting"):
        call_command("export_setting", "nowhere", output=tmp_path / "x.zip")
    existing = tmp_path / "existing.zip"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="exists"):
        call_command("export_setting", "acorn-test", output=existing)
    assert existing.read_bytes() == b"keep me"
