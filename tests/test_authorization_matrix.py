"""Every URL of the portal, for every persona (DESIGN.md: one authorization matrix).

Each app lists its URLs in ``tests/<app>/matrix.py``; they are merged here. A URL pattern of
the portal's own apps that is missing fails ``test_every_url_is_in_the_matrix``. allauth's
and the admin's URLs are third-party; how they answer is tested in
tests/preschool/test_accounts.py.
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz import LOGIN
from tests.conftest import PERSONAS

PROJECT_APPS = ("preschool", "families", "keyperson", "learning_journal", "consents",
                "collection", "attendance", "complaints", "policies")

MATRIX = {}
for _app in PROJECT_APPS:
    try:
        _module = importlib.import_module(f"tests.{_app}.matrix")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"tests.{_app}", f"tests.{_app}.matrix"):
            raise
        continue
    assert not set(_module.MATRIX) & set(MATRIX), f"{_app} repeats a URL name"
    MATRIX.update(_module.MATRIX)


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{entry.namespace}:" if entry.namespace else ""
            yield from _walk(entry, prefix + ns)
        elif isinstance(entry, URLPattern) and entry.name:
            module = getattr(entry.callback, "__module__", "")
            yield prefix + entry.name, module


def project_url_names():
    return {name for name, module in _walk(get_resolver())
            if module.split(".")[0] in PROJECT_APPS}


def test_every_url_is_in_the_matrix():
    missing = project_url_names() - set(MATRIX)
    assert not missing, f"URLs missing from the authorization matrix: {sorted(missing)}"
    assert not set(MATRIX) - project_url_names(), "The matrix names URLs that do not exist."


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(world, name, persona):
    method, kwargs_builder, answers = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(world) if kwargs_builder else None)
    client = world.client_for(persona)
    response = getattr(client, method)(url)
    expected = answers[persona]
    if expected == LOGIN:
        assert response.status_code == 302, f"{name} as {persona}: {response.status_code}"
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, (
            f"{name} as {persona}: expected {expected}, got {response.status_code}")


@pytest.mark.parametrize("name", sorted(n for n, v in MATRIX.items() if v[0] == "post"))
def test_post_only_urls_refuse_get(world, name):
    method, kwargs_builder, _ = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(world) if kwargs_builder else None)
    response = world.client_for("manager").get(url)
    assert response.status_code == 405
