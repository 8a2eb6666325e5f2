"""Adding an observation with photos through the API: the page's form and service, and a
retry that never makes a second observation."""

import uuid

import pytest
from django.utils import timezone

from learning_journal.models import Media, Observation
from tests.api.helpers import token_client
from tests.learning_journal.factories import photo

pytestmark = pytest.mark.django_db


def post(client, world, *, key=None, children=None, text="Built a tall tower.", files=1,
         **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    data = {"children": [str(c.uuid) for c in (children or [world.child])],
            "observed_on": timezone.localdate().isoformat(), "text": text, **extra}
    if files:
        data["media"] = [photo(f"tower-{n}.jpg") for n in range(files)]
    return client.post("/api/v1/observations", data, **headers)


def test_it_adds_an_observation_with_a_photo(world):
    client = token_client(world.memberships["key_person"])
    response = post(client, world, publish="true")
    assert response.status_code == 201, response.content
    observation = Observation.objects.get()
    assert response.json()["uuid"] == str(observation.uuid)
    assert response.json()["children"] == [str(world.child.uuid)]
    assert observation.status == Observation.Status.PUBLISHED
    assert observation.author == world.users["key_person"]
    media = Media.objects.get(observation=observation)
    assert media.file.read(3) == b"\xff\xd8\xff"


def test_a_draft_unless_published(world):
    response = post(token_client(world.memberships["key_person"]), world, files=0)
    assert response.status_code == 201, response.content
    assert Observation.objects.get().status == Observation.Status.DRAFT


def test_a_retry_with_the_same_key_makes_no_second_observation(world):
    client = token_client(world.memberships["key_person"])
    key = str(uuid.uuid4())
    first = post(client, world, key=key)
    again = post(client, world, key=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Observation.objects.count() == 1
    assert Media.objects.count() == 1


def test_html_is_refused_and_nothing_is_kept(world):
    response = post(token_client(world.memberships["key_person"]), world,
                    text="<script>alert(1)</script>")
    assert response.status_code == 422
    assert "plain text" in response.json()["detail"]
    assert not Observation.objects.exists()


def test_a_child_of_another_setting_is_refused(world):
    response = post(token_client(world.memberships["key_person"]), world,
                    children=[world.child_b])
    assert response.status_code == 422
    assert not Observation.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = token_client(world.memberships["key_person"])
    response = client.post("/api/v1/observations", {
        "children": [str(world.child.uuid)], "observed_on": timezone.localdate().isoformat(),
        "text": "A tower.",
        "media": [SimpleUploadedFile("tower.jpg", b"not a photo", content_type="image/jpeg")]})
    assert response.status_code == 422
    assert not Observation.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("parent", 403), ("other_setting", 422)])
def test_only_staff_of_the_setting_add_observations(world, persona, status):
    response = post(token_client(world.memberships[persona]), world)
    assert response.status_code == status
    assert not Observation.objects.exists()


def test_a_token_without_the_scope_is_refused(world):
    client = token_client(world.memberships["key_person"], scopes=["observations:read"])
    assert post(client, world).status_code == 403
    assert not Observation.objects.exists()
