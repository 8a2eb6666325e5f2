"""Checks on what people type into the portal's plain-text fields."""

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# The start of an HTML tag, comment or processing instruction: "<b", "</", "<!--", "<?".
# "I <3 it" and "3 < 4" are fine. Everything is escaped when shown anyway; this only tells
# the person, clearly, that the field takes plain text, and nothing is stored.
_MARKUP = re.compile(r"<\s*[A-Za-z/!?]")

PLAIN_TEXT_MESSAGE = _(
    "Please write plain text: HTML or script tags (anything like <b> or <script>) "
    "are not accepted.")


def plain_text(value: str) -> None:
    """Refuse text that holds HTML or script tags."""
    if value and _MARKUP.search(value):
        raise ValidationError(PLAIN_TEXT_MESSAGE, code="markup")


def require_plain_text(form, *names) -> None:
    """Add :func:`plain_text` to the named fields of ``form`` (every text field if none is
    named: ``CharField`` and its subclasses)."""
    fields = names or [n for n, f in form.fields.items() if isinstance(f, forms.CharField)]
    for name in fields:
        field = form.fields[name]
        if plain_text not in field.validators:
            field.validators.append(plain_text)


# --- How much people type, and which dates make sense ----------------------------------------
# None of these is statutory: they keep records readable and refuse slips of the keyboard
# (a year typed as 0001 or 9999, a page pasted twice). One place to change them.

# Free text that has no limit of its own (a note, an All About Me answer, a plan): about two
# pages of writing.
TEXT_MAX_LENGTH = 5000
# Every date typed into the portal lies within this many years of today: back far enough for
# the longest-kept records (until a child's 25th birthday, shared reference retention.md),
# forward far enough for anything planned.
DATE_YEARS_BACK = 25
DATE_YEARS_AHEAD = 5
# A record about a child (an observation, a diary day, a settling-in or home visit) is not dated
# before the child was born, nor longer than this before they started at the setting (home
# and settling-in visits come a few weeks or months before the first day).
CHILD_RECORD_DAYS_BEFORE_START = 183


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _day(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _long(day: date) -> str:
    return date_format(day, "j E Y")


def plausible_date(value: date | datetime | None) -> None:
    """Refuse a date (or a date and time) more than ``DATE_YEARS_BACK`` years before today or
    ``DATE_YEARS_AHEAD`` years after it."""
    if value is None:
        return
    day, today = _day(value), timezone.localdate()
    earliest, latest = _years_from(today, -DATE_YEARS_BACK), _years_from(today, DATE_YEARS_AHEAD)
    if not earliest <= day <= latest:
        if day < earliest:
            message = gettext("This date is too far in the past (check the year): enter a date "
                              "between %(earliest)s and %(latest)s.")
        else:
            message = gettext("This date is too far in the future (check the year): enter a "
                              "date between %(earliest)s and %(latest)s.")
        raise ValidationError(
            message % {"earliest": _long(earliest), "latest": _long(latest)},
            code="implausible_date")


def not_in_future(value: date | datetime, message: "str | StrPromise | None" = None) -> None:
    """Refuse a date after today (a date and time after now)."""
    future = (value > timezone.now() if isinstance(value, datetime)
              else value > timezone.localdate())
    if future:
        raise ValidationError(message or gettext("This date is in the future."), code="future")


def at_most_days_ahead(value: date, days: int, what: "str | StrPromise") -> None:
    """Refuse a date more than ``days`` days after today; ``what`` names it in the message
    ("A questionnaire")."""
    latest = timezone.localdate() + timedelta(days=days)
    if value > latest:
        raise ValidationError(
            ngettext("%(what)s can stay open for at most %(days)d day: choose %(latest)s or "
                     "sooner.",
                     "%(what)s can stay open for at most %(days)d days: choose %(latest)s or "
                     "sooner.", days) % {"what": what, "days": days, "latest": _long(latest)},
            code="too_far_ahead")


def child_record_date(child, day: date) -> None:
    """Refuse a date for a record about ``child`` that is before they were born, or more than
    ``CHILD_RECORD_DAYS_BEFORE_START`` days before they started at the setting."""
    if day < child.date_of_birth:
        raise ValidationError(
            gettext("This is before %(name)s was born (%(date)s): check the date.")
            % {"name": child.known_as, "date": _long(child.date_of_birth)}, code="before_birth")
    start = child.start_date
    if start and day < start - timedelta(days=CHILD_RECORD_DAYS_BEFORE_START):
        raise ValidationError(
            gettext("This is long before %(name)s started with us (%(date)s): check the date.")
            % {"name": child.known_as, "date": _long(start)}, code="before_start")


def too_long_message(limit: int) -> str:
    # The validator fills in limit_value (the same as ``limit``) and show_value.
    return ngettext("Please shorten this to at most %(limit_value)d character "
                    "(it has %(show_value)s).",
                    "Please shorten this to at most %(limit_value)d characters "
                    "(it has %(show_value)s).", limit)


def apply_input_limits(form, text_max_length: int = TEXT_MAX_LENGTH) -> None:
    """Give each text field of ``form`` without a limit of its own ``text_max_length``
    characters (checked with a clear message, and set on the input), and each date field
    :func:`plausible_date`."""

    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            if field.max_length is None:
                field.max_length = text_max_length
                field.widget.attrs.setdefault("maxlength", str(text_max_length))
            # A form's fields share their validators with the class's: replace, never change.
            field.validators = [v for v in field.validators
                                if not isinstance(v, MaxLengthValidator)]
            field.validators.append(MaxLengthValidator(
                field.max_length, message=too_long_message(field.max_length)))
        elif (isinstance(field, forms.DateField | forms.DateTimeField)
              and plausible_date not in field.validators):
            field.validators = [*field.validators, plausible_date]


class InputLimits(forms.BaseForm):
    """Mixed into every form people type into (before ``forms.Form`` or ``ModelForm``):
    see :func:`apply_input_limits`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_limits(self)

    def full_clean(self) -> None:
        # Again for the fields a form adds in its own __init__, after this one has run.
        apply_input_limits(self)
        super().full_clean()
