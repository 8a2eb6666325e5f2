"""Families raise concerns through the portal; staff log those made in person or by phone."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from complaints.models import Concern
from complaints.services import raise_concern
from preschool.models import AuditEvent, Reminder
from preschool.services import ServiceError
from tests.factories import ChildFactory

RAISE = reverse("complaints-raise")


def _raise(client, **data):
    form = {"kind": "complaint", "subject": "Wet clothes", "details": "Ava came home wet.",
            **data}
    return client.post(RAISE, form)


class TestAParentRaisesAConcern:
    def test_it_records_a_written_complaint_due_in_28_days_and_tells_the_managers(
            self, world, sent):
        with sent():
            response = _raise(world.client_for("parent"), child=str(world.child.uuid))
        concern = Concern.objects.get()
        assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
        assert concern.complainant == world.users["parent"] and concern.child == world.child
        assert concern.channel == "portal" and concern.status == "received"
        assert concern.due_on == timezone.localdate() + timedelta(days=28)
        assert [m.to for m in mail.outbox] == [["manager@example.org"]]
        assert "Wet clothes" in mail.outbox[0].subject
        event = AuditEvent.objects.get(action="concern.raised")
        assert event.actor == world.users["parent"] and event.setting == world.setting_a

    def test_the_page_explains_the_procedure_and_gives_ofsteds_details(self, world):
        page = world.client_for("parent").get(RAISE).content.decode()
        for fact in ("28 days", "Clive House, 70 Petty France, London SW1H 9EX",
                     "0300 123 1231", "enquiries@ofsted.gov.uk"):
            assert fact in page

    def test_a_compliment_has_no_due_date(self, world):
        _raise(world.client_for("parent"), kind="compliment", subject="Thank you Kim")
        assert Concern.objects.get().due_on is None

    def test_it_can_only_be_about_their_own_children(self, world):
        response = _raise(world.client_for("parent"), child=str(world.other_child.uuid))
        assert response.status_code == 200
        assert "Choose one of your own children" in response.content.decode()
        assert not Concern.objects.exists()

    def test_the_service_refuses_someone_elses_child_too(self, world):
        with pytest.raises(ServiceError, match="your own children"):
            raise_concern(world.users["parent"], world.setting_a, kind="query", subject="Q",
                          details="D", child=world.other_child)

    def test_a_carer_without_the_right_to_information_cannot_name_the_child(self, world):
        response = _raise(world.client_for("carer_no_info"), child=str(world.child.uuid))
        assert "Choose one of your own children" in response.content.decode()
        assert not Concern.objects.exists()

    @pytest.mark.parametrize("details", ["", "   \n  "])
    def test_a_complaint_with_no_text_is_refused_and_nothing_is_saved(self, world, details):
        response = _raise(world.client_for("parent"), details=details)
        assert response.status_code == 200
        assert "Tell us what happened" in response.content.decode()
        assert not Concern.objects.exists() and not Reminder.objects.exists()

    def test_html_and_script_stored_before_they_were_refused_are_shown_as_text(self, world):
        # Typed today, they are refused (tests/complaints/test_plain_text.py); a concern
        # stored earlier, or logged some other way, is still only ever shown as text.
        from tests.complaints.factories import concern as make_concern

        concern = make_concern(world, subject="<b>bold</b>",
                               details="<script>alert('x')</script> & more")
        for persona in ("parent", "manager"):
            page = world.client_for(persona).get(concern.get_absolute_url()).content.decode()
            assert "<script>alert" not in page and "<b>bold</b>" not in page
            assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page


class TestAnonymousSuggestions:
    def test_it_keeps_no_trace_of_who_made_it(self, world, sent):
        with sent():
            _raise(world.client_for("parent"), kind="suggestion", subject="Herb garden",
                   details="Could the children grow herbs?", anonymous="on")
        concern = Concern.objects.get()
        assert concern.is_anonymous and concern.complainant is None and concern.child is None
        event = AuditEvent.objects.get(action="concern.raised")
        assert event.actor is None and event.actor_label == "" and event.ip_address is None
        assert concern.complainant_label == "Anonymous"
        # Not on Pat's page: nothing links it to her.
        page = world.client_for("parent").get(reverse("complaints-list")).content.decode()
        assert "Herb garden" not in page
        manager_page = world.client_for("manager").get(concern.get_absolute_url())
        assert "Pat Parent" not in manager_page.content.decode()

    def test_only_suggestions_can_be_anonymous(self, world):
        response = _raise(world.client_for("parent"), kind="complaint", anonymous="on")
        assert "Only suggestions can be sent anonymously" in response.content.decode()
        assert not Concern.objects.exists()

    def test_an_anonymous_suggestion_cannot_name_a_child(self, world):
        response = _raise(world.client_for("parent"), kind="suggestion", anonymous="on",
                          child=str(world.child.uuid))
        assert "cannot name a child" in response.content.decode()
        assert not Concern.objects.exists()


class TestStaffLogAConcern:
    def _log(self, client, **data):
        received = timezone.localtime() - timedelta(days=3)
        form = {"kind": "complaint", "channel": "phone",
                "received_at": received.strftime("%Y-%m-%dT%H:%M"),
                "subject": "Fees letter", "details": "Dad rang about the fees letter.",
                "complainant": "", "complainant_name": "Dan Dad",
                "complainant_email": "dan@example.org", **data}
        return client.post(RAISE, form)

    def test_a_practitioner_logs_a_phone_complaint_dated_when_it_was_received(
            self, world, sent):
        with sent():
            response = self._log(world.client_for("practitioner"))
        assert response.status_code == 302
        concern = Concern.objects.get()
        assert concern.logged_by == world.users["practitioner"] and concern.channel == "phone"
        assert concern.due_on == timezone.localdate() - timedelta(days=3) + timedelta(days=28)
        assert concern.complainant_name == "Dan Dad" and concern.reply_to == "dan@example.org"
        assert [m.to for m in mail.outbox] == [["manager@example.org"]]
        # The practitioner does not see the complaint afterwards: the manager handles it.
        assert world.client_for("practitioner").get(
            concern.get_absolute_url()).status_code == 404

    def test_the_manager_logs_one_for_a_parent_with_an_account(self, world):
        response = self._log(world.client_for("manager"), complainant=str(
            world.users["other_parent"].uuid), complainant_name="")
        concern = Concern.objects.get()
        assert response["Location"] == concern.get_absolute_url()
        assert concern.complainant == world.users["other_parent"]
        # Olly sees it on his page.
        page = world.client_for("other_parent").get(reverse("complaints-list"))
        assert "Fees letter" in page.content.decode()

    def test_someone_must_be_named(self, world):
        response = self._log(world.client_for("manager"), complainant_name="")
        assert "type the name of the person" in response.content.decode()
        assert not Concern.objects.exists()

    def test_a_date_in_the_future_is_refused(self, world):
        future = timezone.localtime() + timedelta(days=1)
        response = self._log(world.client_for("manager"),
                             received_at=future.strftime("%Y-%m-%dT%H:%M"))
        assert "in the future" in response.content.decode()
        assert not Concern.objects.exists()

    def test_a_parent_of_another_setting_cannot_be_chosen(self, world):
        bea = world.users["other_setting"]
        response = self._log(world.client_for("manager"), complainant=str(bea.uuid))
        assert "Choose a parent or carer of this setting" in response.content.decode()

    def test_a_child_of_another_setting_cannot_be_chosen(self, world):
        response = self._log(world.client_for("manager"), child=str(world.child_b.uuid))
        assert response.status_code == 200 and not Concern.objects.exists()


class TestWhoSeesWhat:
    def test_families_see_only_their_own_concerns(self, world):
        from tests.complaints.factories import concern

        mine = concern(world, subject="Pat's concern")
        concern(world, subject="Olly's concern", persona="other_parent",
                child=world.other_child)
        page = world.client_for("parent").get(reverse("complaints-list")).content.decode()
        assert "Pat&#x27;s concern" in page and "Olly" not in page
        assert world.client_for("other_parent").get(mine.get_absolute_url()).status_code == 404

    def test_a_child_who_has_left_is_not_offered(self, world):
        left = ChildFactory(setting=world.setting_a, leaving_date=timezone.localdate())
        from tests.factories import ChildAdultFactory

        ChildAdultFactory(child=left, user=world.users["parent"])
        page = world.client_for("parent").get(RAISE).content.decode()
        assert str(left.uuid) not in page and str(world.child.uuid) in page
