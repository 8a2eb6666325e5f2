"""The API tokens pages: making a token (behind the password, shown once, only its hash
kept), who may make one for whom, seeing and revoking, the uses, and the menus."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, ApiTokenUse, digest_of, new_token
from api.scopes import FAMILY_WRITE_SCOPES, READ_SCOPES, SCOPES
from preschool.models import AuditEvent
from tests.complaints.conftest import recently_reauthenticated

WRITE_SCOPES = [scope for scope in SCOPES
                if scope not in READ_SCOPES and scope not in FAMILY_WRITE_SCOPES]


def _signed_in(world, persona):
    return recently_reauthenticated(world.client_for(persona), world.users[persona])


def _token_of(world, persona, *, setting=None, name="A script", **extra):
    secret = new_token()
    return ApiToken.objects.create(
        setting=setting or world.setting_a, user=world.users[persona],
        created_by=world.users[persona], name=name, scopes=["children:read"],
        prefix=secret[:12], digest=digest_of(secret),
        expires_at=extra.pop("expires_at", timezone.now() + timedelta(days=30)), **extra)


def _secret_on(page: str) -> str:
    match = re.search(r'id="api-token-secret"[^>]*value="(ppat_[^"]+)"', page)
    assert match, "the new token is not on the page"
    return match.group(1)


def test_it_asks_for_the_password_again(world):
    client = world.client_for("parent")
    for response in (client.get(reverse("api-token-new")),
                     client.post(reverse("api-token-new"), {"name": "x", "scopes": ["news:read"],
                                                            "days": 90})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not ApiToken.objects.exists()


def test_the_form_ticks_the_read_scopes_and_offers_a_family_no_write_scope(world):
    staff_page = _signed_in(world, "practitioner").get(reverse("api-token-new")).content.decode()
    for scope in READ_SCOPES:
        assert re.search(rf'value="{scope}"[^>]*checked', staff_page), scope
    for scope in WRITE_SCOPES:
        assert f'value="{scope}"' in staff_page
        assert not re.search(rf'value="{scope}"[^>]*checked', staff_page), scope
    assert re.search(r'<option value="90" selected>', staff_page)
    # Only a manager chooses whose token it is.
    assert 'name="person"' not in staff_page

    family_page = _signed_in(world, "parent").get(reverse("api-token-new")).content.decode()
    for scope in WRITE_SCOPES:
        assert f'value="{scope}"' not in family_page
    # A family's own write (their comment on progress) is made signed in: no token has it.
    for scope in FAMILY_WRITE_SCOPES:
        assert f'value="{scope}"' not in staff_page and f'value="{scope}"' not in family_page


def test_it_makes_a_token_shown_once_and_stores_only_its_hash(world):
    client = _signed_in(world, "practitioner")
    response = client.post(reverse("api-token-new"), {
        "name": "Register tablet", "scopes": ["children:read", "register:write"], "days": 30})
    assert response.status_code == 200
    page = response.content.decode()
    secret = _secret_on(page)
    assert "you will not see it again" in page
    token = ApiToken.objects.get()
    assert token.digest == digest_of(secret) and token.prefix == secret[:12]
    assert secret not in {str(value) for value in vars(token).values()}
    assert token.user == world.users["practitioner"] and token.setting == world.setting_a
    assert token.scopes == ["children:read", "register:write"]
    expected = timezone.now() + timedelta(days=30)
    assert abs((token.expires_at - expected).total_seconds()) < 60
    event = AuditEvent.objects.get(action="api_token.created")
    assert secret not in str(event.changes) and event.actor == world.users["practitioner"]
    # Never again: not on the list, nor on the token's page.
    for url in (reverse("api-tokens"), reverse("api-token", args=[token.uuid])):
        shown = client.get(url).content.decode()
        assert secret not in shown and token.prefix in shown
    # And it works.
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert me.status_code == 200 and me.json()["scopes"] == token.scopes


def test_a_family_member_cannot_ask_for_a_write_scope(world):
    response = _signed_in(world, "parent").post(reverse("api-token-new"), {
        "name": "Mine", "scopes": ["children:read", "messages:write"], "days": 90})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("data", [
    {"name": "", "scopes": ["children:read"], "days": 90},
    {"name": "No scope", "days": 90},
    {"name": "Forever", "scopes": ["children:read"], "days": 10_000},
    {"name": "No expiry", "scopes": ["children:read"]},
])
def test_bad_input_makes_no_token(world, data):
    response = _signed_in(world, "manager").post(reverse("api-token-new"), data)
    assert response.status_code == 200 and 'id="api-token-secret"' not in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_manager_makes_a_token_for_a_member_of_staff(world):
    client = _signed_in(world, "manager")
    page = client.get(reverse("api-token-new")).content.decode()
    # Staff of the setting only: no family member, nobody of another setting.
    assert "Perry Practitioner" in page and "Kim Keyperson" in page
    assert "Pat Parent" not in page and "Bea Riverside" not in page
    response = client.post(reverse("api-token-new"), {
        "name": "Perry's tablet", "person": world.memberships["practitioner"].pk,
        "scopes": ["register:read", "register:write"], "days": 7})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.user == world.users["practitioner"]
    assert token.created_by == world.users["manager"]
    # A parent is not staff: refused.
    response = client.post(reverse("api-token-new"), {
        "name": "Pat's", "person": world.memberships["parent"].pk,
        "scopes": ["children:read"], "days": 7})
    assert "Select a valid choice" in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_a_practitioner_cannot_make_one_for_someone_else(world):
    response = _signed_in(world, "practitioner").post(reverse("api-token-new"), {
        "name": "For Kim", "person": world.memberships["key_person"].pk,
        "scopes": ["children:read"], "days": 7})
    assert response.status_code == 200
    # The field is not there for them: the token is their own.
    assert ApiToken.objects.get().user == world.users["practitioner"]


def test_the_list_shows_a_manager_every_token_and_others_their_own(world):
    perry = _token_of(world, "practitioner", name="Perry's script")
    pat = _token_of(world, "parent", name="Pat's spreadsheet")
    _token_of(world, "other_setting", setting=world.setting_b, name="Riverside's")
    manager_page = world.client_for("manager").get(reverse("api-tokens")).content.decode()
    assert "Perry&#x27;s script" in manager_page and "Pat&#x27;s spreadsheet" in manager_page
    assert "Riverside&#x27;s" not in manager_page
    perry_page = world.client_for("practitioner").get(reverse("api-tokens")).content.decode()
    assert "Perry&#x27;s script" in perry_page and "Pat&#x27;s spreadsheet" not in perry_page
    assert reverse("api-token", args=[pat.uuid]) not in perry_page
    assert reverse("api-token", args=[perry.uuid]) in perry_page


def test_revoking_own_any_as_manager_and_others_404(world):
    perry = _token_of(world, "practitioner")
    pat = _token_of(world, "parent")
    bea = _token_of(world, "other_setting", setting=world.setting_b)
    # Perry: his own.
    response = world.client_for("practitioner").post(reverse("api-token-revoke",
                                                             args=[perry.uuid]))
    assert response.status_code == 302
    perry.refresh_from_db()
    assert perry.revoked_at is not None and perry.revoked_by == world.users["practitioner"]
    # Not Pat's, nor another setting's: 404, nothing changed.
    assert world.client_for("practitioner").post(
        reverse("api-token-revoke", args=[pat.uuid])).status_code == 404
    assert world.client_for("manager").post(
        reverse("api-token-revoke", args=[bea.uuid])).status_code == 404
    # Mona: any of her setting's.
    assert world.client_for("manager").post(
        reverse("api-token-revoke", args=[pat.uuid])).status_code == 302
    pat.refresh_from_db()
    bea.refresh_from_db()
    assert pat.revoked_by == world.users["manager"] and bea.revoked_at is None
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 2
    # Revoking again changes nothing.
    world.client_for("manager").post(reverse("api-token-revoke", args=[pat.uuid]))
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 2


@pytest.mark.parametrize("change", ["revoked", "expired", "ended"])
def test_a_token_no_longer_valid_answers_401_and_its_uses_are_kept(world, change):
    token = _token_of(world, "practitioner")
    secret = new_token()
    token.digest, token.prefix = digest_of(secret), secret[:12]
    token.save()
    client = world.client_for("anonymous")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    if change == "revoked":
        world.client_for("practitioner").post(reverse("api-token-revoke", args=[token.uuid]))
    elif change == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    else:
        world.client_for("manager").post(
            reverse("people-membership-end", args=[world.memberships["practitioner"].uuid]))
        world.memberships["practitioner"].refresh_from_db()
        assert world.memberships["practitioner"].ended_at is not None
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401 and "detail" in response.json()
    # Both uses are kept, the refused one too (a revoked token still tried was leaked).
    uses = list(ApiTokenUse.objects.filter(token=token).order_by("at", "pk")
                .values_list("status", "path"))
    assert uses == [(200, "/api/v1/me"), (401, "/api/v1/me")]


def test_the_tokens_page_lists_its_uses_newest_first(world):
    token = _token_of(world, "practitioner")
    now = timezone.now()
    for minutes, status in ((10, 200), (5, 403), (1, 201)):
        ApiTokenUse.objects.create(token=token, at=now - timedelta(minutes=minutes),
                                   method="GET", path=f"/api/v1/status-{status}",
                                   status=status, ip_address="192.0.2.7")
    page = world.client_for("practitioner").get(
        reverse("api-token", args=[token.uuid])).content.decode()
    assert page.index("status-201") < page.index("status-403") < page.index("status-200")
    assert "192.0.2.7" in page


def _add_tokens(world, n):
    for i in range(n):
        token = _token_of(world, "practitioner" if i % 2 else "key_person", name=f"T{i}")
        ApiTokenUse.objects.create(token=token, method="GET", path="/api/v1/me", status=200)


def _add_uses(world, token, n):
    ApiTokenUse.objects.bulk_create(
        ApiTokenUse(token=token, method="GET", path="/api/v1/me", status=200) for _ in range(n))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_and_the_uses_keep_a_constant_query_count(world):
    client = world.client_for("manager")
    _add_tokens(world, 1)
    few = _queries(client, reverse("api-tokens"))
    _add_tokens(world, 59)
    many = _queries(client, reverse("api-tokens"))
    assert few == many, f"the list: {few} queries with few tokens, {many} with many"
    page = client.get(reverse("api-tokens")).content.decode()
    assert "Never" not in page and "Last used" in page

    token = ApiToken.objects.first()
    url = reverse("api-token", args=[token.uuid])
    few = _queries(client, url)
    _add_uses(world, token, 120)
    many = _queries(client, url)
    assert few == many, f"the uses: {few} queries with few, {many} with many"


def test_the_menus_link_the_tokens_page(world):
    url = reverse("api-tokens")
    for persona in ("manager", "practitioner", "parent"):
        page = world.client_for(persona).get(reverse("home")).content.decode()
        assert f'href="{url}"' in page, persona
    # The Manage menu: managers only.
    manager_home = world.client_for("manager").get(reverse("home")).content.decode()
    manage_menu = manager_home.split(">Manage<", 1)[1].split("</ul>", 1)[0]
    assert url in manage_menu


def test_it_revokes_only_with_a_post(world):
    token = _token_of(world, "practitioner")
    response = world.client_for("practitioner").get(reverse("api-token-revoke",
                                                            args=[token.uuid]))
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_forged_id_is_404(world):
    client = world.client_for("manager")
    assert client.get(reverse("api-token", args=["not-a-uuid"])).status_code == 404
    assert client.post(reverse("api-token-revoke", args=["not-a-uuid"])).status_code == 404
