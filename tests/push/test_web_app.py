"""The installable web app: the manifest (linked from every page), its icons, and the service
worker served from the site's root, which caches nothing; the VAPID keys' command and check."""

import io

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from push import vapid
from push.checks import vapid_keys_match


def test_every_page_links_the_manifest(client):
    page = client.get(reverse("account_login")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page


def test_the_manifest_makes_the_portal_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Pre-school portal"
    assert 0 < len(manifest["short_name"]) <= 12
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"),
                     ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.format == "PNG"


def test_the_service_worker_covers_the_portal_and_caches_nothing(client, world):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    assert 'addEventListener("push"' in script
    assert 'addEventListener("notificationclick"' in script
    assert 'addEventListener("fetch"' not in script and "caches." not in script
    signed_in = world.client_for("parent").get("/sw.js")
    assert "no-store" in signed_in["Cache-Control"] and "private" in signed_in["Cache-Control"]


def test_the_devices_page_runs_no_inline_script(world):
    response = world.client_for("parent").get(reverse("push-devices"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_command_prints_a_key_pair_that_belongs_together():
    out = io.StringIO()
    call_command("vapid_keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().split())
    assert vapid.public_key_of(lines["VAPID_PRIVATE_KEY"]) == lines["VAPID_PUBLIC_KEY"]
    assert len(vapid.b64url_decode(lines["VAPID_PUBLIC_KEY"])) == 65


def test_keys_that_do_not_belong_together_stop_start_up(settings):
    public, _ = vapid.generate()
    _, private = vapid.generate()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    settings.VAPID_SUBJECT = "mailto:ops@portal.example"
    assert [e.id for e in vapid_keys_match(None)] == ["push.E001"]
    settings.VAPID_PRIVATE_KEY = "not a key"
    assert [e.id for e in vapid_keys_match(None)] == ["push.E001"]
    settings.VAPID_PUBLIC_KEY = vapid.public_key_of(private)
    settings.VAPID_PRIVATE_KEY = private
    assert vapid_keys_match(None) == []


def test_staff_still_setting_up_two_factor_get_the_files_the_browser_fetches(world, settings):
    from allauth.mfa.models import Authenticator

    settings.REQUIRE_STAFF_MFA = True
    Authenticator.objects.filter(user=world.users["practitioner"]).delete()
    client = world.client_for("practitioner")
    assert client.get(reverse("home")).status_code == 302  # to the two-factor set-up
    assert client.get("/manifest.webmanifest").status_code == 200
    assert client.get("/sw.js").status_code == 200
