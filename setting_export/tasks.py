"""Building a whole-setting export (a task a manager's request queues), and deleting the
files of exports past their time."""

import logging
import tempfile
import uuid
from datetime import timedelta

from celery import shared_task
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import F, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from preschool.tenancy import setting_of, setting_scope

log = logging.getLogger(__name__)

# The portal's choice: an export started this long ago and not finished is taken to have
# lost its worker, and may be built again.
CLAIM_EXPIRES = timedelta(hours=2)


@shared_task(acks_late=True, ignore_result=True)
def build_setting_export(export_id: int) -> str:
    """Build a requested export once: the first task to set ``started_at`` builds it, keeping
    ``progress`` as it goes; the files of the setting's expired exports are deleted first."""
    from setting_export.models import SettingExport

    setting_id = setting_of(SettingExport, export_id)
    if setting_id is None:
        return "not-needed"
    with setting_scope(setting_id):
        return _build(export_id)


def _build(export_id: int) -> str:
    from families.looks import What, record_looks
    from families.models import Child
    from preschool.models import Membership, log_action
    from setting_export.archive import write_archive
    from setting_export.expiry import delete_expired
    from setting_export.models import AVAILABLE_FOR, SettingExport

    waiting = SettingExport.objects.filter(pk=export_id, status=SettingExport.Status.QUEUED)
    now = timezone.now()
    # A task whose worker was lost mid-way left it started long ago: it may be claimed again.
    unclaimed = Q(started_at=None) | Q(started_at__lt=now - CLAIM_EXPIRES)
    if not waiting.filter(unclaimed).update(started_at=now, progress=0):
        return "not-needed"
    export = SettingExport.objects.select_related("setting", "requested_by").get(pk=export_id)
    setting = export.setting
    delete_expired(setting)

    def progress(percent: int) -> None:
        waiting.update(progress=min(percent, 99))

    try:
        with tempfile.TemporaryFile() as archive_file:
            summary = write_archive(setting, archive_file, progress)
            size = archive_file.tell()
            archive_file.seek(0)
            name = default_storage.save(
                f"exports/{setting.uuid}/{uuid.uuid4().hex}.zip", File(archive_file))
    except Exception as exc:
        log.exception("Export %s could not be built.", export_id)
        waiting.update(status=SettingExport.Status.FAILED, error=repr(exc)[:2000])
        return "failed"
    finished = timezone.now()
    done = waiting.update(status=SettingExport.Status.READY, file=name, progress=100,
                          size_bytes=size, row_count=summary.row_count,
                          file_count=summary.files, finished_at=finished,
                          expires_at=finished + AVAILABLE_FOR)
    if not done:  # it failed or was built meanwhile: keep no file nobody points at
        default_storage.delete(name)
        return "already-built"
    # Who looked: the person it was built for has every child's records in hand.
    membership = (Membership.objects.filter(user=export.requested_by, setting=setting)
                  .order_by(F("ended_at").desc(nulls_first=True)).first())
    children = Child.objects.filter(setting=setting).only("pk")
    record_looks(export.requested_by, setting, membership.role if membership else "",
                 children, What.EXPORT, export)
    log_action(export.requested_by, "setting_export.built", export,
               changes={"rows": summary.row_count, "files": summary.files,
                        "missing_files": len(summary.missing_files), "size_bytes": size})
    return "built"


@shared_task(acks_late=True, ignore_result=True)
def delete_expired_setting_exports() -> int:
    """Delete the files of every setting's exports past their time (beat, daily)."""
    from setting_export.expiry import delete_expired

    with scopes_disabled():
        return delete_expired()
