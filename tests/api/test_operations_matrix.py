"""Every API operation, for every persona, with the persona's session and with a token of
theirs (tests/api/operations_matrix.py): the same answers as the pages'. An operation of the
schema missing from the matrix fails ``test_every_operation_is_in_the_matrix``; a token
without an operation's scope is refused (403).

The world is built once for the module and each case runs in a savepoint of its own, as in
tests/test_authorization_matrix.py (whose fixtures these are).
"""

import pytest
from django.conf import settings
from django.test import Client

from api.main import api
from api.scopes import SCOPES
from tests.api.helpers import make_token
from tests.api.operations_matrix import OPERATIONS
from tests.conftest import PERSONAS
from tests.test_authorization_matrix import built_world, media_folder, world  # noqa: F401

CSRF = "k" * 32  # a CSRF secret: the cookie and the header carry the same one


def schema_operations() -> dict[tuple[str, str], dict]:
    paths = api.get_openapi_schema()["paths"]
    return {(method.upper(), path): operation
            for path, methods in paths.items() for method, operation in methods.items()}


def test_every_operation_is_in_the_matrix():
    operations = set(schema_operations())
    missing = operations - set(OPERATIONS)
    assert not missing, f"API operations missing from the matrix: {sorted(missing)}"
    assert not set(OPERATIONS) - operations, "The matrix names operations that do not exist."


def _scope_of(method: str, path: str) -> str | None:
    """The scope an operation's view asks for (``api.auth.scoped``), found by its
    operationId."""
    wanted = schema_operations()[(method, path)]["operationId"]
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                if api.get_openapi_operation_id(operation) == wanted:
                    return getattr(operation.view_func, "api_scope", None)
    raise AssertionError(f"No view for {method} {path}")


def _client(people, persona: str, via: str) -> Client:
    """A client of ``persona`` of the world ``people``: their session (with the CSRF cookie
    and header a page's script sends), or a token of theirs with every scope."""
    if via == "token":
        if persona == "anonymous":
            return Client(HTTP_AUTHORIZATION="Bearer not-a-token-of-anyone")
        _token, secret = make_token(people.memberships[persona])
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client = Client(enforce_csrf_checks=True, HTTP_X_CSRFTOKEN=CSRF)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = people.session_keys[persona]
    return client


def call(client: Client, method: str, path: str, made) -> object:
    url = path.format(**{k: str(v) for k, v in made.path.items()})
    if method == "GET":
        return client.get(url)
    if made.form is not None:
        return client.post(url, made.form)
    return client.post(url, made.json or {}, content_type="application/json")


# The portal's superuser is a member of no setting: no token can be made for them.
CASES = [(persona, via) for via in ("session", "token") for persona in PERSONAS
         if not (via == "token" and persona == "superuser")]


@pytest.mark.parametrize(("persona", "via"), CASES)
@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_operations_matrix(world, method, path, persona, via):  # noqa: F811
    build, expected = OPERATIONS[(method, path)]
    response = call(_client(world, persona, via), method, path, build(world))
    assert response.status_code == expected[persona], (
        f"{method} {path} as {persona} ({via}): {response.status_code} "
        f"{response.content[:300]!r}")


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_a_token_without_the_scope_is_refused(world, method, path):  # noqa: F811
    scope = _scope_of(method, path)
    if scope is None:  # who the caller is (/me) needs no scope
        assert path.endswith("/me"), f"{method} {path} asks for no scope"
        return
    build, _expected = OPERATIONS[(method, path)]
    _token, secret = make_token(world.memberships["manager"],
                                scopes=[s for s in SCOPES if s != scope])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = call(client, method, path, build(world))
    assert response.status_code == 403, f"{method} {path} without {scope}"
