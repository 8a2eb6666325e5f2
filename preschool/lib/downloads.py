"""Files the portal hands to a person: PDFs, CSV exports, calendar files.

They hold children's and families' information, so no cache on the way (a shared proxy, the
browser's disk) may keep them.
"""

from django.http import FileResponse, Http404, HttpResponse


def download(content=b"", *, content_type: str, filename: str,
             inline: bool = False) -> HttpResponse:
    """A response that saves as ``filename`` (``inline``: shown in the browser, as a PDF is)
    and that nothing may cache. Write to it like a file when ``content`` is empty (CSV)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def stored_download(field, *, content_type: str, filename: str) -> FileResponse:
    """A stored file (a FileField's) streamed as a download that saves as ``filename`` and
    that nothing may cache; 404 when the file is gone from storage."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=True,
                            filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


def csv_cell(value) -> str:
    """A cell of a CSV export. A spreadsheet runs a cell that starts with = + - @ (or a tab or
    carriage return) as a formula: such text a person typed is kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
