"""Rendering records as PDF with WeasyPrint.

Every PDF of the portal (progress check at two, medication and accident records, complaint
records, exports) is a template under templates/pdf/ rendered by ``render_pdf``. The fonts
ship in static/fonts, so output does not depend on the fonts of the machine.

WeasyPrint may only load the portal's own static files: any other URL in a template (for
instance one a user typed into a record) is refused, so rendering cannot be made to read
files or reach the network.
"""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from preschool.metrics import pdf_made

# The base URL of the portal's static files inside a PDF. A hierarchical (https) address, so
# that WeasyPrint resolves relative URLs such as url("fonts/DejaVuSans.ttf") against it; the
# ".invalid" domain (RFC 2606) is never on the network, and the fetcher below reads the file
# from the static folders itself.
STATIC_PREFIX = "https://static.portal.invalid"


def fetched(url: str, data: bytes, mime_type: str | None = None):
    """What WeasyPrint expects from a URL fetcher: a URLFetcherResponse (WeasyPrint 68 and
    later; a dict before)."""
    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:  # pragma: no cover - older WeasyPrint
        return {"string": data, "mime_type": mime_type}
    headers = {"Content-Type": mime_type} if mime_type else None
    return URLFetcherResponse(url, body=data, headers=headers)


def _static_only_fetcher(url: str, *args, **kwargs):
    from weasyprint.urls import URLFetchingError

    if not url.startswith(STATIC_PREFIX):
        raise URLFetchingError(f"Only the portal's static files may be loaded, not {url!r}.")
    relative = url[len(STATIC_PREFIX):]
    if relative and not relative.startswith("/"):  # "https://static.portal.invalid.example.org"
        raise URLFetchingError(f"Only the portal's static files may be loaded, not {url!r}.")
    relative = relative.lstrip("/")
    found = None if ".." in Path(relative).parts else finders.find(relative)
    if not found:
        raise URLFetchingError(f"No static file {relative!r}.")
    mime_type = {".ttf": "font/ttf", ".woff2": "font/woff2"}.get(Path(found).suffix)
    return fetched(url, Path(found).read_bytes(), mime_type)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``templates/<template_name>`` (a template under pdf/) to PDF bytes."""
    from weasyprint import HTML

    if not template_name.startswith("pdf/"):
        raise ValueError("PDF templates live under templates/pdf/.")
    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=STATIC_PREFIX + "/", url_fetcher=_static_only_fetcher)
    pdf = document.write_pdf()
    pdf_made(Path(template_name).stem)
    return pdf
