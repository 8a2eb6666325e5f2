"""Exports for the tests."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from setting_export.models import AVAILABLE_FOR, SettingExport


def built_export(world, *, content: bytes = b"PK\x05\x06" + b"\x00" * 18,
                 finished=None) -> SettingExport:
    """A ready export of Acorn asked for by Mona (an empty ZIP unless ``content``)."""
    finished = finished or timezone.now()
    return SettingExport.objects.create(
        setting=world.setting_a, requested_by=world.users["manager"],
        status=SettingExport.Status.READY, progress=100,
        file=ContentFile(content, name="export.zip"), size_bytes=len(content),
        started_at=finished - timedelta(seconds=5), finished_at=finished,
        expires_at=finished + AVAILABLE_FOR)
