"""The complaints record for Ofsted: PDF (read back with pypdf) and CSV, for a period."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from complaints.models import Concern, Note
from complaints.services import close_with_outcome
from preschool.models import AuditEvent
from tests.complaints.conftest import recently_reauthenticated
from tests.complaints.factories import concern

PDF, CSV, PAGE = (reverse("complaints-record-pdf"), reverse("complaints-record-csv"),
                  reverse("complaints-record"))


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _period(days=30, include="complaints"):
    today = timezone.localdate()
    return {"date_from": (today - timedelta(days=days)).isoformat(),
            "date_to": today.isoformat(), "include": include}


def _records(world):
    closed = concern(world, subject="Wet clothes after water play",
                     received_at=timezone.now() - timedelta(days=10))
    Note.objects.create(concern=closed, kind="action", text="Spare bags checked at lunch.",
                        author=world.users["manager"])
    close_with_outcome(world.users["manager"], closed, outcome="Apologised; new routine.",
                       notified_via="email")
    concern(world, subject="Snack menu", persona="other_parent", child=world.other_child)
    concern(world, subject="Outside the period", received_at=timezone.now() - timedelta(days=90))
    concern(world, kind=Concern.Kind.SUGGESTION, subject="Grow herbs", persona=None,
            is_anonymous=True, child=None)
    return closed


def _manager(world):
    return recently_reauthenticated(world.client_for("manager"), world.users["manager"])


def test_the_pdf_shows_date_nature_action_outcome_and_date_notified(world):
    closed = _records(world)
    response = _manager(world).get(PDF, _period())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(_text(response.content).split())
    assert "Complaints record" in text and "Acorn Test Pre-school" in text
    assert "Wet clothes after water play" in text
    assert "Spare bags checked at lunch." in text
    assert "Apologised; new routine." in text
    notified = timezone.localdate(closed.outcome.notified_at)
    assert closed.received_on.strftime("%-d %b %Y") in text
    assert notified.strftime("%-d %b %Y") in text
    assert "Pat Parent" in text and "Snack menu" in text
    assert "Outside the period" not in text
    assert "Grow herbs" not in text  # complaints only by default
    event = AuditEvent.objects.get(action="complaints.record_exported")
    assert event.changes["complaints"] == 2 and event.changes["format"] == "pdf"


def test_everything_can_be_included_without_anonymous_identities(world):
    _records(world)
    text = " ".join(_text(_manager(world).get(PDF, _period(include="all")).content).split())
    assert "Grow herbs" in text and "Anonymous" in text
    rows = list(csv.reader(io.StringIO(
        _manager(world).get(CSV, _period(include="all")).content.decode())))
    herbs = next(r for r in rows if "Grow herbs" in r[4])
    assert herbs[2] == "Anonymous"


def test_the_csv_has_the_same_rows_and_cannot_run_formulas(world):
    _records(world)
    concern(world, subject="=HYPERLINK(\"http://evil\")", details="-2+3")
    response = _manager(world).get(CSV, _period())
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Date received", "Kind"]
    assert len(rows) == 1 + 3
    evil = next(r for r in rows if "HYPERLINK" in r[4])
    assert evil[4].startswith("'=")
    wet = next(r for r in rows if "Wet clothes" in r[4])
    assert wet[6] == "Apologised; new routine." and wet[7]


def test_exports_ask_for_the_password_again(world):
    response = world.client_for("manager").get(PDF, _period())
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_an_impossible_period_is_refused_with_a_message(world):
    page = world.client_for("manager").get(PAGE, {"date_from": "2026-05-01",
                                                  "date_to": "2026-04-01"})
    assert "before its start" in page.content.decode()
    assert _manager(world).get(PDF, {"date_from": "x", "date_to": "y"}).status_code == 404


def test_the_page_lists_the_record_for_the_period(world):
    _records(world)
    page = world.client_for("manager").get(PAGE, _period()).content.decode()
    assert "Wet clothes after water play" in page and "Outside the period" not in page


def test_user_text_cannot_load_files_or_run_in_the_pdf(world, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    concern(world, subject=f'<img src="file://{secret}">', details="<b>x</b>")
    text = _text(_manager(world).get(PDF, _period()).content)
    assert "<img" in text and "TOP SECRET" not in text
