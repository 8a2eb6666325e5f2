"""``api.auth.scoped``: a token without the operation's scope gets 403; a browser session
(the portal's own pages) has every scope."""

from types import SimpleNamespace

import pytest
from ninja.errors import HttpError

from api.auth import scoped
from api.models import ApiToken


@scoped("children:read")
def list_children(request):
    return "the children"


def _request(token=None):
    return SimpleNamespace(api_token=token)


def test_a_token_with_the_scope_calls_the_operation():
    assert list_children(_request(ApiToken(scopes=["children:read"]))) == "the children"


def test_a_token_without_the_scope_gets_403():
    with pytest.raises(HttpError) as refused:
        list_children(_request(ApiToken(scopes=["news:read", "register:write"])))
    assert refused.value.status_code == 403
    assert "children:read" in str(refused.value)


def test_a_session_has_every_scope():
    assert list_children(_request(None)) == "the children"


def test_the_scope_is_named_on_the_operation():
    assert list_children.api_scope == "children:read"
    with pytest.raises(AssertionError):
        scoped("children:delete")
