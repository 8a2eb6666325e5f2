"""What is made for one person outside their request is in their language: an email by its
recipient's profile (or the account behind its address), a PDF in the language it is made
in, with the script's font embedded."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from preschool.lib import reminders
from preschool.lib.emails import render_email
from preschool.lib.pdf import render_pdf
from preschool.lib.reminders import ReminderKind
from preschool.models import Reminder
from preschool.services import invite_person


@pytest.fixture
def invitation_kind(world):
    invitation = invite_person(world.users["manager"], world.setting_a,
                               email="new.family@example.org", role="parent")
    context = {"invitation": invitation, "setting": world.setting_a, "accept_url": "x",
               "valid_days": 7}
    kind = reminders.register(ReminderKind("test-language", "invitation",
                                           lambda reminder: context, lambda now: []))
    yield context
    reminders.KINDS.pop(kind.name)


def _deliver(world, email, recipient=None) -> str:
    now = timezone.now()
    reminder = Reminder.objects.create(
        kind="test-language", object_key=f"{email}-{Reminder.objects.count()}",
        recipient_email=email, recipient=recipient,
        setting=world.setting_a, due_on=now.date(), due_at=now)
    mail.outbox.clear()
    assert reminders.deliver(reminder.pk) == "sent"
    return str(mail.outbox[0].subject)


def _subject(language, context) -> str:
    with translation.override(language):
        return render_email("invitation", context)[0]


def test_an_email_is_in_its_recipients_language(world, invitation_kind):
    english = _subject("en-gb", invitation_kind)
    for language in ("pl", "ur"):
        assert _subject(language, invitation_kind) != english, language
    parent = world.users["parent"]
    parent.preferred_language = "pl"
    parent.save()
    assert _deliver(world, parent.email, parent) == _subject("pl", invitation_kind)
    # An address without the account on the reminder: the account with that address.
    world.users["other_parent"].preferred_language = "ur"
    world.users["other_parent"].save()
    assert (_deliver(world, world.users["other_parent"].email)
            == _subject("ur", invitation_kind))
    # An address no account has, or a language the portal does not ship: British English.
    assert _deliver(world, "someone@example.org") == english
    parent.preferred_language = "so"
    parent.save()
    assert _deliver(world, parent.email, parent) == english


def _fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        page_fonts = resources["/Font"].get_object()
        assert isinstance(page_fonts, DictionaryObject)
        for font in page_fonts.values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.mark.parametrize("language, font", [
    ("ur", "Noto-Nastaliq-Urdu"), ("pa", "Noto-Sans-Gurmukhi"), ("bn", "Noto-Sans-Bengali")])
def test_a_pdf_in_a_script_carries_its_font(world, language, font):
    with translation.override(language):
        pdf = render_pdf("pdf/base.html", {"title": "Ava", "setting": world.setting_a,
                                           "generated_at": timezone.now()})
    assert any(font in name for name in _fonts(pdf)), _fonts(pdf)


def test_a_pdf_is_in_the_language_it_is_made_in(world):
    with translation.override("pl"):
        pdf = render_pdf("pdf/base.html", {"title": "Ava", "setting": world.setting_a,
                                           "generated_at": timezone.now()})
        produced = translation.gettext("Produced %(date)s").split("%(date)s")[0].strip()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert produced and produced != "Produced" and produced in text
    assert "Produced" not in text


def test_an_account_email_is_in_the_accounts_language(world, client,
                                                      django_capture_on_commit_callbacks):
    """A password reset asked for signed out, from a browser in English: in the language of
    the account it goes to."""
    parent = world.users["parent"]
    parent.preferred_language = "pl"
    parent.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": parent.email},
                    HTTP_ACCEPT_LANGUAGE="en-GB")
    [message] = mail.outbox
    with translation.override("pl"):
        polish = translation.gettext("Password Reset Email")
    assert polish != "Password Reset Email" and polish in message.subject


def test_a_notification_is_stored_in_each_recipients_language(world):
    """One call for everyone told: each row's title in its recipient's language, whether the
    title is a lazy translation or made lazily by a function (complaints, consents,
    policies and the journal tell people in one call)."""
    from django.utils.functional import lazy
    from django.utils.translation import gettext, gettext_lazy
    from django_scopes import scope

    from notifications.models import Category
    from notifications.services import notify

    languages = {"manager": "pl", "key_person": "ur", "practitioner": "en"}
    for persona, language in languages.items():
        world.users[persona].preferred_language = language
        world.users[persona].save()
    recipients = [world.users[persona] for persona in languages]
    for title in (gettext_lazy("Your details"), lazy(lambda: gettext("Your details"), str)()):
        with scope(setting=world.setting_a):
            rows = notify(setting=world.setting_a, recipients=recipients,
                          category=Category.MESSAGE, title=title, url="/")
        stored = {row.recipient_id: row.title for row in rows}
        for persona, language in languages.items():
            with translation.override(language if language != "en" else "en-gb"):
                assert stored[world.users[persona].pk] == gettext("Your details"), persona
        assert len(set(stored.values())) == 3
