"""The API's answers when something cannot be done, in one shape: ``{"detail": ..., "code":
...}``. A form's errors become one message (422); a service's refusal, a conflict with what
someone else did meanwhile (409)."""

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError

from preschool.validators import require_plain_text


class ErrorOut(Schema):
    detail: str
    code: str | None = None


class ApiError(HttpError):
    def __init__(self, status_code: int, message: str, code: str):
        super().__init__(status_code, message)
        self.code = code


def validate(form) -> None:
    """The page's form, validated as on the page, and its text fields plain text (HTML
    refused, as everywhere the API takes text); 422 with its messages otherwise."""
    require_plain_text(form)
    if not form.is_valid():
        raise invalid(form)


def invalid(form) -> ApiError:
    """422 with the form's messages, as the page would show them."""
    messages = [str(e) for errors in form.errors.values() for e in errors]
    return ApiError(422, " ".join(messages) or _("Check what was sent."), "invalid")


def conflict(message: str, code: str = "conflict") -> ApiError:
    return ApiError(409, message, code)
