"""Plain text only (issue #7, "Bad input"): HTML or script typed into any text of a concern -
raising one, logging one, acknowledging, notes and actions, attachments, the outcome - is
refused with a clear message, and nothing is saved or changed."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.models import Attachment, Concern, Note, Outcome
from preschool.models import AuditEvent, Reminder
from tests.complaints.factories import concern

RAISE = reverse("complaints-raise")
MARKUP = ["<script>alert(1)</script>", "<b>hi</b>"]
MESSAGE = "Please write plain text: HTML or script tags"


def _url(name, c):
    return reverse(name, args=[c.uuid])


def assert_refused(response):
    """The form is shown again (200) with the message; what was typed is shown back as
    text, never as markup."""
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page
    assert "<script>alert(1)" not in page and "<b>hi</b>" not in page


def _raise(client, **data):
    return client.post(RAISE, {"kind": "complaint", "subject": "Wet clothes",
                               "details": "Ava came home wet.", **data})


def _log(client, **data):
    received = timezone.localtime() - timedelta(days=1)
    return client.post(RAISE, {
        "kind": "complaint", "channel": "phone",
        "received_at": received.strftime("%Y-%m-%dT%H:%M"), "subject": "Fees letter",
        "details": "Dad rang about the fees.", "complainant_name": "Dan Dad",
        "complainant_phone": "01234 567890", **data})


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["subject", "details"])
def test_a_parent_raising_a_concern(world, field, markup):
    response = _raise(world.client_for("parent"), **{field: markup})
    assert_refused(response)
    assert not Concern.objects.exists() and not Reminder.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="concern.").exists()


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["subject", "details", "complainant_name",
                                   "complainant_phone"])
def test_staff_logging_a_concern(world, field, markup):
    response = _log(world.client_for("practitioner"), **{field: markup})
    assert_refused(response)
    assert not Concern.objects.exists() and not Reminder.objects.exists()


@pytest.mark.parametrize("markup", MARKUP)
def test_an_acknowledgement(world, markup):
    complaint = concern(world)
    response = world.client_for("manager").post(_url("complaints-acknowledge", complaint),
                                                {"message": markup})
    assert_refused(response)
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is None and complaint.acknowledgement == ""
    assert complaint.status == Concern.Status.RECEIVED


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("kind", ["note", "action"])
def test_a_note_or_an_action(world, kind, markup):
    complaint = concern(world)
    response = world.client_for("manager").post(_url("complaints-note", complaint),
                                                {"kind": kind, "text": markup})
    assert_refused(response)
    assert not Note.objects.exists()


@pytest.mark.parametrize("markup", MARKUP)
def test_the_description_of_an_attachment(world, markup):
    complaint = concern(world)
    upload = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n% a letter",
                                content_type="application/pdf")
    response = world.client_for("manager").post(
        _url("complaints-attachment-add", complaint), {"file": upload, "description": markup})
    assert_refused(response)
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize("field", ["outcome", "action_taken"])
def test_the_outcome(world, field, markup):
    complaint = concern(world)
    response = world.client_for("manager").post(_url("complaints-close", complaint), {
        "outcome": "We found the spare bag was missed.", "action_taken": "Bags checked.",
        "notified_via": "email", field: markup})
    assert_refused(response)
    assert not Outcome.objects.exists()
    complaint.refresh_from_db()
    assert complaint.status != Concern.Status.CLOSED and complaint.closed_at is None


def test_a_less_than_sign_that_is_not_a_tag_is_fine(world):
    _raise(world.client_for("parent"), subject="I <3 it",
           details="3 < 4, and 5 > 2.")
    complaint = Concern.objects.get()
    assert complaint.subject == "I <3 it"
    assert complaint.details == "3 < 4, and 5 > 2."
    world.client_for("manager").post(_url("complaints-note", complaint),
                                     {"kind": "note", "text": "Ratio < 1:8 <3"})
    assert Note.objects.get().text == "Ratio < 1:8 <3"
