"""The journal's PDFs: the progress check at two and the keepsake, and the keepsake's ZIP.

Both PDFs are templates under templates/pdf/ rendered with WeasyPrint. The check goes through
``preschool.lib.pdf.render_pdf``. The keepsake shows photos: it is rendered the same way (same
static-only fetcher), in parts whose pages are joined, with one more kind of address it may
load, ``journal-image:<key>``, answered only from the photos handed to it here - those
``visible_media`` gives the person it is made for. Nothing else can be loaded.
"""

import io
import zipfile
from collections.abc import Callable
from datetime import date

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consents.models import ConsentKind
from consents.services import has_consent
from learning_journal.eyfs import CHECK_AREA_CODES, CHECK_DUE_BY_MONTHS, CHECK_DUE_FROM_MONTHS
from preschool.lib.pdf import STATIC_PREFIX, _static_only_fetcher, fetched, render_pdf
from preschool.metrics import pdf_made

IMAGE_PREFIX = "journal-image:"
# The portal's choice: the keepsake is laid out this many observations at a time (each part
# starts a page), so that its progress can be shown while it is made. Parts cost time: 242
# observations with 120 photos took 1.4-1.7 s in one part, 1.6-2.3 s in parts of 25 and
# 1.8-2.6 s in parts of 10.
KEEPSAKE_PART_SIZE = 25


def age_on(child, day: date) -> str:
    months = child.age_in_months(day)
    years, rest = divmod(months, 12)
    month_text = ngettext("%(count)s month", "%(count)s months", rest) % {"count": rest}
    if years == 0:
        return month_text
    year_text = ngettext("%(count)s year", "%(count)s years", years) % {"count": years}
    if not rest:
        return year_text
    return _("%(years)s, %(months)s") % {"years": year_text, "months": month_text}


def _area_order(check_area) -> int:
    code = check_area.area.code
    return CHECK_AREA_CODES.index(code) if code in CHECK_AREA_CODES else len(CHECK_AREA_CODES)


def check_context(check) -> dict:
    """What the check's page and its PDF show."""
    from keyperson.permissions import current_assignments

    child = check.child
    day = timezone.localtime(check.signed_off_at).date() if check.signed_off_at else \
        timezone.localdate()
    key = current_assignments(child).get("key")
    return {
        "check": check, "child": child, "setting": check.setting,
        "areas": sorted(check.areas.select_related("area"), key=_area_order),
        "age_at_check": age_on(child, day), "check_date": day,
        "key_person": key.staff.user if key else None,
        "share_with_health_visitor": has_consent(child, ConsentKind.SHARE_PROFESSIONALS),
        "due_from": CHECK_DUE_FROM_MONTHS, "due_by": CHECK_DUE_BY_MONTHS,
    }


def check_pdf_bytes(check) -> bytes:
    return render_pdf("pdf/learning_journal_check.html", {
        **check_context(check), "title": _("Progress check at age two"),
        "generated_at": timezone.now()})


def render_with_images(template_name: str, context: dict, images: dict):
    """Like ``render_pdf``, and ``journal-image:<key>`` loads ``images[key]`` (JPEG bytes);
    the laid-out WeasyPrint document, whose pages can be joined to other documents'."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetchingError

    if not template_name.startswith("pdf/"):
        raise ValueError("PDF templates live under templates/pdf/.")

    def fetcher(url, *args, **kwargs):
        if url.startswith(IMAGE_PREFIX):
            data = images.get(url[len(IMAGE_PREFIX):])
            if data is None:
                raise URLFetchingError(f"No such journal image {url!r}.")
            return fetched(url, data, "image/jpeg")
        return _static_only_fetcher(url, *args, **kwargs)

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=STATIC_PREFIX + "/", url_fetcher=fetcher).render()


def _read(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def keepsake_files(keepsake, progress: Callable[[int, int], None] | None = None
                   ) -> tuple[bytes, bytes, int, int]:
    """The keepsake PDF and ZIP of ``keepsake.requested_by``'s view of the journal, and how
    many observations and photos they hold.

    The observations are laid out KEEPSAKE_PART_SIZE at a time and the parts' pages joined into
    one PDF, so that ``progress(done, total)`` (observations) can be told after each part.
    """
    from learning_journal.models import Observation
    from learning_journal.visibility import visible_media_map

    child, viewer = keepsake.child, keepsake.requested_by
    observations = list(
        Observation.objects.in_journal_of(child, staff=False)
        .select_related("author", "setting")
        .prefetch_related("areas").order_by("observed_on", "created_at"))
    total = len(observations)
    if progress is not None:
        progress(0, total)
    steps = dict(child.journal_links.filter(observation__in=observations)
                 .values_list("observation_id", "next_step"))
    media = visible_media_map(observations, viewer)
    archive_buffer, photo_count, documents = io.BytesIO(), 0, []
    generated_at = timezone.now()
    with zipfile.ZipFile(archive_buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for start in range(0, max(total, 1), KEEPSAKE_PART_SIZE):
            part = observations[start:start + KEEPSAKE_PART_SIZE]
            images, entries = {}, []
            for observation in part:
                photos = []
                for item in media[observation.pk]:
                    if not item.is_photo:
                        continue
                    full = _read(item.file.name)
                    if full is None:
                        continue
                    photo_count += 1
                    archive.writestr(
                        f"{observation.observed_on:%Y-%m-%d}-{photo_count:04d}.jpg", full)
                    thumb = _read(item.thumbnail.name) if item.thumbnail else None
                    images[str(item.uuid)] = thumb or full
                    photos.append(item)
                entries.append({"observation": observation,
                                "next_step": steps.get(observation.pk, ""), "photos": photos,
                                "areas": list(observation.areas.all())})
            documents.append(render_with_images("pdf/learning_journal_keepsake.html", {
                "title": _("%(name)s's learning journal") % {"name": child.known_as},
                "child": child,
                "setting": child.setting, "entries": entries, "first_part": start == 0,
                "observation_total": total, "generated_at": generated_at,
                "image_prefix": IMAGE_PREFIX}, images))
            if progress is not None:
                progress(start + len(part), total)
    pages = [page for document in documents for page in document.pages]
    pdf = documents[0].copy(pages).write_pdf()
    pdf_made("keepsake")
    return pdf, archive_buffer.getvalue(), total, photo_count
