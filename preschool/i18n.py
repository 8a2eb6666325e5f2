"""The languages the portal's interface is shipped in, and which one a person reads.

A person's preferred language (their profile) is the language of their pages, emails,
notifications and the PDFs made for them, when the portal ships it; otherwise British
English. Before sign-in the browser's language (or the switcher's choice) decides.
Text written by people (observations, messages, policies) is never translated.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

SOURCE_LANGUAGE = "en-gb"


def shipped_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def interface_language(preferred: str | None) -> str:
    """The interface language for a stored preference ("pl", "ur", "en", "so", ...)."""
    if preferred and preferred in shipped_codes():
        return preferred
    return SOURCE_LANGUAGE


def profile_language(language: str | None) -> str:
    """The profile's code for an interface language ("en" for British English)."""
    if language and language in shipped_codes() and language != SOURCE_LANGUAGE:
        return language
    return "en"


def language_for(user) -> str:
    """The language a person reads the portal in (their profile's, when shipped)."""
    return interface_language(getattr(user, "preferred_language", None))


@contextmanager
def override_for(user) -> Iterator[str]:
    """Render (an email, a notification, a PDF) in ``user``'s language."""
    language = language_for(user)
    with translation.override(language):
        yield language
