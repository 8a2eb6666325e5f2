"""Writes preschool/framework_messages.py from the English catalogues of allauth (its account,
two-factor and sessions parts) and Django (its forms, validators and password rules), so that `make
messages` brings those strings into the portal's catalogues. Run after an upgrade of either,
then `make messages` and translate what is new."""

from pathlib import Path

import allauth
import django
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand

# Where the strings a person of the portal reads come from, per package: allauth's account
# and two-factor pages, forms, messages and emails, and its list of a person's sessions (the
# portal has no social accounts and no identity provider); Django's form fields and widgets,
# validators and password rules (their errors are shown on every form).
SOURCES = {
    "allauth": (Path(allauth.__file__).parent / "locale", (
        "account/forms.py", "account/adapter.py", "account/fields.py", "templates/account/",
        "templates/mfa/", "templates/allauth/", "mfa/adapter.py", "mfa/totp", "mfa/base",
        "mfa/webauthn", "mfa/forms.py", "mfa/recovery_codes", "templates/usersessions/")),
    "Django": (Path(django.__file__).parent / "conf" / "locale", (
        "forms/", "core/validators.py")),
    "Django's passwords": (Path(django.__file__).parent / "contrib" / "auth" / "locale", (
        "contrib/auth/password_validation.py",)),
}

HEADER = '''"""The strings of allauth's account and two-factor pages and of Django's forms,
validators and password rules, so that the portal's catalogues translate them: allauth has no
catalogue for Panjabi, Urdu or Bengali, Django's are incomplete in them, and the portal's
translations keep to its glossary in every language. The portal's catalogues come first
(LOCALE_PATHS), so these translations are the ones shown.

Written by `manage.py framework_messages` from the packages' English catalogues; never
evaluated.
"""
# ruff: noqa: E501

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

MESSAGES = [
'''


class Command(BaseCommand):
    help = "Write preschool/framework_messages.py from allauth's and Django's catalogues."

    def handle(self, *args, **options):
        lines, seen = [], set()
        for package, (locale, used) in SOURCES.items():
            with open(locale / "en" / "LC_MESSAGES" / "django.po", "rb") as po:
                catalogue = read_po(po)
            lines.append(f"    # {package}")
            for message in catalogue:
                key = (message.id, message.context)
                if not message.id or key in seen or not any(
                        location.startswith(used) for location, _line in message.locations):
                    continue
                seen.add(key)
                if isinstance(message.id, tuple):
                    lines.append(f"    ngettext_lazy({message.id[0]!r}, {message.id[1]!r}, 1),")
                elif message.context:
                    lines.append(f"    pgettext_lazy({message.context!r}, {message.id!r}),")
                else:
                    lines.append(f"    _({message.id!r}),")
        target = Path(settings.BASE_DIR) / "preschool" / "framework_messages.py"
        target.write_text(HEADER + "\n".join(lines) + "\n]\n")
        self.stdout.write(f"{len(seen)} strings written to {target}.")
