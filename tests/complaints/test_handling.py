"""The manager acknowledges, assigns, investigates and closes a concern with its outcome."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from complaints.models import Attachment, Concern, Note, Outcome
from complaints.services import close_with_outcome
from preschool.models import AuditEvent, Role
from preschool.services import ServiceError
from tests.complaints.factories import concern
from tests.factories import MembershipFactory


def _url(name, c):
    return reverse(name, args=[c.uuid])


def test_it_acknowledges_and_the_complainant_is_told_by_email(world, sent):
    complaint = concern(world)
    with sent():
        response = world.client_for("manager").post(
            _url("complaints-acknowledge", complaint), {"message": "Sorry & thank you."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged" and complaint.acknowledged_by == world.users[
        "manager"]
    assert mail.outbox[-1].to == ["parent@example.org"]
    assert "Sorry & thank you." in mail.outbox[-1].body  # plain text: not HTML-escaped
    assert complaint.due_on.strftime("%-d %B %Y") in mail.outbox[-1].body
    page = world.client_for("parent").get(complaint.get_absolute_url()).content.decode()
    assert "Sorry &amp; thank you." in page


def test_an_empty_acknowledgement_is_refused(world):
    complaint = concern(world)
    response = world.client_for("manager").post(_url("complaints-acknowledge", complaint),
                                                {"message": "  "})
    assert "Write the acknowledgement" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.acknowledged_at is None


def test_it_is_acknowledged_once(world):
    complaint = concern(world)
    client = world.client_for("manager")
    client.post(_url("complaints-acknowledge", complaint), {"message": "First."})
    response = client.post(_url("complaints-acknowledge", complaint), {"message": "Second."},
                           follow=True)
    assert "already been acknowledged" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.acknowledgement == "First."


def test_it_is_assigned_to_a_manager_only(world):
    complaint = concern(world)
    second = MembershipFactory(setting=world.setting_a, role=Role.MANAGER)
    client = world.client_for("manager")
    response = client.post(_url("complaints-assign", complaint),
                           {"manager": str(world.memberships["practitioner"].uuid)})
    assert "Choose a manager of this setting" in response.content.decode()
    client.post(_url("complaints-assign", complaint), {"manager": str(second.uuid)})
    complaint.refresh_from_db()
    assert complaint.assigned_to == second and complaint.status == "investigating"
    assert AuditEvent.objects.get(action="concern.assigned").changes == {
        "assigned_to": [None, second.user.full_name]}


def test_notes_and_actions_are_staff_only_and_audited_without_their_words(world):
    complaint = concern(world)
    client = world.client_for("manager")
    client.post(_url("complaints-note", complaint), {"kind": "note", "text": "Spoke to Kim."})
    client.post(_url("complaints-note", complaint),
                {"kind": "action", "text": "Spare clothes checked daily."})
    assert list(Note.objects.values_list("kind", flat=True)) == ["note", "action"]
    assert "Spoke to Kim." in client.get(complaint.get_absolute_url()).content.decode()
    parent_page = world.client_for("parent").get(complaint.get_absolute_url()).content.decode()
    assert "Spoke to Kim." not in parent_page
    assert not AuditEvent.objects.filter(changes__icontains="Spoke").exists()
    response = client.post(_url("complaints-note", complaint), {"kind": "note", "text": ""})
    assert "Write the note first" in response.content.decode()
    assert Note.objects.count() == 2


def _png():
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, format="PNG")
    return out.getvalue()


class TestAttachments:
    def test_a_pdf_is_kept_privately_and_served_only_to_managers(self, world, media_root):
        complaint = concern(world)
        client = world.client_for("manager")
        upload = SimpleUploadedFile("Dad's letter.pdf", b"%PDF-1.4\n% a letter",
                                    content_type="application/pdf")
        client.post(_url("complaints-attachment-add", complaint),
                    {"file": upload, "description": "The letter"})
        attachment = Attachment.objects.get()
        assert attachment.file.name.startswith("complaints/attachments/")
        assert "letter" not in attachment.file.name  # random stored name
        assert (media_root / attachment.file.name).read_bytes().startswith(b"%PDF-1.4")
        response = client.get(_url("complaints-attachment", attachment))
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert "attachment" in response["Content-Disposition"]
        assert AuditEvent.objects.filter(action="concern.attachment_viewed").exists()
        for persona in ("parent", "practitioner", "other_setting"):
            assert world.client_for(persona).get(
                _url("complaints-attachment", attachment)).status_code == 404

    def test_a_photo_is_re_encoded(self, world):
        complaint = concern(world)
        upload = SimpleUploadedFile("note.png", _png(), content_type="image/png")
        world.client_for("manager").post(_url("complaints-attachment-add", complaint),
                                         {"file": upload})
        attachment = Attachment.objects.get()
        assert attachment.content_type == "image/jpeg"
        assert attachment.file.name.endswith(".jpg")

    def test_anything_else_is_refused(self, world):
        complaint = concern(world)
        upload = SimpleUploadedFile("run.html", b"<script>alert(1)</script>",
                                    content_type="text/html")
        response = world.client_for("manager").post(
            _url("complaints-attachment-add", complaint), {"file": upload}, follow=True)
        assert "Attach a PDF document or a photo" in response.content.decode()
        assert not Attachment.objects.exists()


class TestClosing:
    def test_the_outcome_is_sent_in_writing_and_shown_on_the_parents_page(self, world, sent):
        complaint = concern(world)
        client = world.client_for("manager")
        assert client.get(_url("complaints-close", complaint)).status_code == 200
        with sent():
            response = client.post(_url("complaints-close", complaint), {
                "outcome": "We found the spare bag was missed.",
                "action_taken": "Bags are checked at lunch.", "notified_via": "email"})
        assert response.status_code == 302
        complaint.refresh_from_db()
        assert complaint.status == "closed" and complaint.closed_at is not None
        outcome = complaint.outcome
        assert outcome.within_deadline is True and outcome.decided_by == world.users["manager"]
        email = mail.outbox[-1]
        assert email.to == ["parent@example.org"] and "outcome" in email.subject.lower()
        assert "We found the spare bag was missed." in email.body
        assert "enquiries@ofsted.gov.uk" in email.body
        page = world.client_for("parent").get(complaint.get_absolute_url()).content.decode()
        assert "We found the spare bag was missed." in page
        assert "Bags are checked at lunch." in page

    def test_a_second_outcome_is_refused_and_nothing_changes(self, world):
        complaint = concern(world)
        close_with_outcome(world.users["manager"], complaint, outcome="First.",
                           notified_via="email")
        with pytest.raises(ServiceError, match="already closed"):
            close_with_outcome(world.users["manager"], complaint, outcome="Second.",
                               notified_via="letter")
        response = world.client_for("manager").post(_url("complaints-close", complaint), {
            "outcome": "Third.", "notified_via": "letter"}, follow=True)
        assert response.redirect_chain[-1][0] == complaint.get_absolute_url()
        assert "already closed" in response.content.decode()
        assert Outcome.objects.get().outcome == "First."

    def test_an_empty_outcome_is_refused(self, world):
        complaint = concern(world)
        response = world.client_for("manager").post(_url("complaints-close", complaint), {
            "outcome": " ", "notified_via": "email"})
        assert "Write the outcome" in response.content.decode()
        assert not Outcome.objects.exists()

    def test_email_is_not_offered_when_there_is_no_address(self, world):
        phoned = concern(world, persona=None, complainant_name="Gran", channel="phone")
        with pytest.raises(ServiceError, match="no email address"):
            close_with_outcome(world.users["manager"], phoned, outcome="Done.",
                               notified_via="email")
        page = world.client_for("manager").get(_url("complaints-close", phoned)).content
        assert b'value="email"' not in page and b'value="letter"' in page
        close_with_outcome(world.users["manager"], phoned, outcome="Done.",
                           notified_via="letter")
        assert phoned.outcome.notified_via == "letter"

    def test_a_complaint_closed_late_is_recorded_as_late(self, world):
        old = timezone.now() - timedelta(days=30)
        complaint = concern(world, received_at=old)
        assert complaint.is_overdue
        outcome = close_with_outcome(world.users["manager"], complaint, outcome="Sorry.",
                                     notified_via="email")
        assert outcome.within_deadline is False


def test_an_open_complaint_is_shown_as_overdue_after_28_days(world):
    late = concern(world, subject="Late one", received_at=timezone.now() - timedelta(days=29))
    on_time = concern(world, subject="On time", received_at=timezone.now() - timedelta(days=28))
    assert late.is_overdue and not on_time.is_overdue
    page = world.client_for("manager").get(reverse("complaints-list")).content.decode()
    assert "1 overdue" in page
    detail = world.client_for("manager").get(late.get_absolute_url()).content.decode()
    assert "this complaint is overdue" in detail
    home = world.client_for("manager").get(reverse("home")).content.decode()
    assert "1 overdue." in home


class TestCompliments:
    def test_a_compliment_is_shared_with_the_staff_team(self, world):
        compliment = concern(world, kind=Concern.Kind.COMPLIMENT, subject="Kim is wonderful")
        assert world.client_for("practitioner").get(
            compliment.get_absolute_url()).status_code == 404
        response = world.client_for("manager").post(_url("complaints-share", compliment))
        assert response.status_code == 302
        compliment.refresh_from_db()
        assert compliment.shared_with_staff_at is not None
        home = world.client_for("practitioner").get(reverse("home")).content.decode()
        assert "Kim is wonderful" in home
        assert world.client_for("practitioner").get(
            compliment.get_absolute_url()).status_code == 200
        # Sharing twice is refused with a message.
        again = world.client_for("manager").post(_url("complaints-share", compliment),
                                                 follow=True)
        assert "already been shared" in again.content.decode()

    def test_a_complaint_is_never_shared(self, world):
        complaint = concern(world)
        response = world.client_for("manager").post(_url("complaints-share", complaint),
                                                    follow=True)
        assert "Only compliments and suggestions" in response.content.decode()
        complaint.refresh_from_db()
        assert complaint.shared_with_staff_at is None

    def test_a_shared_suggestion_does_not_name_the_family(self, world):
        suggestion = concern(world, kind=Concern.Kind.SUGGESTION, subject="Herbs")
        world.client_for("manager").post(_url("complaints-share", suggestion))
        page = world.client_for("practitioner").get(
            suggestion.get_absolute_url()).content.decode()
        assert "Herbs" in page and "Pat Parent" not in page and "Ava" not in page
