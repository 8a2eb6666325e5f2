"""Browser journeys: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server, with axe-core accessibility checks.

Every test here asks for ``live_server``, so pytest-django gives it the ``transactional_db``
behaviour: the data the test creates is committed and the server's thread can see it.
"""

import os
import re
import shutil
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM refuses to run
# where a loop is running unless told that it is safe (it is: the loop is Playwright's, idle
# while the test's own code runs).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
# The machine has no internet access: without these Chromium stalls on background requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SHOTS_DIR = Path("/tmp/e2e-shots")
# What Chromium itself logs as an error about the browser, not the page: a test's context is
# incognito, where Chromium has no push service (tests/e2e/test_push_devices.py).
BROWSER_NOTICES = ("Chrome currently does not support the Push API in incognito mode",)
# Playwright's default of 30 s hides a hung page for too long.
TIMEOUT_MS = 10_000


def _chromium_path() -> str | None:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (a context per test keeps tests apart)."""
    path = _chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI (apt-get install chromium).")
        pytest.skip("Chromium is not installed (/usr/bin/chromium or `chromium` on PATH).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def viewport():
    """The page's viewport: desktop unless a test parametrizes ``viewport`` (e.g. PHONE)."""
    return DESKTOP


@pytest.fixture
def page(browser, viewport, live_server):
    """A fresh browser context (no cookies) and page for each test."""
    context = browser.new_context(viewport=viewport, locale="en-GB",
                                  timezone_id="Europe/London")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # JavaScript errors and Content-Security-Policy refusals show up in the console. A page
    # answered with an error status also logs one ("Failed to load resource"): tests check
    # statuses themselves, so those are left out.
    errors = []
    page.on("console", lambda m: errors.append(f"{m.text} ({m.location.get('url')})")
            if m.type == "error" and not m.text.startswith(("Failed to load resource",
                                                             *BROWSER_NOTICES)) else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    try:
        yield page
    finally:
        context.close()
    assert not errors, "errors in the browser console:\n" + "\n".join(errors)


# --- Signing in -------------------------------------------------------------------------------

def current_totp_code(secret: str) -> str:
    """The code an authenticator app would show now, by allauth's own TOTP helpers."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    # allauth accepts codes for TOTP_TOLERANCE steps either side (0 by default): if the step is
    # about to end, wait for the next one rather than race the clock.
    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 2:
        time.sleep(period - time.time() % period + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def fresh_totp_secret(transactional_db):
    """``fresh_totp_secret(user)``: replace the user's authenticator app and return its secret.

    The ``world`` fixture enrols staff in TOTP but does not keep the secrets.
    """
    from allauth.mfa.models import Authenticator

    from tests.factories import enrol_totp

    def make(user) -> str:
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        return enrol_totp(user)

    return make


def login(page, live_server, user_email: str, password: str, totp_secret: str | None = None):
    """Sign in through allauth's real forms; with ``totp_secret``, also pass the 2FA step."""
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("form[action='/accounts/login/']")
    form.locator("[name=login]").fill(user_email)
    form.locator("[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    if totp_secret is not None:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        form = page.locator("form[action='/accounts/2fa/authenticate/']").filter(
            has=page.locator("[name=code]"))
        form.locator("[name=code]").fill(current_totp_code(totp_secret))
        form.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)


@pytest.fixture
def sign_in(page, live_server, fresh_totp_secret):
    """``sign_in(user)``: sign ``user`` in on ``page``, with a TOTP code if they have an app."""
    from allauth.mfa.models import Authenticator

    from tests.factories import PASSWORD

    def do(user, password: str = PASSWORD):
        has_totp = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP).exists()
        secret = fresh_totp_secret(user) if has_totp else None
        login(page, live_server, user.email, password, totp_secret=secret)
        return page

    return do


def sign_out(page):
    """Sign out through the user menu (a dropdown in the navigation bar)."""
    from playwright.sync_api import expect

    nav = page.locator("#nav-main")
    if not nav.is_visible():  # a phone: the menu is folded away
        page.locator("button.navbar-toggler").click()
        # Bootstrap unfolds it with a transition ("collapsing"): wait until it is open.
        expect(nav).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    user_menu = page.locator("#nav-main li.dropdown").filter(
        has=page.locator("form[action='/accounts/logout/']"))
    sign_out_button = page.get_by_role("button", name="Sign out")
    # On a busy machine the first click can land while the page is still settling: open the
    # dropdown until its button shows (a click on an open dropdown closes it, so check first).
    for _ in range(3):
        if not sign_out_button.is_visible():
            user_menu.locator("button.dropdown-toggle").click()
        try:
            expect(sign_out_button).to_be_visible(timeout=3_000)
            break
        except AssertionError:
            continue
    sign_out_button.click()
    # Wait until the signed-out page has replaced this one: a page opened sooner could be
    # overtaken by the sign-out's redirect.
    expect(page.locator("form[action='/accounts/logout/']")).to_have_count(0, timeout=20_000)
    # The signed-out page wipes the device's offline store, then goes on to the sign-in page:
    # wait for it, or a page opened now would be overtaken.
    page.wait_for_url(re.compile(r"/accounts/login/"), timeout=20_000)
    page.wait_for_load_state()


def reauthenticate(page, password: str) -> None:
    """allauth asks for the password again before a sensitive action: give it, and carry on."""
    from playwright.sync_api import expect

    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.locator("[name=password]").fill(password)
    page.locator("form[action^='/accounts/reauthenticate/'] button[type=submit]").click()


def open_manage(page, label: str) -> None:
    """A manager opens ``label`` from the "Manage" menu of the navigation bar (on a phone,
    the menu is unfolded first)."""
    from playwright.sync_api import expect

    nav = page.locator("#nav-main")
    if not nav.is_visible():  # a phone: the menu is folded away
        page.locator("button.navbar-toggler").click()
        expect(nav).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    nav.get_by_role("button", name="Manage").click()
    link = nav.get_by_role("link", name=label, exact=True)
    expect(link).to_be_visible()
    link.click()


# --- Accessibility ----------------------------------------------------------------------------

def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the given impacts on the page.

    Playwright's ``page.evaluate`` runs through the DevTools protocol, which the page's
    Content-Security-Policy (script-src 'self') does not govern, so axe is injected into the
    real page under its real CSP: no ``bypass_csp`` is needed.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()
    # Judge the page at rest: not a button still under the pointer after a click, halfway
    # through its hover transition (its colours then match neither state).
    page.mouse.move(0, 0)
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter(a => a instanceof CSSTransition).map(a => a.finished.catch(() => null)))""")
    results = Axe().run(page)
    violations = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in impacts:
            continue
        violations.append(violation)
    return violations


def assert_accessible(page, impacts=("serious", "critical")):
    """Fail, listing rule, help and elements, on any serious or critical axe-core violation."""
    violations = axe_violations(page, impacts)
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
            for node in v["nodes"]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
                if node.get("failureSummary"):
                    lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        pytest.fail("\n".join(lines), pytrace=False)


# --- Screenshots for a human to look at (never asserted) --------------------------------------

def screenshot(page, name: str) -> None:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS_DIR / f"{name}.png"), full_page=True)
