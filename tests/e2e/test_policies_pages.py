"""Every policies and questionnaires page a person reaches, at phone and desktop sizes,
passes axe-core's serious and critical checks (the journeys cover the forms in use)."""

import pytest
from django.urls import reverse

from policies.defaults import ensure_default_policies
from policies.services import add_comment, submit_answers
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot
from tests.policies.factories import open_review, published_policy, questionnaire

pytestmark = pytest.mark.e2e


def _visit(page, live_server, path, name):
    page.goto(live_server.url + path)
    screenshot(page, name)
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_managers_pages(page, live_server, world, sign_in, viewport):
    ensure_default_policies(world.setting_a, signed_by=("Cara Chair", "Mona Manager"))
    policy = published_policy(world.setting_a, title="Settling in")
    review = open_review(policy, world.users["manager"])
    add_comment(world.users["parent"], review, section="", body="<b>Bold</b> idea")
    survey = questionnaire(world.setting_a, world.users["manager"])
    # A draft: its questions can still be changed and removed.
    draft = questionnaire(world.setting_a, world.users["manager"], status="draft",
                          title="Spring survey")
    submit_answers(world.users["parent"], survey, dict(zip(
        survey.questions.all(), [5, "Email", ["Sports day"], "Lovely"], strict=True)))
    size = "phone" if viewport == PHONE else "desktop"
    sign_in(world.users["manager"])
    for path, name in [
        (reverse("home"), "home"),
        (reverse("policies-list"), "list"),
        (policy.get_absolute_url(), "detail"),
        (reverse("policies-draft", args=[policy.uuid]), "draft"),
        (reverse("policies-publish", args=[policy.uuid]), "publish"),
        (reverse("policies-edit", args=[policy.uuid]), "edit"),
        (reverse("policies-new"), "new"),
        (reverse("policies-readers", args=[policy.uuid]), "readers"),
        (reverse("policies-version", args=[review.draft.uuid]), "version"),
        (reverse("policies-questionnaires"), "questionnaires"),
        (reverse("policies-questionnaire-new"), "questionnaire-new"),
        (survey.get_absolute_url(), "questionnaire"),
        (reverse("policies-questionnaire-results", args=[survey.uuid]), "results"),
        (draft.get_absolute_url(), "questionnaire-draft"),
        (reverse("policies-question-edit",
                 args=[draft.uuid, draft.questions.get(position=2).uuid]), "question-edit"),
    ]:
        _visit(page, live_server, path, f"policies-manager-{name}-{size}")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_families_pages(page, live_server, world, sign_in):
    ensure_default_policies(world.setting_a, signed_by=("Cara Chair", "Mona Manager"))
    policy = published_policy(world.setting_a, title="Settling in")
    open_review(policy, world.users["manager"])
    survey = questionnaire(world.setting_a, world.users["manager"])
    sign_in(world.users["other_parent"])
    for path, name in [
        (reverse("home"), "home"),
        (reverse("policies-list"), "list"),
        (policy.get_absolute_url(), "detail"),
        (reverse("policies-questionnaires"), "questionnaires"),
        (survey.get_absolute_url(), "questionnaire"),
        (reverse("policies-print", args=[policy.uuid]), "print"),
    ]:
        _visit(page, live_server, path, f"policies-family-{name}")
