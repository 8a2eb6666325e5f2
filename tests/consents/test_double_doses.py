"""The manager reviews each dose flagged as a possible double dose (two staff recording the
same dose at once): a note with who and when, kept beside the dose, which is never changed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from consents import services
from consents.models import DoubleDoseReview, MedicationDose
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.consents.factories import calpol, dose

NOTE = "Kim and Perry both recorded the 10:00 dose: only one was given. Both told."


def _flagged(world, child=None, minutes_ago=60):
    """Kim records a dose and Perry, at the same moment, records it again: the second is
    flagged, as services.record_dose does."""
    permission = calpol(world, child=child)
    first = dose(world, permission, minutes_ago=minutes_ago)
    second = services.record_dose(
        world.users["practitioner"], permission.child, permission=permission, medicine="",
        given_at=first.given_at, dose_amount=Decimal("5"), dose_unit="ml",
        given_by=world.users["practitioner"], witnessed_by=world.users["manager"])
    assert second.possible_double_dose
    return first, second


def _review(client, flagged, note=NOTE, **extra):
    return client.post(reverse("consents-dose-review", args=[flagged.uuid]),
                       {"note": note}, **extra)


def _snapshot(record) -> dict:
    return model_to_dict(MedicationDose.objects.get(pk=record.pk))


class TestTheList:
    def test_it_lists_flagged_doses_waiting_with_the_dose_they_doubled(self, world):
        first, second = _flagged(world)
        dose(world, minutes_ago=600)  # an ordinary dose: not listed
        page = world.client_for("manager").get(reverse("consents-double-doses"))
        html = page.content.decode()
        assert page.status_code == 200
        assert html.count("Mark as reviewed") == 1
        assert reverse("consents-dose-review", args=[second.uuid]) in html
        assert (f"Another dose of Calpol infant suspension at "
                f"{timezone.localtime(first.given_at):%H:%M}, given by Kim Keyperson") in html
        # Each note box has an id of its own, so its label belongs to it.
        assert f'id="id_{second.uuid.hex}_note"' in html

    def test_it_shows_only_the_managers_own_setting(self, world):
        _flagged(world)
        html = world.client_for("other_setting").get(
            reverse("consents-double-doses")).content.decode()
        assert "Calpol" not in html and "Nothing to review" in html

    def test_the_medicines_page_and_the_home_page_lead_the_manager_to_it(self, world,
                                                                        home_section):
        _, second = _flagged(world)
        html = world.client_for("manager").get(reverse("consents-medication")).content.decode()
        assert "Possible double doses not yet reviewed" in html
        assert reverse("consents-double-doses") in html
        assert "1 possible double dose to review" in home_section("manager")
        # Staff who do not manage see the dose flagged, but are not sent to review it.
        html = world.client_for("practitioner").get(
            reverse("consents-medication")).content.decode()
        assert "Possible double doses not yet reviewed" in html
        assert reverse("consents-double-doses") not in html
        assert "to review" not in home_section("practitioner")
        services.review_double_dose(world.users["manager"], second, note=NOTE)
        html = world.client_for("manager").get(reverse("consents-medication")).content.decode()
        assert "Possible double doses not yet reviewed" not in html
        assert "to review" not in home_section("manager")


class TestReviewing:
    def test_it_records_who_when_and_the_note_and_never_changes_the_dose(self, world):
        _, second = _flagged(world)
        before = _snapshot(second)
        client = world.client_for("manager")
        response = _review(client, second, note=f"  {NOTE}  ")
        assert response.status_code == 302
        assert response["Location"] == reverse("consents-double-doses")
        review = DoubleDoseReview.objects.get()
        assert review.dose == second and review.note == NOTE
        assert review.reviewed_by == world.users["manager"]
        assert timezone.now() - review.reviewed_at < timedelta(minutes=1)
        assert _snapshot(second) == before
        event = AuditEvent.objects.get(action="medication.double_dose_reviewed")
        assert event.actor == world.users["manager"] and event.setting == world.setting_a
        assert event.object_id == str(second.uuid) and event.changes == {"note": NOTE}
        # It leaves the list waiting, and shows among those reviewed and on the child's page.
        waiting = client.get(reverse("consents-double-doses")).content.decode()
        assert "Nothing to review" in waiting
        reviewed = client.get(reverse("consents-double-doses") + "?show=reviewed")
        assert NOTE in reviewed.content.decode()
        assert "Reviewed by Mona Manager" in reviewed.content.decode()
        child_page = client.get(reverse("consents-child", args=[world.child.uuid]))
        assert NOTE in child_page.content.decode()

    def test_the_review_page_shows_the_dose_and_the_one_close_to_it(self, world):
        first, second = _flagged(world)
        response = world.client_for("manager").get(
            reverse("consents-dose-review", args=[second.uuid]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Other doses of Calpol infant suspension within 30 minutes" in html
        assert f"at {timezone.localtime(first.given_at):%H:%M}: given by Kim Keyperson" in html
        assert "Mark as reviewed" in html

    @pytest.mark.parametrize(("note", "message"), [
        ("", "Write what you found and what was done."),
        ("   ", "Write what you found and what was done."),
        ("<script>alert(1)</script>", "Please write plain text"),
        ("x" * 1001, "at most 1000 characters"),
    ])
    def test_bad_notes_are_refused_with_a_message_and_nothing_saved(self, world, note,
                                                                    message):
        _, second = _flagged(world)
        response = _review(world.client_for("manager"), second, note=note)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not DoubleDoseReview.objects.exists()
        assert not AuditEvent.objects.filter(action="medication.double_dose_reviewed").exists()

    def test_a_dose_is_reviewed_once(self, world):
        _, second = _flagged(world)
        client = world.client_for("manager")
        _review(client, second)
        response = _review(client, second, note="A second look.", follow=True)
        html = response.content.decode()
        assert "Already reviewed by Mona Manager" in html and "Nothing has changed" in html
        assert [r.note for r in DoubleDoseReview.objects.all()] == [NOTE]
        assert AuditEvent.objects.filter(action="medication.double_dose_reviewed").count() == 1
        # The dose's page now shows the review and no form.
        assert NOTE in html and 'name="note"' not in html

    def test_another_settings_dose_is_not_found_and_nothing_changes(self, world):
        _, second = _flagged(world)
        response = _review(world.client_for("other_setting"), second)
        assert response.status_code == 404
        with pytest.raises(ServiceError, match="Only a manager of the setting"):
            services.review_double_dose(world.users["other_setting"], second, note=NOTE)
        assert not DoubleDoseReview.objects.exists()

    @pytest.mark.parametrize(("persona", "status"), [
        ("key_person", 403), ("practitioner", 403), ("parent", 403), ("carer_no_info", 404),
        ("other_parent", 404),
    ])
    def test_only_a_manager_reviews(self, world, persona, status):
        _, second = _flagged(world)
        assert _review(world.client_for(persona), second).status_code == status
        assert not DoubleDoseReview.objects.exists()

    def test_a_dose_not_flagged_has_nothing_to_review(self, world):
        plain = dose(world)
        response = _review(world.client_for("manager"), plain, follow=True)
        assert "not flagged as a possible double dose" in response.content.decode()
        assert not DoubleDoseReview.objects.exists()

    def test_a_corrected_dose_is_reviewed_through_its_correction(self, world):
        first, second = _flagged(world)
        correction = services.record_dose(
            world.users["practitioner"], world.child, permission=second.permission,
            medicine="", given_at=second.given_at, dose_amount=Decimal("5"), dose_unit="ml",
            given_by=world.users["practitioner"], witnessed_by=world.users["manager"],
            corrects=second, correction_reason="Recorded twice by mistake")
        response = _review(world.client_for("manager"), second, follow=True)
        assert "This record has been corrected" in response.content.decode()
        assert not DoubleDoseReview.objects.exists()
        # The correction, still a second record of the same dose, is what waits for review.
        waiting = list(MedicationDose.objects.double_doses_to_review())
        assert waiting == [correction]

    def test_reviews_are_never_changed_or_deleted(self, world):
        _, second = _flagged(world)
        review = services.review_double_dose(world.users["manager"], second, note=NOTE)
        review.note = "Changed"
        with pytest.raises(TypeError):
            review.save()
        with pytest.raises(TypeError):
            review.delete()
        assert DoubleDoseReview.objects.get().note == NOTE


def test_the_medication_record_pdf_shows_the_review(world):
    import io

    from pypdf import PdfReader

    _, second = _flagged(world)
    services.review_double_dose(world.users["manager"], second, note=NOTE)
    response = world.client_for("parent").get(reverse("consents-medication-pdf",
                                                      args=[world.child.uuid]))
    text = " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Possible double dose" in text
    assert f"Reviewed by {world.users['manager'].full_name}" in text
    assert "only one was given" in text
