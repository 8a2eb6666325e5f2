"""Background work of the learning journal. Tasks take ids, are idempotent and use acks_late."""

import logging
import uuid
from datetime import timedelta

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from preschool.i18n import SOURCE_LANGUAGE, language_for, override_for
from preschool.tenancy import setting_of, setting_scope

log = logging.getLogger(__name__)

# The portal's choice: a keepsake started this long ago and not finished is taken to have lost
# its worker, and may be made again.
KEEPSAKE_CLAIM_EXPIRES = timedelta(minutes=30)


@shared_task(acks_late=True, ignore_result=True)
def render_check_pdf(check_id: int) -> str:
    """Make (or make again) the PDF of a progress check that has been sent to the family.

    Idempotent: nothing is done when the stored PDF already shows the check's current stage.
    The new file replaces the old one only if the check has not moved on meanwhile.
    """
    from learning_journal.models import ProgressCheck

    setting_id = setting_of(ProgressCheck, check_id)
    if setting_id is None:
        return "not-needed"
    with setting_scope(setting_id):
        return _render_check_pdf(check_id)


def _render_check_pdf(check_id: int) -> str:
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
    with translation.override(_family_language(check.child)):
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


def _family_language(child) -> str:
    """The language of the check's PDF, one file for the child's family (and the staff): the
    family's language when the adults who hear about the child read the same one, else the
    source language."""
    from learning_journal.notify import family_recipients

    languages = {language_for(user) for user in family_recipients(child)}
    return languages.pop() if len(languages) == 1 else SOURCE_LANGUAGE


@shared_task(acks_late=True, ignore_result=True)
def make_keepsake(keepsake_id: int) -> str:
    """Make a requested keepsake (PDF and ZIP of photos), once: the first task to set
    ``started_at`` makes it; the page that asked shows ``progress_done`` of
    ``progress_total`` observations as it goes."""
    from learning_journal.models import Keepsake

    setting_id = setting_of(Keepsake, keepsake_id)
    if setting_id is None:
        return "not-needed"
    with setting_scope(setting_id):
        return _make_keepsake(keepsake_id)


def _make_keepsake(keepsake_id: int) -> str:
    from learning_journal.models import Keepsake
    from learning_journal.pdfs import keepsake_files

    waiting = Keepsake.objects.filter(pk=keepsake_id, status=Keepsake.Status.QUEUED)
    now = timezone.now()
    # A task whose worker was lost mid-way left it started long ago: it may be claimed again.
    unclaimed = Q(started_at=None) | Q(started_at__lt=now - KEEPSAKE_CLAIM_EXPIRES)
    if not waiting.filter(unclaimed).update(started_at=now, progress_done=0):
        return "not-needed"
    keepsake = Keepsake.objects.select_related("child__setting", "requested_by",
                                               "setting").get(pk=keepsake_id)

    def progress(done: int, total: int) -> None:
        waiting.update(progress_done=done, progress_total=total)

    try:
        with override_for(keepsake.requested_by):  # made for them: in their language
            pdf, archive, observations, photos = keepsake_files(keepsake, progress)
    except Exception as exc:
        log.exception("Keepsake %s could not be made.", keepsake_id)
        waiting.update(status=Keepsake.Status.FAILED, error=repr(exc)[:2000])
        return "failed"
    base = f"journal/{keepsake.setting.uuid}/keepsakes/{uuid.uuid4().hex}"
    pdf_name = default_storage.save(f"{base}.pdf", ContentFile(pdf))
    zip_name = default_storage.save(f"{base}.zip", ContentFile(archive))
    done = waiting.update(
        status=Keepsake.Status.READY, pdf=pdf_name, photos_zip=zip_name,
        observation_count=observations, photo_count=photos, ready_at=timezone.now())
    if not done:  # it failed or was made meanwhile: keep no file nobody points at
        default_storage.delete(pdf_name)
        default_storage.delete(zip_name)
        return "already-made"
    return "made"
