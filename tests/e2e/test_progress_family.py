"""Pat reads Ava's progress on a phone: from the home page to the summary in plain words,
what to do at home, and her comment, saved. Olly, another child's parent, gets nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from learning_journal import services as journal
from learning_journal.eyfs import ensure_framework
from learning_journal.models import Area
from progress.frameworks import ensure_frameworks
from progress.models import Assessment, Judgement, JudgementEvidence
from tests.e2e.conftest import PHONE, assert_accessible, screenshot, sign_out
from tests.progress.factories import points, recorded

pytestmark = pytest.mark.e2e


def _ava_assessed(world) -> Assessment:
    ensure_framework()
    ensure_frameworks()
    point = points(world)[-1]
    observation = journal.create_observation(
        world.users["key_person"], world.setting_a,
        observed_on=timezone.localdate() - timedelta(days=3),
        text="Ava told the group about her trip to the seaside.", children=[world.child],
        areas=[Area.objects.get(code="CL")],
        next_steps={world.child.pk: "Share a picture book and ask her what happens next."},
        publish=True)
    assessment = recorded(world, world.child, point, statuses={
        "CL": Judgement.Status.WORKING_TOWARDS, "PD": Judgement.Status.NOT_YET})
    JudgementEvidence.objects.create(
        judgement=assessment.judgements.get(area__code="CL", aspect__isnull=True),
        observation=observation)
    return assessment


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_reads_the_summary_and_comments(page, live_server, world, sign_in):
    assessment = _ava_assessed(world)
    sign_in(world.users["parent"])
    page.goto(f"{live_server.url}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Progress"))
    expect(section).to_contain_text("please read it and add your comment")
    section.get_by_role("link", name="Ava's progress at Term 2").click()

    expect(page.locator("h1")).to_have_text("Ava's progress: Term 2")
    main = page.locator("main")
    expect(main).to_contain_text("Developing well for their age")
    expect(main).to_contain_text("Getting there: we are helping with this")
    expect(main).to_contain_text(
        "Needs some extra help: we will talk with you about how we support this")
    cl = page.locator("section", has=page.get_by_role("heading",
                                                      name="Communication and Language"))
    expect(cl).to_contain_text("What you can do at home")
    expect(cl).to_contain_text("Share a picture book and ask her what happens next.")
    evidence = JudgementEvidence.objects.get(judgement__assessment=assessment).observation
    expect(cl.locator(f"a[href$='/observations/{evidence.uuid}/']")).to_have_count(1)
    assert_accessible(page)
    screenshot(page, "progress-family-summary-phone")

    # An empty comment is refused and nothing is saved.
    page.get_by_role("button", name="Send my comment").click()
    expect(page.locator("main")).to_contain_text("Write your comment first.")
    assessment.refresh_from_db()
    assert assessment.family_comment == ""

    page.get_by_label("Your comment").fill("She talks about the seaside all the time!")
    page.get_by_role("button", name="Send my comment").click()
    expect(page.locator(".messages")).to_contain_text("your comment is saved")
    expect(page.locator("main")).to_contain_text("She talks about the seaside all the time!")
    expect(page.get_by_role("button", name="Change my comment")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "progress-family-commented-phone")
    assessment.refresh_from_db()
    assert assessment.family_comment == "She talks about the seaside all the time!"

    # Ava's page leads to her summaries too.
    page.goto(f"{live_server.url}/children/{world.child.uuid}/")
    page.get_by_role("link", name="Ava's progress").click()
    expect(page.get_by_role("link", name="Term 2")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "progress-family-list-phone")

    sign_out(page)
    sign_in(world.users["other_parent"])
    response = page.goto(f"{live_server.url}/progress/summaries/{assessment.uuid}/")
    assert response is not None and response.status == 404
    response = page.goto(f"{live_server.url}/progress/children/{world.child.uuid}/summaries/")
    assert response is not None and response.status == 404
