"""Browser journeys of the journal's review and keepsake:

- Kim writes an observation with its next step on the new-observation form; Mona, reviewing,
  returns it with a note; Kim reads the note, changes the observation and sends it again;
  Mona approves it. The review list and the staff's home show its photo's thumbnail.
- Pat asks for Ava's keepsake (no leaving date needed); the page shows how far it has got,
  then the download link; the PDF is read back.
"""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from learning_journal.models import JournalSettings, Keepsake, Observation, ObservationReturn
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, sign_out
from tests.e2e.test_journal_journeys import _jpeg, journal, screenshot  # noqa: F401
from tests.learning_journal.factories import group_observation, photo_consents

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_manager_returns_an_observation_with_a_note_and_kim_sees_it(
        page, live_server, world, sign_in, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    JournalSettings.objects.create(setting=world.setting_a, require_review=True)

    sign_in(world.users["key_person"])
    page.goto(f"{live_server.url}{reverse('journal-observation-new')}")
    page.get_by_label("Ava Parentchild").check()
    page.get_by_label("What happened").fill("Ava stacked six blocks and counted them.")
    page.get_by_label("Next step").fill("Count to ten with objects at snack time.")
    page.get_by_label("Photos and videos").set_input_files([_jpeg()])
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".messages")).to_contain_text("waiting for a manager's review")
    sign_out(page)

    sign_in(world.users["manager"])
    page.goto(f"{live_server.url}{reverse('journal-review')}")
    expect(page.locator("main img")).to_have_count(1)  # the photo's thumbnail
    screenshot(page, f"journal-review-thumbnails-{size}")
    assert_accessible(page)
    page.get_by_role("link", name="Ava stacked six blocks").click()
    page.get_by_text("Return with a note").click()
    page.get_by_label("What needs changing").fill("Which blocks? Say how she counted.")
    screenshot(page, f"journal-observation-return-{size}")
    assert_accessible(page)
    page.get_by_role("button", name="Return to Kim Keyperson").click()
    expect(page.locator(".messages")).to_contain_text("it is a draft again")
    sign_out(page)

    sign_in(world.users["key_person"])
    page.goto(f"{live_server.url}{reverse('journal-home')}")
    expect(page.locator("main img")).to_have_count(1)
    page.get_by_role("link", name="Ava stacked six blocks").click()
    expect(page.locator("main")).to_contain_text("Returned by Mona Manager")
    expect(page.locator("main")).to_contain_text("Which blocks? Say how she counted.")
    expect(page.locator("main")).to_contain_text("Count to ten with objects at snack time.")
    screenshot(page, f"journal-observation-returned-{size}")
    assert_accessible(page)
    page.get_by_role("link", name="Change").first.click()
    expect(page.locator("main")).to_contain_text("Which blocks? Say how she counted.")
    page.get_by_label("What happened").fill(
        "Ava stacked six wooden blocks and counted them, touching each one.")
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".messages")).to_contain_text("waiting for a manager's review")
    sign_out(page)

    sign_in(world.users["manager"])
    page.goto(f"{live_server.url}{reverse('journal-review')}")
    page.get_by_role("link", name="Ava stacked six wooden blocks").click()
    expect(page.locator("main")).to_contain_text("Review history")
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".messages")).to_contain_text("published")
    observation = Observation.objects.get()
    assert observation.status == Observation.Status.PUBLISHED
    assert ObservationReturn.objects.get().note == "Which blocks? Say how she counted."


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_parent_watches_the_keepsake_being_made_and_downloads_it(
        page, live_server, world, sign_in, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    photo_consents(world, world.child)
    for n in range(3):
        group_observation(world, children=[world.child], text=f"KEEPSAKE-ENTRY-{n}")
    assert world.child.leaving_date is None

    sign_in(world.users["parent"])
    page.goto(f"{live_server.url}{reverse('journal-child', args=[world.child.uuid])}")
    page.get_by_role("link", name="Keepsake").click()
    page.get_by_role("button", name="Make the keepsake").click()
    expect(page.locator(".messages")).to_contain_text("We are making the keepsake")
    expect(page.locator(".keepsake-status").first).to_contain_text("Being made")
    screenshot(page, f"journal-keepsake-progress-{size}")
    assert_accessible(page)
    # The page asks every 2 s how far it has got; then the links appear.
    link = page.get_by_role("link", name="Download the journal (PDF)")
    expect(link).to_be_visible(timeout=60_000)
    expect(page.locator(".keepsake-status").first).to_contain_text("3 observations, 3 photos")
    screenshot(page, f"journal-keepsake-ready-{size}")
    assert_accessible(page)
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as f:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert all(f"KEEPSAKE-ENTRY-{n}" in text for n in range(3))
    assert "Ava's learning journal" in text
    assert Keepsake.objects.get().status == "ready"
