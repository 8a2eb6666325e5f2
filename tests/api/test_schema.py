"""The API's OpenAPI 3.1 schema: the committed file (docs/api/openapi.json) is the code's, every
operation needs credentials, and every operation but ``me`` names its scope."""

import json
from pathlib import Path

from django.conf import settings
from ninja.responses import NinjaJSONEncoder

from api.main import api

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"
# Operations anyone may call, without a token or a session: none today.
PUBLIC_OPERATIONS: set[str] = set()
# Operations any token may call, whatever its scopes: who the caller is.
UNSCOPED_OPERATIONS = {"me"}


def _code_schema() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def test_the_committed_schema_is_the_codes():
    assert SCHEMA_FILE.exists(), "docs/api/openapi.json is missing: run `make api-schema`."
    committed = json.loads(SCHEMA_FILE.read_text())
    assert committed == _code_schema(), (
        "docs/api/openapi.json differs from the API in the code: run `make api-schema` and "
        "commit the file.")


def test_it_is_openapi_3_1():
    assert '"openapi": "3.1.0"' in SCHEMA_FILE.read_text()
    assert _code_schema()["openapi"] == "3.1.0"


def test_every_operation_needs_credentials():
    schema = _code_schema()
    missing = [f"{method.upper()} {path}"
               for path, methods in schema["paths"].items()
               for method, operation in methods.items()
               if not operation.get("security")
               and operation["operationId"] not in PUBLIC_OPERATIONS]
    assert not missing, f"operations without a security requirement: {missing}"
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "BrowserSession"}


def test_every_operation_declares_a_scope():
    operations = list(_operations())
    assert operations
    unscoped = [op.view_func.__name__ for op in operations
                if not hasattr(op.view_func, "api_scope")
                and op.view_func.__name__ not in UNSCOPED_OPERATIONS]
    assert not unscoped, (f"operations without @scoped(...) (api.auth.scoped, under the "
                          f"router's decorator): {unscoped}")
