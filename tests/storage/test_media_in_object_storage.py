"""Uploads in an S3-compatible object store (moto's server, a real process): they land in the
bucket and nowhere on local disk, and reach a person only through the checked view, streamed
or as a redirect to a URL signed for a few minutes after the check; the objects themselves
are private."""

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning_journal import services, tasks
from learning_journal.eyfs import ensure_framework
from learning_journal.models import Area, Media, ProgressCheck
from tests.complaints.conftest import recently_reauthenticated
from tests.learning_journal.factories import (
    complete_check_data,
    make_two,
    photo,
    photo_consents,
)
from tests.learning_journal.test_checks import pdf_text
from tests.test_authorization_matrix import MATRIX


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def _fetch(response, bucket) -> requests.Response:
    """What the browser ends up with: the bytes of a streamed answer, or the store's answer to
    the signed URL the portal redirected to (after checking the redirect is never cached)."""
    if bucket.delivery == "stream":
        assert response.status_code == 200
        fetched = requests.Response()
        fetched.status_code = 200
        fetched._content = b"".join(response.streaming_content)
        fetched.headers.update(dict(response.items()))
        return fetched
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert response["Location"].startswith(f"{bucket.endpoint}/{bucket.name}/")
    return requests.get(response["Location"], timeout=10)


def _post_observation_with_a_photo(world) -> Media:
    ensure_framework()  # a transactional test before may have emptied its rows
    photo_consents(world, world.child)
    response = world.client_for("key_person").post(reverse("journal-observation-new"), {
        "children": [str(world.child.uuid)], "observed_on": timezone.localdate().isoformat(),
        "text": "Ava stacked six blocks.", "areas": [Area.objects.get(code="M").pk],
        "action": "publish", "media": [photo()]})
    assert response.status_code == 302, response.content[:500]
    return Media.objects.get()


def test_it_stores_an_uploaded_photo_in_the_bucket_and_gives_it_only_to_who_may_see_it(
        world, bucket, media_root):
    media = _post_observation_with_a_photo(world)

    assert {media.file.name, media.thumbnail.name} <= bucket.object_keys()
    assert _files_in(media_root) == []
    url = reverse("journal-media", args=[media.uuid])
    answer = _fetch(world.client_for("parent").get(url), bucket)
    assert answer.status_code == 200
    assert answer.content == bucket.read(media.file.name)
    assert answer.headers["Content-Type"] == "image/jpeg"
    assert answer.headers["Content-Disposition"].startswith("inline")
    assert answer.headers["Cache-Control"] == "private, no-cache, no-store"
    for persona in ("other_parent", "other_setting"):
        refused = world.client_for(persona).get(url)
        assert refused.status_code == 404
        assert bucket.name not in refused.content.decode()
        assert not refused.has_header("Location")


def test_it_keeps_the_objects_private(world, bucket):
    """moto refuses an anonymous GET of an object whose ACL does not grant public read (and
    serves it when one does: checked by hand), so this fails if the portal ever uploads
    objects readable by anyone."""
    media = _post_observation_with_a_photo(world)
    anonymous = requests.get(f"{bucket.endpoint}/{bucket.name}/{media.file.name}", timeout=10)
    assert anonymous.status_code == 403
    for key in bucket.object_keys():
        grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
        assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]
        assert grants[0]["Grantee"]["Type"] == "CanonicalUser"
    assert all(g["Grantee"]["Type"] == "CanonicalUser"
               for g in bucket.client.get_bucket_acl(Bucket=bucket.name)["Grants"])


def test_it_signs_urls_for_the_configured_minutes_only_after_the_check(world, signed_bucket):
    media = _post_observation_with_a_photo(world)
    before = timezone.now().replace(microsecond=0)
    response = world.client_for("parent").get(reverse("journal-media", args=[media.uuid]))
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["120"]
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert before <= signed_at <= timezone.now()
    assert query["X-Amz-Credential"][0].startswith("portal-test-key/")
    assert query["response-content-type"] == ["image/jpeg"]


def test_it_answers_404_when_the_object_is_gone(world, bucket):
    media = _post_observation_with_a_photo(world)
    bucket.client.delete_object(Bucket=bucket.name, Key=media.file.name)
    response = world.client_for("parent").get(reverse("journal-media", args=[media.uuid]))
    assert response.status_code == 404
    assert not response.has_header("Location")


def test_it_deletes_the_object_when_the_photo_is_removed(
        world, bucket, django_capture_on_commit_callbacks):
    media = _post_observation_with_a_photo(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("key_person").post(
            reverse("journal-media-remove", args=[media.uuid]))
    assert response.status_code == 302
    assert media.file.name not in bucket.object_keys()
    assert media.thumbnail.name not in bucket.object_keys()


# --- Every view that hands out a stored file ---------------------------------------------

FILE_VIEWS = ["collection-collector-photo", "complaints-attachment", "keyperson-staff-photo",
              "journal-media", "journal-media-thumbnail", "journal-keepsake-pdf",
              "journal-keepsake-zip", "journal-check-pdf", "messaging-file", "news-photo",
              "subject-access-download", "subject-access-check", "setting-export-download"]


@pytest.mark.parametrize("name", FILE_VIEWS)
def test_every_file_view_hands_out_the_stored_bytes_with_the_same_headers_either_way(
        world, name, s3_endpoint, settings, media_root):
    from tests.object_storage import make_bucket

    bucket = make_bucket(s3_endpoint, settings, delivery="stream")
    _, kwargs_builder, answers = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(world))
    persona = next((p for p, answer in answers.items() if answer == 200), "manager")
    client = recently_reauthenticated(world.client_for(persona), world.users[persona])
    streamed = _fetch(client.get(url), bucket)
    assert streamed.content and streamed.content in {bucket.read(k) for k in bucket.object_keys()}
    assert _files_in(media_root) == []

    # Signing adds no query (a download may record itself: compare the next two alike).
    with CaptureQueriesContext(connection) as streaming:
        _fetch(client.get(url), bucket)
    bucket.delivery = settings.MEDIA_DELIVERY = "signed-url"
    with CaptureQueriesContext(connection) as signing:
        signed = _fetch(client.get(url), bucket)
    assert len(signing.captured_queries) == len(streaming.captured_queries)
    assert signed.status_code == 200
    assert signed.content == streamed.content
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert signed.headers[header] == streamed.headers[header], header


# --- A PDF made by a real Celery worker ------------------------------------------------------

@pytest.mark.worker
def test_a_worker_stores_the_check_pdf_in_the_bucket_and_the_family_downloads_it(
        world, bucket, celery_worker, monkeypatch, media_root):
    celery_worker.start(**bucket.env)
    monkeypatch.setattr(tasks, "render_check_pdf",
                        celery_worker.task("learning_journal.tasks.render_check_pdf"))
    make_two(world.child)
    check = services.start_check(world.users["key_person"], world.child)
    services.save_check(world.users["key_person"], check, *complete_check_data())
    services.submit_check(world.users["key_person"], check)
    services.sign_off_check(world.users["manager"], check)  # queued on commit
    celery_worker.wait_until(
        lambda: ProgressCheck.objects.get(pk=check.pk).pdf_status == "with_family")
    check.refresh_from_db()
    assert check.pdf.name in bucket.object_keys()
    assert _files_in(media_root) == []

    answer = _fetch(world.client_for("parent").get(reverse("journal-check-pdf",
                                                           args=[check.uuid])), bucket)
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.content == bucket.read(check.pdf.name)
    text = " ".join(pdf_text(answer.content).split())
    assert "Progress check at age two" in text and "Child Ava" in text
