"""The main pages of every role, in every shipped language: no word of the interface is
left in English, and Urdu is laid out right to left (docs/architecture.md, "Languages").

A page's text is what a person reads or hears: text, and the alt, title, aria-label and
placeholder attributes. Not checked: what people wrote and the world's names (the words of
the test's own data), and what is marked as another language (the switcher names each
language in its own words: ``lang="en-gb"`` English) or as not to be translated
(``translate="no"``). An English word is a word of the source catalogue's messages that the
language's translations do not use themselves (an acronym like EYFS, a name like Ofsted).
"""

import re
from functools import cache
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_scopes import scope

from consents.models import ConsentForm
from learning_journal.models import Observation
from notifications.models import Category
from notifications.services import notify
from policies.models import Policy
from tests.factories import PASSWORD
from tests.i18n.scan import ROOT
from tests.i18n.test_catalogues import TRANSLATED

RTL = {"ur"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
WORD = re.compile(r"[A-Za-z]{3,}")

# The main pages of each role.
PAGES = {
    "parent": [
        ("home", None), ("child-detail", "child"), ("journal-child", "child"),
        ("consents-child", "child"), ("messaging-inbox", None), ("news-list", None),
        ("events-list", None), ("notifications-list", None), ("profile", None),
        ("complaints-raise", None), ("policies-list", None),
    ],
    "key_person": [
        ("home", None), ("attendance-register", "room"), ("child-detail", "child"),
        ("journal-child", "child"), ("journal-observation-new", None), ("journal-today", None),
        ("consents-medication", None), ("keyperson-my-profile", None), ("messaging-inbox", None),
    ],
    "manager": [
        ("home", None), ("child-list", None), ("complaints-list", None), ("policies-list", None),
        ("people-list", None), ("consents-overview", None), ("attendance-index", None),
        ("keyperson-caseload", None),
        ("news-list", None), ("events-list", None), ("audit-log", None),
    ],
}


class _PageText(HTMLParser):
    """The text of a page a person reads, without what is marked as not to translate."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.texts: list[str] = []
        self.html_attributes: dict[str, str | None] = {}
        self._stack: list[bool] = []  # per open element: is its content skipped?

    def _skipped(self) -> bool:
        return bool(self._stack) and self._stack[-1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.html_attributes = attributes
        lang = attributes.get("lang")
        skip = (self._skipped() or tag in ("script", "style", "template")
                or attributes.get("translate") == "no"
                or (tag != "html" and lang is not None and lang != self.language))
        if not skip:
            self.texts += [attributes[name] or "" for name in READ_ATTRIBUTES if name in attributes]
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.texts.append(attributes.get("value") or "")
        if tag not in VOID:
            self._stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._skipped():
            self.texts.append(data)


def _words(texts) -> set[str]:
    return {word.lower() for text in texts for word in WORD.findall(text)}


@cache
def english_words(language: str) -> frozenset[str]:
    """The English words of the interface that ``language``'s translations do not use."""
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as po:
        messages = [m for m in read_po(po) if m.id]
    source = _words(text for m in messages
                    for text in (m.id if isinstance(m.id, tuple) else (m.id,)))
    kept = _words(text for m in messages
                  for text in (m.string if isinstance(m.string, tuple) else (m.string,)))
    return frozenset(source - kept)


def english_left(html: str, language: str, data_words: set[str]) -> list[str]:
    """The texts of a page that still hold English words of the interface, with them."""
    page = _PageText(language)
    page.feed(html)
    english = english_words(language) - data_words
    found = []
    for text in page.texts:
        left = sorted(_words([text]) & english)
        if left:
            found.append(f"{' '.join(text.split())[:120]!r} ({', '.join(left)})")
    return found


@pytest.fixture(scope="module")
def vocabulary() -> dict[str, frozenset[str]]:
    return {language: english_words(language) for language in TRANSLATED}


def data_words(world) -> set[str]:
    """The words of what people wrote in the test's world (names, rooms, relationships,
    observations, the setting's consent forms and policies): they stay as written."""
    texts = [settings.SITE_NAME, world.setting_a.name, world.setting_b.name, world.room.name]
    texts += [user.full_name for user in world.users.values()]
    texts += [user.email for user in world.users.values()]
    for child in (world.child, world.other_child, world.child_b):
        texts += [child.first_name, child.last_name]
        texts += [f"{a.relationship} {a.name} {a.restriction}" for a in child.adults.all()]
    texts += [o.text for o in Observation.objects.all()]
    texts += [f"{f.title} {f.wording}" for f in ConsentForm.objects.all()]
    texts += [p.title for p in Policy.objects.all()]
    return _words(texts)


def _url(world, name, argument):
    if argument == "child":
        return reverse(name, kwargs={"child_uuid": world.child.uuid})
    if argument == "room":
        return reverse(name, kwargs={"room_uuid": world.room.uuid})
    return reverse(name)


@pytest.mark.parametrize("language", TRANSLATED)
def test_main_pages_have_no_english_left(world, vocabulary, language):
    # Unread notifications, so that the bell says how many: a plural, past the "one" form
    # (Polish's rule then takes the count modulo 10).
    with scope(setting=world.setting_a):
        for _ in range(2):
            notify(setting=world.setting_a, recipients=[world.users[p] for p in PAGES],
                   category=Category.MESSAGE, title="Xyz", url=reverse("home"))
    pages = []
    for persona, names in PAGES.items():
        user = world.users[persona]
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        client = world.client_for(persona)
        for name, argument in names:
            url = _url(world, name, argument)
            response = client.get(url)
            assert response.status_code == 200, (persona, url, response.status_code)
            html = response.content.decode()
            page = _PageText(language)
            page.feed(html)
            assert page.html_attributes.get("lang") == language, (persona, url)
            direction = "rtl" if language in RTL else "ltr"
            assert page.html_attributes.get("dir") == direction, (persona, url)
            pages.append((persona, url, html))
    # What people wrote, once the pages have made what they make on a first visit (a
    # setting's standard consent forms, its first policies).
    data = data_words(world)
    found = [f"{persona} {url}: {text}" for persona, url, html in pages
             for text in english_left(html, language, data)]
    assert not found, f"{language}: English left on {len(found)} texts:\n" + "\n".join(found)


@pytest.mark.parametrize("language", TRANSLATED)
def test_sign_in_page_follows_the_browser(client, language, vocabulary):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    page = _PageText(language)
    page.feed(response.content.decode())
    assert page.html_attributes.get("lang") == language
    assert page.html_attributes.get("dir") == ("rtl" if language in RTL else "ltr")
    left = [t for t in page.texts
            if _words([t]) & (vocabulary[language] - _words([settings.SITE_NAME]))]
    assert not left, left


def test_the_switcher_keeps_the_choice_and_a_person_keeps_theirs(client, world):
    response = client.post(reverse("language-switch"),
                           {"language": "ur", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="ur" dir="rtl">' in page
    # Signed in, the profile's language decides; the switcher changes the profile.
    parent = world.client_for("parent")
    assert '<html lang="en-gb" dir="ltr">' in parent.get(reverse("home")).content.decode()
    parent.post(reverse("language-switch"), {"language": "pl", "next": "/"})
    world.users["parent"].refresh_from_db()
    assert world.users["parent"].preferred_language == "pl"
    assert '<html lang="pl" dir="ltr">' in parent.get(reverse("home")).content.decode()
    # A language chosen on the sign-in page becomes the person's language when they sign in.
    chooser = Client()
    chooser.post(reverse("language-switch"), {"language": "bn", "next": "/accounts/login/"})
    chooser.post(reverse("account_login"), {"login": world.users["other_parent"].email,
                                            "password": PASSWORD})
    world.users["other_parent"].refresh_from_db()
    assert world.users["other_parent"].preferred_language == "bn"
    assert '<html lang="bn" dir="ltr">' in chooser.get(reverse("home")).content.decode()
    # A language the portal does not ship changes nothing.
    parent.post(reverse("language-switch"), {"language": "xx", "next": "/"})
    world.users["parent"].refresh_from_db()
    assert world.users["parent"].preferred_language == "pl"


def test_languages_are_the_settings_ones():
    assert [code for code, _name in settings.LANGUAGES] == ["en-gb", *TRANSLATED]


@pytest.mark.parametrize("language", TRANSLATED)
def test_form_errors_are_in_the_persons_language(world, language):
    """Django's own errors (a required field, an email address that is not one) as well as
    the portal's: the profile form sent empty and wrong."""
    parent = world.users["parent"]
    parent.preferred_language = language
    parent.save(update_fields=["preferred_language"])
    response = world.client_for("parent").post(reverse("profile"), {
        "full_name": "", "phone": "<b>", "preferred_language": language,
        "preferred_contact_method": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "invalid-feedback" in html or "errorlist" in html
    left = english_left(html, language, data_words(world))
    assert not left, left
