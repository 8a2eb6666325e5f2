"""The one PDF helper: WeasyPrint output, read back; only the portal's static files load."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from preschool.lib.pdf import render_pdf
from tests.factories import SettingFactory


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_it_renders_a_template_to_a_pdf_with_the_shipped_fonts(db, caplog):
    setting = SettingFactory(name="Acorn Test Pre-school", town="Little Hadley")
    pdf = render_pdf("pdf/base.html", {"setting": setting, "title": "Record of a meeting",
                                       "body": "Discussed settling in.",
                                       "generated_at": timezone.now()})
    assert pdf.startswith(b"%PDF-")
    text = _text(pdf)
    assert "Record of a meeting" in text
    assert "Acorn Test Pre-school" in text
    assert "Discussed settling in." in text
    assert "Page 1 of 1" in text
    fonts = {str(font.get_object()["/BaseFont"]) for page in PdfReader(io.BytesIO(pdf)).pages
             for font in page["/Resources"]["/Font"].values()}
    # "Portal Sans" is the @font-face of templates/pdf/base.html: embedded under that name only
    # when the files in static/fonts were loaded (the machine's fonts have other names).
    assert fonts and all("Portal-Sans" in name for name in fonts), fonts
    problems = [r.getMessage() for r in caplog.records
                if r.name.startswith("weasyprint") and r.levelname in ("WARNING", "ERROR")]
    assert problems == []


def test_user_text_is_escaped_and_cannot_load_files(db, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    body = f'<img src="file://{secret}"><a href="http://127.0.0.1:9/">x</a>'
    pdf = render_pdf("pdf/base.html", {"title": "Note", "body": body})
    text = _text(pdf)
    assert "<img" in text  # shown as text, not interpreted
    assert "TOP SECRET" not in text


def test_the_fetcher_refuses_anything_but_static_files():
    from weasyprint.urls import URLFetchingError

    from preschool.lib.pdf import _static_only_fetcher

    with pytest.raises(URLFetchingError):
        _static_only_fetcher("file:///etc/passwd")
    with pytest.raises(URLFetchingError):
        _static_only_fetcher("https://static.portal.invalid/../../etc/passwd")
    with pytest.raises(URLFetchingError):
        _static_only_fetcher("https://static.portal.invalid.example.org/fonts/DejaVuSans.ttf")
    with pytest.raises(URLFetchingError):
        _static_only_fetcher("fonts/DejaVuSans.ttf")  # unresolved: never guessed
    font = _static_only_fetcher("https://static.portal.invalid/fonts/DejaVuSans.ttf")
    body = font.read() if hasattr(font, "read") else font["string"]
    assert body[:4] == b"\x00\x01\x00\x00"


def test_only_templates_under_pdf_are_rendered():
    with pytest.raises(ValueError, match="templates/pdf"):
        render_pdf("base.html", {})
