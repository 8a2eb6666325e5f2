"""Files the portal hands to a person: PDFs, CSV exports, calendar files.

They hold children's and families' information, so no cache on the way (a shared proxy, the
browser's disk) may keep them.
"""

import posixpath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header


def download(content=b"", *, content_type: str, filename: str,
             inline: bool = False) -> HttpResponse:
    """A response that saves as ``filename`` (``inline``: shown in the browser, as a PDF is)
    and that nothing may cache. Write to it like a file when ``content`` is empty (CSV)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def keep_private(response: HttpResponseBase) -> None:
    """Mark ``response`` as one that no browser or proxy may keep (every answer to a
    signed-in person gets this, in PrivatePagesMiddleware)."""
    patch_cache_control(response, private=True, no_store=True)


def stored_file(field, *, content_type: str, cache_control: str = "private, no-store",
                filename: str = "", as_attachment: bool = False) -> HttpResponseBase:
    """The response that hands a stored file (a FileField's) to a person; every view that
    serves one calls it after its access check, and nowhere else.

    The file is shown in the browser (``as_attachment``: saved, as ``filename``), with
    ``cache_control`` (the view's policy: most files nothing may keep). With object storage
    and ``MEDIA_DELIVERY = "signed-url"`` the answer is a redirect to a URL of the store
    signed now for ``MEDIA_SIGNED_URL_SECONDS``, which tells the store to send the same
    headers; the redirect itself is never cached, so the check runs again each time. 404 when
    there is no file, or it is gone from storage, either way.
    """
    if not field:
        raise Http404
    filename = filename or posixpath.basename(field.name)
    if settings.MEDIA_DELIVERY == "signed-url":
        if not field.storage.exists(field.name):
            raise Http404
        # The store answers with the headers this view's streamed answer would have had,
        # as the middleware leaves them for a signed-in person.
        streamed = HttpResponse(content_type=content_type)
        streamed["Cache-Control"] = cache_control
        keep_private(streamed)
        url = field.storage.url(field.name, parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
            "ResponseCacheControl": streamed["Cache-Control"],
        }, expire=settings.MEDIA_SIGNED_URL_SECONDS)
        redirect = HttpResponseRedirect(url)
        redirect["Cache-Control"] = "private, no-store"
        return redirect
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment,
                            filename=filename)
    response["Cache-Control"] = cache_control
    return response


def csv_cell(value) -> str:
    """A cell of a CSV export. A spreadsheet runs a cell that starts with = + - @ (or a tab or
    carriage return) as a formula: such text a person typed is kept as text."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
