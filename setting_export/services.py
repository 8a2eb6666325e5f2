"""Asking for a whole-setting export, building it, downloading it: each audited."""

import logging
from datetime import timedelta

import rules
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from preschool.models import Setting, log_action
from preschool.services import ServiceError
from setting_export.models import SettingExport

log = logging.getLogger(__name__)

# An export not started this long after it was asked for is sent to the workers again (the
# broker may have been down when it was asked for; the task builds it only once).
RESEND_AFTER = timedelta(minutes=1)


def _queue(export_id: int) -> None:
    """Queue the build after commit; a broker that is down is logged, not raised (the page's
    progress request queues it again)."""
    from setting_export import tasks

    def send():
        try:
            tasks.build_setting_export.delay(export_id)
        except Exception:  # kombu raises several types for an unreachable broker
            log.warning("Could not queue the export %s; it will be queued again.", export_id,
                        exc_info=True)
    transaction.on_commit(send)


@transaction.atomic
def request_export(actor, setting) -> SettingExport:
    """Ask for an export of everything ``setting`` holds, built in a Celery task; an export
    still being built is returned instead of a second one."""
    if not rules.has_perm("setting_export.export", actor, setting):
        raise ServiceError(_("Only a manager of the setting can export its data."))
    Setting.objects.select_for_update().filter(pk=setting.pk).first()  # one request at a time
    waiting = SettingExport.objects.filter(setting=setting,
                                           status=SettingExport.Status.QUEUED).first()
    if waiting is not None:
        return waiting
    export = SettingExport.objects.create(setting=setting, requested_by=actor)
    log_action(actor, "setting_export.requested", export)
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        _queue(export.pk)
    # Without a broker (``make run``) tasks run in-process: sent from here, it would hold this
    # request until the export is built. The page's progress request sends it instead.
    return export


def build_waiting_export(export: SettingExport) -> None:
    """Called by the export's progress request: send an export that no task has started, or
    whose task was lost (at once without a broker, where the task runs in this request;
    otherwise once RESEND_AFTER has passed)."""
    from setting_export import tasks

    now = timezone.now()
    if not export.is_waiting or (export.started_at is not None
                                 and export.started_at >= now - tasks.CLAIM_EXPIRES):
        return
    if settings.CELERY_TASK_ALWAYS_EAGER:
        tasks.build_setting_export.delay(export.pk)
        export.refresh_from_db()
    elif export.created_at < now - RESEND_AFTER:
        _queue(export.pk)


def record_download(actor, export: SettingExport) -> None:
    """The audit line of a download (each one)."""
    log_action(actor, "setting_export.downloaded", export,
               changes={"size_bytes": export.size_bytes})
