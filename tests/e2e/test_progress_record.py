"""Browser journey of the key person's progress pages: on a phone, Kim finds Ava not yet
assessed at the current point, records the point (prefilled from the last one), links an
observation, shares it with the family, and sees Ava's progress over time."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from learning_journal.eyfs import ensure_framework
from progress.frameworks import ensure_frameworks
from progress.models import Assessment, Judgement, JudgementEvidence
from tests.e2e.conftest import PHONE, assert_accessible, screenshot
from tests.learning_journal.factories import group_observation
from tests.progress.factories import points, recorded

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def frameworks(transactional_db):
    """The EYFS areas and the progress frameworks (a flushed database loses them)."""
    ensure_framework()
    ensure_frameworks()


def _open_progress(page):
    nav = page.locator("#nav-main")
    if not nav.is_visible():  # a phone: the menu is folded away
        page.locator("button.navbar-toggler").click()
        expect(nav).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    nav.get_by_role("link", name="Progress", exact=True).click()


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_key_person_records_a_check_point_on_a_phone(page, live_server, world, sign_in):
    _entry, term1, term2 = points(world)
    recorded(world, world.child, term1, statuses={"CL": Judgement.Status.WORKING_TOWARDS})
    observation = group_observation(world, children=[world.child], photos=0,
                                    text="Ava climbed to the top of the frame by herself.")

    sign_in(world.users["key_person"])
    _open_progress(page)
    expect(page.locator("h1")).to_have_text("Progress")
    expect(page.get_by_role("heading", name="Current point: Term 2")).to_be_visible()
    row = page.locator("li.list-group-item").filter(has_text="Ava Parentchild")
    expect(row).to_contain_text("Not yet assessed")
    screenshot(page, "progress-caseload-phone")
    assert_accessible(page)

    row.get_by_role("link", name="Ava Parentchild").click()
    expect(page.locator("h1")).to_contain_text("Progress of Ava Parentchild")
    expect(page.get_by_label("Assessment point")).to_have_value(str(term2.uuid))
    page.get_by_role("button", name="Assess this point").click()

    expect(page.locator("h1")).to_contain_text("Ava Parentchild: Term 2")
    communication = page.get_by_role("group", name="Communication and Language", exact=True)
    # Prefilled from Term 1: Kim changes only what has moved.
    expect(communication.get_by_role("radio", name="Working towards")).to_be_checked()
    expect(page.get_by_role("group", name="Physical Development", exact=True)
           .get_by_role("radio", name="On track", exact=True)).to_be_checked()
    communication.get_by_role("radio", name="On track", exact=True).check()
    communication.get_by_label("Comment (a sentence or two)").fill(
        "Talks in longer sentences at story time.")
    physical = page.get_by_role("group", name="Physical Development", exact=True)
    physical.get_by_label(re.compile("climbed to the top of the frame")).check()
    screenshot(page, "progress-assessment-form-phone")
    assert_accessible(page)
    page.get_by_role("button", name="Save and share with the family").click()

    expect(page.locator(".messages")).to_contain_text("shared with Ava's family")
    assessment = Assessment.objects.get(child=world.child, point=term2)
    assert assessment.is_shared
    cl = assessment.judgements.get(area__code="CL", aspect__isnull=True)
    assert (cl.status, cl.comment) == (Judgement.Status.ON_TRACK,
                                       "Talks in longer sentences at story time.")
    assert list(JudgementEvidence.objects.filter(judgement__assessment=assessment)
                .values_list("observation_id", flat=True)) == [observation.pk]
    expect(page.get_by_role("link", name=re.compile(r"\d+ \w+ \d{4}"))).to_have_count(1)
    screenshot(page, "progress-assessment-phone")
    assert_accessible(page)

    page.goto(f"{live_server.url}{reverse('progress-child', args=[world.child.uuid])}")
    chart = page.get_by_role("img", name=re.compile(r"^Communication and Language: Term 1: "
                                                    r"Working towards; Term 2: On track$"))
    expect(chart).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(7)
    expect(page.get_by_role("table")).to_contain_text("Working towards")
    screenshot(page, "progress-child-phone")
    assert_accessible(page)

    _open_progress(page)
    current = page.locator("section").filter(
        has=page.get_by_role("heading", name="Current point: Term 2"))
    expect(current).to_contain_text("Every child due this point is assessed.")
    expect(current).to_contain_text("1 child assessed and shared.")


def test_a_manager_sees_every_child_by_room_and_a_childs_progress(page, live_server, world,
                                                                   sign_in):
    entry, term1, term2 = points(world)
    recorded(world, world.child, entry, Judgement.Status.NOT_YET)
    recorded(world, world.child, term1, statuses={"CL": Judgement.Status.WORKING_TOWARDS})
    recorded(world, world.child, term2, share=False)
    group_observation(world, children=[world.child], photos=0,
                      text="Ava balanced along the beam and jumped off with both feet.")

    sign_in(world.users["manager"])
    _open_progress(page)
    current = page.locator("section").filter(
        has=page.get_by_role("heading", name="Current point: Term 2"))
    expect(current).to_contain_text("Caterpillars")
    expect(current.locator("li").filter(has_text="Ava Parentchild")).to_contain_text(
        "In progress: continue")
    expect(current).to_contain_text("Otto Otherchild")
    screenshot(page, "progress-caseload-desktop")
    assert_accessible(page)

    current.get_by_role("link", name="Ava Parentchild").click()
    expect(page.locator("svg[role=img]")).to_have_count(7)
    screenshot(page, "progress-child-desktop")
    assert_accessible(page)

    page.get_by_role("button", name="Assess this point").click()
    expect(page.locator("h1")).to_contain_text("Ava Parentchild: Term 2")
    page.get_by_text("1 recent observation").click()
    expect(page.get_by_role("link", name=re.compile(r"\d+ \w+ \d{4}"))).to_be_visible()
    screenshot(page, "progress-assessment-form-desktop")
    assert_accessible(page)
