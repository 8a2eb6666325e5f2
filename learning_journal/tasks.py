"""Background work of the learning journal. Tasks take ids, are idempotent and use acks_late."""

import logging
import uuid

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def render_check_pdf(check_id: int) -> str:
    """Make (or make again) the PDF of a progress check that has been sent to the family.

    Idempotent: nothing is done when the stored PDF already shows the check's current stage.
    The new file replaces the old one only if the check has not moved on meanwhile.
    """
    from learning_journal.models import ProgressCheck
    from learning_journal.pdfs import check_pdf_bytes

    check = (ProgressCheck.objects.select_related("child__setting", "setting", "written_by",
                                                  "signed_off_by", "family_commented_by",
                                                  "senco__user", "corrects")
             .filter(pk=check_id).first())
    if check is None or not check.is_shared_with_family:
        return "not-needed"
    if check.pdf and check.pdf_status == check.status:
        return "up-to-date"
    status = check.status
    content = check_pdf_bytes(check)
    name = default_storage.save(
        f"journal/{check.setting.uuid}/checks/{uuid.uuid4().hex}.pdf", ContentFile(content))
    with transaction.atomic():
        current = ProgressCheck.objects.select_for_update().get(pk=check_id)
        if current.status != status:
            default_storage.delete(name)  # a later task makes the PDF of the new stage
            return "stale"
        old = current.pdf.name if current.pdf else ""
        ProgressCheck.objects.filter(pk=check_id).update(
            pdf=name, pdf_status=status, pdf_generated_at=timezone.now())
    if old and old != name:
        default_storage.delete(old)
    return "rendered"


@shared_task(acks_late=True, ignore_result=True)
def make_keepsake(keepsake_id: int) -> str:
    """Make a requested keepsake (PDF and ZIP of photos); done once."""
    from learning_journal.models import Keepsake
    from learning_journal.pdfs import keepsake_files

    keepsake = (Keepsake.objects.select_related("child__setting", "requested_by", "setting")
                .filter(pk=keepsake_id).first())
    if keepsake is None or keepsake.status != Keepsake.Status.QUEUED:
        return "not-needed"
    try:
        pdf, archive, observations, photos = keepsake_files(keepsake)
    except Exception as exc:
        log.exception("Keepsake %s could not be made.", keepsake_id)
        Keepsake.objects.filter(pk=keepsake_id, status=Keepsake.Status.QUEUED).update(
            status=Keepsake.Status.FAILED, error=repr(exc)[:2000])
        return "failed"
    base = f"journal/{keepsake.setting.uuid}/keepsakes/{uuid.uuid4().hex}"
    pdf_name = default_storage.save(f"{base}.pdf", ContentFile(pdf))
    zip_name = default_storage.save(f"{base}.zip", ContentFile(archive))
    done = Keepsake.objects.filter(pk=keepsake_id, status=Keepsake.Status.QUEUED).update(
        status=Keepsake.Status.READY, pdf=pdf_name, photos_zip=zip_name,
        observation_count=observations, photo_count=photos, ready_at=timezone.now())
    if not done:  # another worker finished it first
        default_storage.delete(pdf_name)
        default_storage.delete(zip_name)
        return "already-made"
    return "made"
