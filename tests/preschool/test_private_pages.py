"""Signed-in pages are never kept in a cache (a shared family computer, a proxy)."""

from django.urls import reverse

from tests.factories import PASSWORD


def _directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def test_it_marks_every_signed_in_page_private_and_not_stored(world):
    client = world.client_for("parent")
    child_page = reverse("child-detail", args=[world.child.uuid])
    for url in (reverse("home"), child_page, reverse("profile")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), url


def test_it_marks_a_signed_in_error_page_too(world):
    response = world.client_for("other_parent").get(
        reverse("child-detail", args=[world.child.uuid]))
    assert response.status_code == 404
    assert {"private", "no-store"} <= _directives(response)


def test_the_answer_to_signing_in_is_not_stored(world, client):
    response = client.post(reverse("account_login"),
                           {"login": "parent@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert {"private", "no-store"} <= _directives(response)


def test_it_leaves_what_anyone_may_see_alone(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "no-store" not in _directives(response)
    assert "private" not in _directives(response)

