"""Nothing a request needs lives on one web machine's disk: two gunicorn processes on
different ports, the same database, Redis cache and bucket, each with its own empty
MEDIA_ROOT, serve one person in turn as if they were one."""

import re
from pathlib import Path

import pytest
import requests
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from learning_journal.eyfs import ensure_framework
from learning_journal.models import Area, Media
from tests.e2e.conftest import current_totp_code
from tests.factories import PASSWORD, enrol_totp
from tests.learning_journal.factories import image_bytes, photo_consents
from tests.object_storage import make_bucket
from tests.servers import database_url_of_the_test, gunicorn, require_redis


def _csrf(page: requests.Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, page.text[:2000]
    return match.group(1)


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def two_web_machines(transactional_db, s3_endpoint, settings, tmp_path, media_root):
    """Two portals (A and B) sharing everything but their disk: yields their base URLs, the
    bucket and their own media folders."""
    require_redis()
    cache = settings.CACHES["default"]
    if "redis" not in cache["BACKEND"].lower():
        pytest.skip("the cache is not Redis (CACHE_URL): CI's is")
    bucket = make_bucket(s3_endpoint, settings, delivery="stream")
    folders = [tmp_path / "media-a", tmp_path / "media-b"]
    env = {"DATABASE_URL": database_url_of_the_test(), "CACHE_URL": cache["LOCATION"],
           "CELERY_BROKER_URL": "",
           **bucket.env}
    with (gunicorn({**env, "MEDIA_ROOT": str(folders[0])}) as a,
          gunicorn({**env, "MEDIA_ROOT": str(folders[1])}) as b):
        yield a, b, bucket, folders


def test_it_serves_one_person_from_two_processes_as_from_one(world, two_web_machines):
    a, b, bucket, folders = two_web_machines
    kim = world.users["key_person"]
    Authenticator.objects.filter(user=kim).delete()
    secret = enrol_totp(kim)
    ensure_framework()  # a transactional test before may have emptied its rows
    photo_consents(world, world.child)
    browser = requests.Session()

    # Kim signs in: the form from A, her password to B, her code to A.
    form = browser.get(f"{a}/accounts/login/", timeout=10)
    step = browser.post(f"{b}/accounts/login/", timeout=10, allow_redirects=False, data={
        "csrfmiddlewaretoken": _csrf(form), "login": kim.email, "password": PASSWORD})
    assert step.status_code == 302 and "/accounts/2fa/authenticate/" in step.headers["Location"]
    code_form = browser.get(f"{a}/accounts/2fa/authenticate/", timeout=10)
    signed_in = browser.post(f"{a}/accounts/2fa/authenticate/", timeout=10,
                             allow_redirects=False, data={
                                 "csrfmiddlewaretoken": _csrf(code_form),
                                 "code": current_totp_code(secret)})
    assert signed_in.status_code == 302, signed_in.text[:2000]

    # She posts an observation with a photo on B (the form from A) ...
    new = reverse("journal-observation-new")
    posted = browser.post(f"{b}{new}", timeout=30, allow_redirects=False, data={
        "csrfmiddlewaretoken": _csrf(browser.get(f"{a}{new}", timeout=10)),
        "children": [str(world.child.uuid)], "observed_on": timezone.localdate().isoformat(),
        "text": "Ava built a bridge for the toy cars.", "areas": [Area.objects.get(code="M").pk],
        "action": "publish"}, files={"media": ("bridge.jpg", image_bytes(), "image/jpeg")})
    assert posted.status_code == 302, posted.text[:2000]
    media = Media.objects.get()
    assert media.file.name in bucket.object_keys()

    # ... and A shows it, with the message B set, and the photo it reads from the bucket.
    page = browser.get(a + posted.headers["Location"], timeout=10)
    assert "Ava built a bridge for the toy cars." in page.text
    assert "The observation is published in each child&#x27;s journal." in page.text
    journal = browser.get(f"{a}{reverse('journal-child', args=[world.child.uuid])}", timeout=10)
    assert "Ava built a bridge for the toy cars." in journal.text
    photo = browser.get(f"{a}{reverse('journal-media', args=[media.uuid])}", timeout=10)
    assert photo.status_code == 200 and photo.content == bucket.read(media.file.name)

    # A message set on A shows on B.
    remove = reverse("journal-media-remove", args=[media.uuid])
    removed = browser.post(f"{a}{remove}", timeout=10, allow_redirects=False, data={
        "csrfmiddlewaretoken": _csrf(page)})
    assert removed.status_code == 302
    after = browser.get(b + removed.headers["Location"], timeout=10)
    assert "The photo or video is removed: nobody will see it again." in after.text

    # She signs out on B; A knows.
    browser.post(f"{b}/accounts/logout/", timeout=10, data={"csrfmiddlewaretoken": _csrf(after)})
    answer = browser.get(f"{a}{reverse('journal-home')}", timeout=10, allow_redirects=False)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(reverse("account_login"))
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert _files_in(folders[0]) == _files_in(folders[1]) == []
