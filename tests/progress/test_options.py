"""The managers' progress options: the framework, the points, the statements."""

import pytest
from django.urls import reverse

from learning_journal.models import Area, Aspect
from preschool.models import AuditEvent
from progress.constants import BIRTH_TO_5_MATTERS
from progress.models import AssessmentPoint, Framework, ProgressOptions, SettingStatement
from tests.progress.factories import points

pytestmark = pytest.mark.django_db


def test_the_default_is_development_matters_with_its_two_bands(world):
    options = ProgressOptions.of(world.setting_a)
    assert options.pk is None
    assert [b.name for b in options.framework.bands.all()] == [
        "Birth to three", "3 and 4-year-olds"]
    b5m = Framework.objects.get(code=BIRTH_TO_5_MATTERS)
    assert [b.name for b in b5m.bands.all()] == [f"Range {n}" for n in range(1, 7)]
    assert "Open Government Licence" in options.framework.licence


def test_a_manager_chooses_the_framework_and_the_page_names_its_source(world):
    client = world.client_for("manager")
    page = client.get(reverse("progress-options"))
    assert "Open Government Licence v3.0" in page.content.decode()
    b5m = Framework.objects.get(code=BIRTH_TO_5_MATTERS)
    response = client.post(reverse("progress-options"),
                           {"framework": b5m.pk, "judge_aspects": "on"}, follow=True)
    assert "How progress is assessed is saved." in response.content.decode()
    options = ProgressOptions.of(world.setting_a)
    assert options.framework == b5m and options.judge_aspects
    assert AuditEvent.objects.filter(action="progress.options_changed").exists()
    assert ProgressOptions.of(world.setting_b).framework.code != BIRTH_TO_5_MATTERS


def test_a_bad_framework_changes_nothing(world):
    response = world.client_for("manager").post(reverse("progress-options"),
                                                {"framework": 9999})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ProgressOptions.objects.exists()


def test_a_manager_adds_changes_and_retires_points(world):
    client = world.client_for("manager")
    response = client.post(reverse("progress-point-new"), {
        "kind": "dated", "name": "Autumn term", "starts_on": "2026-09-01",
        "ends_on": "2026-12-18"}, follow=True)
    assert "Autumn term" in response.content.decode()
    point = AssessmentPoint.objects.get()
    response = client.post(reverse("progress-point-edit", args=[point.uuid]), {
        "name": "Autumn term 2026", "starts_on": "2026-09-02", "ends_on": "2026-12-18"})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.name == "Autumn term 2026" and point.kind == "dated"
    retired = client.post(reverse("progress-point-retire", args=[point.uuid]), follow=True)
    assert "is no longer used. Its assessments are kept." in retired.content.decode()
    point.refresh_from_db()
    assert point.retired_at is not None
    assert "Autumn term 2026" not in client.get(reverse("progress-options")).content.decode()


def test_a_point_that_ends_before_it_starts_is_refused(world):
    response = world.client_for("manager").post(reverse("progress-point-new"), {
        "kind": "dated", "name": "Backwards", "starts_on": "2026-09-01",
        "ends_on": "2026-08-01"})
    assert response.status_code == 200
    assert "The point ends on or after the day it starts." in response.content.decode()
    assert not AssessmentPoint.objects.exists()


def test_a_second_point_on_entry_is_refused_with_a_message(world):
    points(world)
    response = world.client_for("manager").post(reverse("progress-point-new"), {
        "kind": "entry", "name": "Entry again", "starts_on": "2026-09-01"})
    assert "The setting has its point on entry already." in response.content.decode()
    assert AssessmentPoint.objects.filter(kind="entry").count() == 1


def test_a_manager_adds_and_retires_the_settings_own_statements(world):
    client = world.client_for("manager")
    cl = Area.objects.get(code="CL")
    speaking = Aspect.objects.get(name="Speaking")
    band = ProgressOptions.of(world.setting_a).framework.bands.first()
    client.post(reverse("progress-statement-new"), {
        "area": cl.pk, "aspect": speaking.pk, "band": band.pk, "text": "Uses new words"})
    statement = SettingStatement.objects.get()
    assert (statement.area, statement.aspect, statement.band) == (cl, speaking, band)
    assert "Uses new words" in client.get(reverse("progress-options")).content.decode()
    client.post(reverse("progress-statement-retire", args=[statement.uuid]))
    statement.refresh_from_db()
    assert statement.retired_at is not None


def test_an_aspect_of_another_area_is_refused(world):
    response = world.client_for("manager").post(reverse("progress-statement-new"), {
        "area": Area.objects.get(code="PD").pk,
        "aspect": Aspect.objects.get(name="Speaking").pk, "text": "Mixed up"})
    assert "Choose an aspect of the area chosen." in response.content.decode()
    assert not SettingStatement.objects.exists()


def test_a_range_of_the_other_framework_is_refused(world):
    other = Framework.objects.get(code=BIRTH_TO_5_MATTERS).bands.first()
    response = world.client_for("manager").post(reverse("progress-statement-new"), {
        "area": Area.objects.get(code="PD").pk, "band": other.pk, "text": "Climbs"})
    assert "Select a valid choice" in response.content.decode()
    assert not SettingStatement.objects.exists()
