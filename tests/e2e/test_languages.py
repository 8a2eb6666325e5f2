"""On a phone, in Polish and in Urdu: a parent chooses her language on the sign-in page,
signs in, and reads her home, her child's journal, answers a consent and messages the key
person, all in her language (Urdu right to left); what she writes stays as written."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consents.models import ConsentKind
from consents.services import has_consent
from learning_journal.eyfs import ensure_framework
from messaging.models import Message
from tests.consents.factories import default_forms
from tests.e2e.conftest import PHONE, assert_accessible, screenshot
from tests.factories import PASSWORD
from tests.i18n.test_pages import data_words, english_left
from tests.learning_journal.factories import group_observation, photo_consents

pytestmark = pytest.mark.e2e

WRITTEN = {
    "pl": "Ava dziś w nocy źle spała, może być zmęczona.",
    "ur": "آوا رات کو ٹھیک سے نہیں سوئی، شاید آج تھکی ہوئی ہو۔",
}
NAMES = {"pl": "Polski", "ur": "اردو"}


@pytest.fixture(autouse=True)
def journal(transactional_db):
    ensure_framework()


def _in_language(page, language, world, name):
    """The page is in ``language``, with no English word of the interface left; a picture
    of it, and no serious or critical accessibility violation."""
    page.wait_for_load_state("networkidle")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", "rtl" if language == "ur" else "ltr")
    left = english_left(page.content(), language, data_words(world))
    assert not left, f"{name}: English left: {left}"
    screenshot(page, f"language-{language}-{name}-phone")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
@pytest.mark.parametrize("language", ["pl", "ur"])
def test_a_parent_uses_the_portal_in_her_language(page, live_server, world, language,
                                                   viewport):
    forms = default_forms(world.setting_a)
    photo_consents(world, world.other_child)
    group_observation(world)
    parent = world.users["parent"]

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator(f".language-switcher button[lang='{language}']").first.click()
    expect(page.locator("html")).to_have_attribute("lang", language)
    _in_language(page, language, world, "sign-in")
    form = page.locator("form[action='/accounts/login/']")
    form.locator("[name=login]").fill(parent.email)
    form.locator("[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    parent.refresh_from_db()
    assert parent.preferred_language == language
    _in_language(page, language, world, "home")

    page.goto(f"{live_server.url}{reverse('journal-child', args=[world.child.uuid])}")
    expect(page.locator("article").filter(has_text="Built a tower")).to_be_visible()
    _in_language(page, language, world, "journal")

    # A consent: the first form answered yes.
    page.goto(f"{live_server.url}{reverse('consents-answer', args=[world.child.uuid])}")
    _in_language(page, language, world, "consent")
    photos = forms[ConsentKind.PHOTOS_JOURNAL]
    page.locator(f"input[name='form_{photos.uuid.hex}'][value=yes]").check()
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    assert has_consent(world.child, ConsentKind.PHOTOS_JOURNAL)
    _in_language(page, language, world, "consent-saved")

    # A message to the key person, written in her language and kept as written.
    page.goto(f"{live_server.url}{reverse('messaging-new')}")
    _in_language(page, language, world, "message-new")
    page.locator("[name=text]").fill(WRITTEN[language])
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("#thread")).to_contain_text(WRITTEN[language])
    assert Message.objects.get().text == WRITTEN[language]
    _in_language(page, language, world, "message-sent")
    assert NAMES[language] in page.locator("footer").inner_text()
