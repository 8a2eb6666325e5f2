"""Security headers on every page (issue: CSP without unsafe-inline scripts, HSTS, policies)."""

from django.urls import reverse


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("account_login"), secure=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_pages_send_referrer_permissions_and_framing_policies(client, db):
    response = client.get(reverse("account_login"), secure=True)
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_https_responses_carry_hsts(client, db):
    response = client.get(reverse("account_login"), secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_no_page_contains_an_inline_script(world):
    client = world.client_for("manager")
    for name in ("home", "people-list", "people-invite", "audit-log", "child-list", "profile"):
        html = client.get(reverse(name)).content.decode()
        for chunk in html.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            assert "src=" in tag or 'type="application/json"' in tag, f"inline script on {name}"
        assert " onclick=" not in html and ' style="' not in html, name


def test_session_cookie_is_secure_and_expires_with_inactivity(settings, world):
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
