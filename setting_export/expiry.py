"""An export's file is deleted once its time to be downloaded is over (by the hourly task,
and by the setting's next build): it holds every child's records and must not linger."""

from django.core.files.storage import default_storage
from django.utils import timezone

from preschool.models import log_action
from setting_export.models import SettingExport


def delete_expired(setting=None) -> int:
    """Delete the files of exports past their time (of ``setting``, or of every setting in
    the current scope) and mark them expired; the rows stay, as the record that they were
    made. Returns how many."""
    expired = SettingExport.objects.filter(status=SettingExport.Status.READY,
                                           expires_at__lte=timezone.now())
    if setting is not None:
        expired = expired.filter(setting=setting)
    count = 0
    for export in expired.select_related("setting", "requested_by"):
        name = export.file.name
        if SettingExport.objects.filter(pk=export.pk, status=SettingExport.Status.READY).update(
                status=SettingExport.Status.EXPIRED, file=""):
            if name:
                default_storage.delete(name)
            log_action(None, "setting_export.expired", export)
            count += 1
    return count
