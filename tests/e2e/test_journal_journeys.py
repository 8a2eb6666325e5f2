"""Browser journeys of the learning journal:

- a practitioner posts a group observation with a photo, and two families see what they
  should and nothing more (Otto's family has not agreed to other families seeing his photos);
- a parent adds a wow moment from home and the key person comments;
- a key person completes the progress check at two, the manager signs it off, and the parent
  comments and downloads the PDF (whose text is checked).
"""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from consents.models import ConsentKind
from learning_journal.eyfs import ensure_framework
from learning_journal.models import Media, Observation, ProgressCheck
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, sign_out
from tests.e2e.conftest import screenshot as take_screenshot
from tests.learning_journal.factories import consent, make_two, photo_consents

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def journal(transactional_db):
    """The EYFS framework present (a flushed database loses it)."""
    ensure_framework()


def screenshot(page, name):
    """A screenshot once the photos have loaded."""
    page.wait_for_load_state("networkidle")
    take_screenshot(page, name)


def _jpeg(color=(220, 120, 30)) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), color).save(out, format="JPEG")
    return {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def _journal(page, live_server, child):
    page.goto(f"{live_server.url}{reverse('journal-child', args=[child.uuid])}")


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_group_observation_with_a_photo_is_seen_as_each_family_should(
        page, live_server, world, sign_in):
    photo_consents(world, world.child)
    photo_consents(world, world.other_child, others=False)

    sign_in(world.users["key_person"])
    page.locator("#nav-main").get_by_role("link", name="Journal").click()
    page.get_by_role("link", name="New observation").first.click()
    page.get_by_label("Ava Parentchild").check()
    page.get_by_label("Otto Otherchild").check()
    page.get_by_label("What happened").fill("Ava and Otto built a bridge for the cars.")
    page.get_by_label("Physical Development").check()
    page.get_by_label("Creating with Materials").check()
    page.get_by_label("Active learning").check()
    page.get_by_label("Photos and videos").set_input_files([_jpeg()])
    screenshot(page, "journal-observation-new")
    assert_accessible(page)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator(".messages")).to_contain_text("saved as a draft")
    # Next steps for each child, then publish.
    page.get_by_role("link", name="Change", exact=True).click()
    page.get_by_label("Next step for Ava Parentchild").fill("AVA-STEP: a longer bridge")
    page.get_by_label("Next step for Otto Otherchild").fill("OTTO-STEP: count the cars")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")
    expect(page.locator("#media")).to_contain_text("Families who see it: Otto's")
    thumbnail = page.locator("#media img").first
    thumbnail.evaluate("img => img.decode()")  # the thumbnail is served to staff and loads
    assert thumbnail.evaluate("img => img.naturalWidth") == 480
    screenshot(page, "journal-observation-staff")
    assert_accessible(page)
    observation = Observation.objects.get()
    media = Media.objects.get()
    assert observation.is_published
    sign_out(page)

    # Pat (Ava's mother): the observation, Ava's next step, but not the photo (Otto is in
    # it without consent for other families), nor Otto's next step.
    sign_in(world.users["parent"])
    _journal(page, live_server, world.child)
    # The side column (next steps, the chart) loads once it is on screen.
    expect(page.get_by_role("heading", name="Observations by area")).to_be_visible()
    expect(page.locator("#h-next-steps + ul")).to_contain_text("AVA-STEP")
    card = page.locator("article").filter(has_text="built a bridge")
    expect(card).to_contain_text("AVA-STEP")
    expect(card.locator("img")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("OTTO-STEP")
    screenshot(page, "journal-child-parent")
    assert_accessible(page)
    response = page.request.get(f"{live_server.url}{reverse('journal-media', args=[media.uuid])}")
    assert response.status == 404
    sign_out(page)

    # Olly (Otto's father): the photo too (Ava has consent), Otto's step, not Ava's.
    sign_in(world.users["other_parent"])
    _journal(page, live_server, world.other_child)
    expect(page.get_by_role("heading", name="Observations by area")).to_be_visible()
    card = page.locator("article").filter(has_text="built a bridge")
    expect(card.locator("img")).to_have_count(1)
    expect(card).to_contain_text("OTTO-STEP")
    expect(page.locator("main")).not_to_contain_text("AVA-STEP")
    card.get_by_role("link", name=re.compile("day")).first.click()
    expect(page.locator("img").first).to_be_visible()
    natural = page.locator(".lj-photos img").first.evaluate("img => img.naturalWidth")
    assert natural == 1200  # the photo itself was served
    assert_accessible(page)
    # Ava's journal is not Olly's to see.
    _journal(page, live_server, world.child)
    expect(page.locator("h1")).not_to_contain_text("Ava's learning journal")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_adds_a_wow_moment_and_the_key_person_comments(page, live_server, world,
                                                               sign_in):
    sign_in(world.users["parent"])
    page.get_by_role("link", name="Add a wow moment").first.click()
    page.get_by_label("What happened").fill("Ava rode her bike without stabilisers!")
    page.get_by_label("Photos and videos").set_input_files([_jpeg((30, 140, 220))])
    screenshot(page, "journal-wow-phone")
    assert_accessible(page)
    page.get_by_role("button", name="Add to the journal").click()
    expect(page.locator(".messages")).to_contain_text("key person has been told")
    expect(page.locator(".lj-photos img")).to_have_count(1)
    assert [m.to for m in mail.outbox] == [["key.person@example.org"]]
    sign_out(page)

    sign_in(world.users["key_person"])
    link = re.findall(r"http://testserver(/\S+)", mail.outbox[0].body)[0]
    page.goto(live_server.url + link)
    expect(page.locator("h1")).to_contain_text("Wow moment from home")
    page.get_by_label("Your comment").fill("Brilliant! We will get the bikes out tomorrow.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator("#comments")).to_contain_text("We will get the bikes out tomorrow.")
    page.get_by_role("link", name="Staff view").click()
    page.get_by_role("link", name="Areas and next steps").click()
    page.get_by_label("Gross Motor Skills").check()
    page.get_by_label("Next step for Ava Parentchild").fill("Try the balance beam.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("saved")
    screenshot(page, "journal-wow-staff-phone")
    assert_accessible(page)
    sign_out(page)

    sign_in(world.users["parent"])
    _journal(page, live_server, world.child)
    expect(page.locator("main")).to_contain_text("Try the balance beam.")
    expect(page.locator("main")).to_contain_text("1 comment")
    # On a phone the side column follows the observations: it loads when scrolled to.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    expect(page.locator("#h-next-steps + ul")).to_contain_text("Try the balance beam.")
    screenshot(page, "journal-child-parent-phone")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_check_at_two_is_written_signed_off_commented_on_and_downloaded(
        page, live_server, world, sign_in):
    make_two(world.child, 27)
    consent(world, world.child, ConsentKind.SHARE_PROFESSIONALS)

    sign_in(world.users["key_person"])
    expect(page.locator("main")).to_contain_text("Progress checks due for my key children")
    page.locator("section[aria-labelledby=lj-staff-heading]").get_by_role(
        "link", name="Ava Parentchild").click()
    page.get_by_role("button", name="Start the progress check at two").click()
    expect(page.locator("h1")).to_contain_text("Progress check at two: Ava Parentchild")
    for area in ("Personal, Social and Emotional Development", "Communication and Language",
                 "Physical Development"):
        group = page.locator("fieldset").filter(has=page.locator("legend", has_text=area))
        group.get_by_label("Strengths").fill(f"{area}: plays alongside friends happily.")
        group.get_by_label("As expected").check()
    cl = page.locator("fieldset").filter(
        has=page.locator("legend", has_text="Communication and Language"))
    cl.get_by_label("Less than expected").check()
    cl.get_by_label("What we will do to support the child").fill("Daily story time in a "
                                                                 "small group.")
    page.get_by_label("The parents' views").fill("Ava chats at home in Polish and English.")
    page.get_by_label("The child's voice").fill("Ava says 'my turn!'")
    screenshot(page, "journal-check-form")
    assert_accessible(page)
    page.get_by_role("button", name="Save and send for sign-off").click()
    expect(page.locator(".messages")).to_contain_text("waiting for the manager")
    sign_out(page)

    sign_in(world.users["manager"])
    page.get_by_role("link", name="Ava Parentchild").first.click()
    expect(page.locator("main")).to_contain_text("Daily story time")
    assert_accessible(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Sign off and send to the family").click()
    expect(page.locator(".messages")).to_contain_text("Signed off")
    check = ProgressCheck.objects.get()
    assert check.status == "with_family"
    sign_out(page)

    sign_in(world.users["parent"])
    page.get_by_role("link", name="Ava's progress check at two").click()
    expect(page.locator("main")).to_contain_text("Consent to share this check with the health "
                                                 "visitor: given")
    page.get_by_label("Your comments", exact=True).fill("PAT-VIEW: she is much chattier at home.")
    page.get_by_label("I have read my child's progress check").check()
    screenshot(page, "journal-check-parent")
    assert_accessible(page)
    page.get_by_role("button", name="Send my comments").click()
    expect(page.locator(".messages")).to_contain_text("the check is complete")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    with open(download.value.path(), "rb") as f:
        data = f.read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    for expected in ("Progress check at age two", "Ava Parentchild", "Acorn Test Pre-school",
                     "Less than expected", "Daily story time in a small group.",
                     "Ava chats at home in Polish and English.", "PAT-VIEW", "Kim Keyperson",
                     "Mona Manager", "Pat Parent", "Yes: the family has consented"):
        assert expected in text, expected
    check.refresh_from_db()
    assert check.is_locked


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_other_journal_pages_work_on_a_phone_and_are_accessible(page, live_server, world,
                                                                   sign_in):
    from django.utils import timezone

    from learning_journal import services
    from tests.learning_journal.factories import group_observation

    make_two(world.child, 25)
    photo_consents(world, world.child)
    group_observation(world, children=[world.child])
    services.add_diary_entry(world.users["parent"], world.child, {
        "day": timezone.localdate(), "sleep": "Slept badly", "mood": "tired"})

    sign_in(world.users["key_person"])
    for name, args, title in (("journal-home", [], "Learning journal"),
                              ("journal-check-list", [], "Progress checks at two"),
                              ("journal-today-new", [], "Today's board")):
        page.goto(f"{live_server.url}{reverse(name, args=args)}")
        expect(page.locator("h1")).to_contain_text(title)
        screenshot(page, f"{name}-phone")
        assert_accessible(page)
    page.get_by_label("What we did today").fill("Planted sunflower seeds in the garden.")
    page.get_by_label("Try this at home").fill("Look for seeds in fruit at tea time.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Planted sunflower seeds")
    page.goto(f"{live_server.url}{reverse('journal-diary', args=[world.child.uuid])}")
    page.get_by_label("Food and drink").fill("All of her pasta, half the fruit.")
    page.get_by_role("button", name="Add").click()
    expect(page.locator("main")).to_contain_text("Slept badly")
    screenshot(page, "journal-diary-phone")
    assert_accessible(page)
    sign_out(page)

    sign_in(world.users["parent"])
    expect(page.locator("main")).to_contain_text("Learning journal")
    page.locator("main").get_by_role("link", name="What we did today").click()
    expect(page.locator("main")).to_contain_text("Look for seeds in fruit")
    screenshot(page, "journal-today-phone")
    assert_accessible(page)
    page.goto(f"{live_server.url}{reverse('journal-home')}")
    screenshot(page, "journal-home-family-phone")
    assert_accessible(page)
