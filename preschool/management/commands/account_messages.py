"""Writes preschool/account_messages.py from allauth's English catalogue (its account and
two-factor parts), so that `make messages` brings those strings into the portal's catalogues.
Run after an upgrade of allauth, then `make messages` and translate what is new."""

from pathlib import Path

import allauth
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand

# Where allauth's strings a person of the portal reads come from: the account and two-factor
# pages, forms, messages and emails (the portal has no social accounts, no identity provider,
# no session list of allauth's).
USED = ("account/forms.py", "account/adapter.py", "account/fields.py", "templates/account/",
        "templates/mfa/", "templates/allauth/", "mfa/adapter.py", "mfa/totp", "mfa/base",
        "mfa/webauthn", "mfa/forms.py", "mfa/recovery_codes")

HEADER = '''"""The strings of allauth's account and two-factor pages, messages and emails,
so that the portal's catalogues translate them: allauth has no catalogue for Panjabi, Urdu or
Bengali, and the portal's translations keep to its glossary in every language. The portal's
catalogues come first (LOCALE_PATHS), so these translations are the ones shown.

Written by `manage.py account_messages` from allauth's English catalogue; never evaluated.
"""
# ruff: noqa: E501

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

MESSAGES = [
'''


class Command(BaseCommand):
    help = "Write preschool/account_messages.py from allauth's English catalogue."

    def handle(self, *args, **options):
        source = Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
        with open(source, "rb") as po:
            catalogue = read_po(po)
        lines = []
        for message in catalogue:
            if not message.id or not any(
                    location.startswith(USED) for location, _line in message.locations):
                continue
            if isinstance(message.id, tuple):
                lines.append(f"    ngettext_lazy({message.id[0]!r}, {message.id[1]!r}, 1),")
            elif message.context:
                lines.append(f"    pgettext_lazy({message.context!r}, {message.id!r}),")
            else:
                lines.append(f"    _({message.id!r}),")
        target = Path(settings.BASE_DIR) / "preschool" / "account_messages.py"
        target.write_text(HEADER + "\n".join(lines) + "\n]\n")
        self.stdout.write(f"{len(lines)} strings written to {target}.")
