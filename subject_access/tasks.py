"""Background work of subject access requests. Tasks take ids, are idempotent and use
acks_late."""

import logging
import tempfile
import uuid

from celery import shared_task
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from preschool.i18n import override_for
from preschool.tenancy import setting_of, setting_scope
from subject_access.constants import BUILD_CLAIM_EXPIRES

log = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def build_bundle(request_id: int) -> str:
    """Build the bundle of a request waiting for one, once: the first task to set
    ``build_started_at`` builds it; the request's page shows ``progress_done`` of
    ``progress_total`` parts as it goes."""
    from subject_access.models import SubjectAccessRequest

    setting_id = setting_of(SubjectAccessRequest, request_id)
    if setting_id is None:
        return "not-needed"
    with setting_scope(setting_id):
        return _build_bundle(request_id)


def _build_bundle(request_id: int) -> str:
    from families.looks import record_looks
    from families.models import RecordView
    from preschool.permissions import membership_in
    from subject_access.bundle import collect_parts, write_zip
    from subject_access.models import SubjectAccessRequest

    Status = SubjectAccessRequest.Status
    waiting = SubjectAccessRequest.objects.filter(pk=request_id, status=Status.BUILDING)
    now = timezone.now()
    # A task whose worker was lost mid-way left it started long ago: it may be claimed again.
    unclaimed = Q(build_started_at=None) | Q(build_started_at__lt=now - BUILD_CLAIM_EXPIRES)
    if not waiting.filter(unclaimed).update(build_started_at=now, progress_done=0):
        return "not-needed"
    sar = (SubjectAccessRequest.objects
           .select_related("setting", "child__setting", "subject_user", "requester",
                           "build_requested_by").get(pk=request_id))

    def progress(done: int, total: int) -> None:
        waiting.update(progress_done=done, progress_total=total)

    with tempfile.TemporaryFile() as archive:
        try:
            # Made for the person it will be released to: in their language.
            with override_for(sar.requester):
                parts = collect_parts(sar, progress)
                records, files = write_zip(sar, parts, archive)
        except Exception as exc:
            log.exception("The bundle of subject access request %s could not be built.",
                          request_id)
            waiting.update(status=Status.RECEIVED, build_error=repr(exc)[:2000])
            return "failed"
        archive.seek(0)
        name = default_storage.save(
            f"subject_access/{sar.setting.uuid}/{uuid.uuid4().hex}.zip", File(archive))
    with transaction.atomic():
        current = SubjectAccessRequest.objects.select_for_update().filter(
            pk=request_id, status=Status.BUILDING).first()
        if current is None:  # refused or closed meanwhile: keep no file nobody points at
            transaction.on_commit(lambda: default_storage.delete(name))
            return "stale"
        old = current.bundle.name if current.bundle else ""
        waiting.update(status=Status.READY, bundle=name, built_at=timezone.now(),
                       progress_done=current.progress_total)
        # The person who built it can open it: the child's record has been looked at.
        builder = sar.build_requested_by
        membership = membership_in(builder, sar.setting) if builder else None
        if builder is not None:
            record_looks(builder, sar.setting, membership.role if membership else "",
                         [sar.child], RecordView.What.EXPORT, sar)
        from preschool.models import log_action

        log_action(None, "subject_access.built", sar, setting=sar.setting,
                   changes={"records": records, "files": files})
    if old and old != name:
        default_storage.delete(old)
    return "built"


@shared_task(acks_late=True, ignore_result=True)
def send_bundle_link(request_id: int, token: str) -> str:
    """Email the requester the download link of a released bundle. Sent only while the token
    is the request's current one (a link re-issued since makes this one stale)."""
    from subject_access.models import SubjectAccessRequest

    setting_id = setting_of(SubjectAccessRequest, request_id)
    if setting_id is None:
        return "not-needed"
    with setting_scope(setting_id):
        return _send_bundle_link(request_id, token)


def _send_bundle_link(request_id: int, token: str) -> str:
    from preschool.lib.emails import send_templated
    from subject_access.models import SubjectAccessRequest, hash_token

    sar = (SubjectAccessRequest.objects.select_related("setting", "child", "subject_user",
                                                       "requester")
           .filter(pk=request_id).first())
    if (sar is None or sar.requester is None or not sar.requester.email
            or sar.link_token_hash != hash_token(token) or not sar.link_is_live):
        return "not-needed"
    with override_for(sar.requester):
        send_templated("subject_access_released", sar.requester.email, {
            "sar": sar, "setting": sar.setting, "url": sar.download_url(token),
            "detail_url": sar.get_absolute_url(), "expires_at": sar.link_expires_at})
    return "sent"
