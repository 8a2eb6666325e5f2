"""Checks on what people type into the portal's plain-text fields."""

import re

from django.core.exceptions import ValidationError

# The start of an HTML tag, comment or processing instruction: "<b", "</", "<!--", "<?".
# "I <3 it" and "3 < 4" are fine. Everything is escaped when shown anyway; this only tells
# the person, clearly, that the field takes plain text, and nothing is stored.
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]")

PLAIN_TEXT_MESSAGE = (
    "Please write plain text: HTML or script tags (anything like <b> or <script>) "
    "are not accepted.")


def plain_text(value: str) -> None:
    """Refuse text that holds HTML or script tags."""
    if value and _MARKUP.search(value):
        raise ValidationError(PLAIN_TEXT_MESSAGE, code="markup")


def require_plain_text(form, *names) -> None:
    """Add :func:`plain_text` to the named fields of ``form`` (every text field if none is
    named: ``CharField`` and its subclasses)."""
    from django import forms

    fields = names or [n for n, f in form.fields.items() if isinstance(f, forms.CharField)]
    for name in fields:
        field = form.fields[name]
        if plain_text not in field.validators:
            field.validators.append(plain_text)
