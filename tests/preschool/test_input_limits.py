"""What people type is checked: dates that make sense for the child and the setting, and free
text of a sensible length, with a clear message and nothing stored (preschool/validators.py).
"""

import importlib
import inspect
from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from families.models import AllAboutMe, Child
from keyperson.models import HomeVisit, SettlingVisit
from learning_journal.models import DiaryEntry, Observation
from policies.constants import MAX_QUESTIONNAIRE_DAYS
from policies.models import Questionnaire
from preschool.validators import (
    DATE_YEARS_AHEAD,
    DATE_YEARS_BACK,
    TEXT_MAX_LENGTH,
    InputLimits,
    apply_input_limits,
    at_most_days_ahead,
    child_record_date,
    plausible_date,
)

APPS = ["attendance", "collection", "complaints", "consents", "families", "keyperson",
        "learning_journal", "policies", "preschool"]


def _forms_of(app: str) -> list[type]:
    module = importlib.import_module(f"{app}.forms")
    return [cls for _, cls in inspect.getmembers(module, inspect.isclass)
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__]


@pytest.mark.parametrize("app", APPS)
def test_every_form_of_every_app_applies_the_limits(app):
    found = _forms_of(app)
    assert found, f"no forms found in {app}.forms"
    missing = [cls.__name__ for cls in found if not issubclass(cls, InputLimits)]
    assert not missing, f"{app}.forms without InputLimits: {missing}"


class TestTheRules:
    def test_a_date_far_in_the_past_or_future_is_refused(self):
        today = timezone.localdate()
        for bad in (date(1, 1, 1), date(9999, 12, 31),
                    today.replace(year=today.year - DATE_YEARS_BACK) - timedelta(days=1),
                    today.replace(year=today.year + DATE_YEARS_AHEAD) + timedelta(days=1)):
            with pytest.raises(ValidationError, match="check the year"):
                plausible_date(bad)
        for good in (today, today.replace(year=today.year - DATE_YEARS_BACK),
                     today.replace(year=today.year + DATE_YEARS_AHEAD)):
            plausible_date(good)

    def test_a_record_about_a_child_is_not_before_they_were_born_or_long_before_they_started(
            self):
        child = Child(first_name="Ava", date_of_birth=date(2023, 5, 1),
                      start_date=date(2025, 9, 1))
        with pytest.raises(ValidationError, match="before Ava was born"):
            child_record_date(child, date(2023, 4, 30))
        with pytest.raises(ValidationError, match="long before Ava started"):
            child_record_date(child, date(2024, 12, 31))
        child_record_date(child, date(2025, 6, 1))  # a home visit before the first day
        child.start_date = None
        child_record_date(child, date(2023, 5, 1))

    def test_a_closing_date_stays_within_its_horizon(self):
        today = timezone.localdate()
        at_most_days_ahead(today + timedelta(days=30), 30, "A questionnaire")
        with pytest.raises(ValidationError, match="at most 30 days"):
            at_most_days_ahead(today + timedelta(days=31), 30, "A questionnaire")

    def test_a_text_field_without_a_limit_gets_one_with_a_clear_message(self):
        class NoteForm(forms.Form):
            note = forms.CharField(widget=forms.Textarea)
            title = forms.CharField(max_length=20)
            day = forms.DateField()

        form = NoteForm({"note": "x" * (TEXT_MAX_LENGTH + 1), "title": "t" * 21,
                         "day": "0001-01-01"})
        apply_input_limits(form)
        assert form.fields["note"].widget.attrs["maxlength"] == str(TEXT_MAX_LENGTH)
        assert not form.is_valid()
        assert form.errors["note"] == [
            f"Please shorten this to at most {TEXT_MAX_LENGTH} characters "
            f"(it has {TEXT_MAX_LENGTH + 1})."]
        assert form.errors["title"] == [
            "Please shorten this to at most 20 characters (it has 21)."]
        assert "check the year" in form.errors["day"][0]
        # The class's own fields are left as they were.
        assert NoteForm.base_fields["note"].max_length is None


# --- Through the pages: the cases families and staff met ---------------------------------------

def _errors(response) -> str:
    assert response.status_code == 200, response.status_code  # the form again, not a redirect
    return response.content.decode()


class TestObservationDates:
    def _post(self, world, observed_on: str, children=None):
        children = children or [world.child]
        return world.client_for("key_person").post(reverse("journal-observation-new"), {
            "children": [str(c.uuid) for c in children], "observed_on": observed_on,
            "text": "Ava built a tower.", "action": "draft"})

    def test_an_observation_dated_year_one_is_refused(self, world):
        html = _errors(self._post(world, "0001-01-01"))
        assert "too far in the past (check the year)" in html
        assert not Observation.objects.exists()

    def test_an_observation_before_the_child_was_born_is_refused(self, world):
        before = world.child.date_of_birth - timedelta(days=1)
        html = _errors(self._post(world, before.isoformat(),
                                  children=[world.other_child, world.child]))
        assert "before Ava was born" in html
        assert not Observation.objects.exists()

    def test_an_observation_long_before_the_child_started_is_refused(self, world):
        Child.objects.filter(pk=world.child.pk).update(
            start_date=timezone.localdate() - timedelta(days=10))
        long_before = timezone.localdate() - timedelta(days=400)
        html = _errors(self._post(world, long_before.isoformat()))
        assert "long before Ava started" in html
        assert not Observation.objects.exists()

    def test_a_wow_moment_before_the_child_was_born_is_refused(self, world):
        before = world.child.date_of_birth - timedelta(days=1)
        html = _errors(world.client_for("parent").post(
            reverse("journal-wow-new", args=[world.child.uuid]),
            {"observed_on": before.isoformat(), "text": "Counted to ten."}))
        assert "before Ava was born" in html
        assert not Observation.objects.exists()

    def test_a_diary_day_in_year_one_is_refused(self, world):
        html = _errors(world.client_for("parent").post(
            reverse("journal-diary", args=[world.child.uuid]),
            {"day": "0001-01-01", "notes": "Slept well."}))
        assert "check the year" in html
        assert not DiaryEntry.objects.exists()


class TestVisitDates:
    @pytest.mark.parametrize(("url_name", "model", "data"), [
        ("keyperson-settling-visit-new", SettlingVisit,
         {"who_came": "Mum", "how_it_went": "Happy."}),
        ("keyperson-home-visit-new", HomeVisit, {"notes": "Met the family."}),
    ])
    def test_a_visit_dated_year_one_or_before_birth_is_refused(self, world, url_name, model,
                                                               data):
        client = world.client_for("key_person")
        url = reverse(url_name, args=[world.child.uuid])
        html = _errors(client.post(url, {**data, "visited_on": "0001-01-01"}))
        assert "check the year" in html
        before = world.child.date_of_birth - timedelta(days=1)
        html = _errors(client.post(url, {**data, "visited_on": before.isoformat()}))
        assert "before Ava was born" in html
        assert not model.objects.exists()


class TestQuestionnaireClosing:
    def _new(self, world, closes_on: str):
        return world.client_for("manager").post(reverse("policies-questionnaire-new"), {
            "title": "Autumn survey", "introduction": "Five minutes.", "closes_on": closes_on})

    def test_a_questionnaire_closing_in_9999_is_refused(self, world):
        html = _errors(self._new(world, "9999-12-31"))
        assert "too far in the future (check the year)" in html
        assert not Questionnaire.objects.exists()

    def test_a_questionnaire_closing_beyond_the_horizon_is_refused(self, world):
        too_late = timezone.localdate() + timedelta(days=MAX_QUESTIONNAIRE_DAYS + 1)
        html = _errors(self._new(world, too_late.isoformat()))
        assert f"at most {MAX_QUESTIONNAIRE_DAYS} days" in html
        assert not Questionnaire.objects.exists()
        within = timezone.localdate() + timedelta(days=MAX_QUESTIONNAIRE_DAYS)
        assert self._new(world, within.isoformat()).status_code == 302
        assert Questionnaire.objects.get().closes_on == within


class TestFreeTextLength:
    def test_all_about_me_refuses_a_hundred_thousand_characters(self, world):
        url = reverse("child-edit", args=[world.child.uuid, "about-me"])
        html = _errors(world.client_for("parent").post(url, {"likes": "x" * 100_000}))
        assert f"Please shorten this to at most {TEXT_MAX_LENGTH} characters" in html
        assert not AllAboutMe.objects.filter(child=world.child, likes__startswith="x").exists()

    def test_all_about_me_keeps_sensible_text(self, world):
        url = reverse("child-edit", args=[world.child.uuid, "about-me"])
        response = world.client_for("parent").post(url, {"likes": "Dinosaurs and puddles."})
        assert response.status_code == 302
        assert AllAboutMe.objects.get(child=world.child).likes == "Dinosaurs and puddles."
