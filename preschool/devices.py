"""Known devices and the sessions page: what a browser is called, and when a sign-in is new.

A browser becomes a known device of a person at a sign-in (``preschool.adapters``, after
allauth's sign-in): it is given a long-lived, random,
HttpOnly cookie (Secure unless DEBUG, SameSite=Lax) whose token is stored only as its SHA-256
(``KnownDevice``). A later sign-in from a browser without a token known for that person is a
sign-in from a new device, and the person is emailed after commit
(``services.sign_in_from_device``). The first device of an account (just signed up from an
invitation, or the first sign-in since devices were kept) is recorded without an email.

One browser may be a known device of several people (a family's shared tablet): the cookie
names the browser, the rows say for whom it is known.
"""

import hashlib
import re

from django.utils.translation import gettext as _

COOKIE_NAME = "portal_device"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)

# (pattern, name), the first that matches wins: Edge and Opera say "Chrome" too, Chrome says
# "Safari" too, so the more particular come first.
_BROWSERS = (
    (re.compile(r"Edg(e|A|iOS)?/"), "Edge"),
    (re.compile(r"OPR/|Opera"), "Opera"),
    (re.compile(r"SamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"Firefox/|FxiOS/"), "Firefox"),
    (re.compile(r"Chrome/|CriOS/|Chromium/"), "Chrome"),
    (re.compile(r"Version/[\d.]+.*Safari/"), "Safari"),
)
_SYSTEMS = (
    (re.compile(r"iPhone"), "iPhone"),
    (re.compile(r"iPad"), "iPad"),
    (re.compile(r"Android"), "Android"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"Mac OS X|Macintosh"), "macOS"),
    (re.compile(r"Linux"), "Linux"),
)


def browser_and_system(user_agent: str) -> tuple[str, str]:
    """("Firefox", "Windows") from a browser's User-Agent, "" for a part not recognised. Only
    the family of each: never a version, which would make a guess look precise."""
    browser = next((name for pattern, name in _BROWSERS if pattern.search(user_agent)), "")
    system = next((name for pattern, name in _SYSTEMS if pattern.search(user_agent)), "")
    return browser, system


def label_of(browser: str, system: str) -> str:
    """"Firefox on Windows", in the reader's language."""
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return browser or system or _("An unknown browser")


def device_label(user_agent: str) -> str:
    """What the sessions page and the emails call the browser of a User-Agent."""
    return label_of(*browser_and_system(user_agent))


def session_reference(session_key: str) -> str:
    """How the sessions page names a session in its forms: not the session key itself (a
    page must never carry the secret that signs a browser in), nor a sequential id."""
    return hashlib.sha256(f"session:{session_key}".encode()).hexdigest()[:32]
