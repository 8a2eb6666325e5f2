"""A family's photo kept in object storage and handed out by a signed URL shows in a real
browser: the page's img asks the portal, the portal checks and redirects to the store, and
the Content-Security-Policy lets exactly the store's origin in."""

import copy
import io

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from learning_journal.eyfs import ensure_framework
from preschool.lib.object_storage import signed_url_origin
from tests.e2e.conftest import DESKTOP, assert_accessible
from tests.e2e.conftest import screenshot as take_screenshot
from tests.learning_journal.factories import photo_consents
from tests.object_storage import REGION, make_bucket

pytestmark = pytest.mark.e2e


@pytest.fixture
def signed_urls(transactional_db, s3_endpoint, settings, media_root):
    """The journal's files in a bucket, handed out by signed URLs, with the policy the
    settings give that mode."""
    ensure_framework()
    bucket = make_bucket(s3_endpoint, settings, delivery="signed-url")
    origin = signed_url_origin(bucket=bucket.name, endpoint_url=s3_endpoint, region=REGION,
                               addressing_style="path")
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = [*policy["DIRECTIVES"]["img-src"], origin]
    policy["DIRECTIVES"]["media-src"] = ["'self'", origin]
    settings.CONTENT_SECURITY_POLICY = policy
    return bucket, origin


def _jpeg() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (30, 140, 220)).save(out, format="JPEG")
    return {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_a_wow_moments_photo_loads_from_the_store_after_the_check(page, live_server, world,
                                                                  sign_in, signed_urls):
    bucket, origin = signed_urls
    photo_consents(world, world.child)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text)
            if "Content Security Policy" in m.text else None)
    from_store: list[str] = []
    page.on("response", lambda r: from_store.append(r.url)
            if r.url.startswith(origin) and r.status == 200 else None)

    sign_in(world.users["parent"])
    page.goto(live_server.url + reverse("journal-wow-new", args=[world.child.uuid]))
    page.get_by_label("What happened").fill("Ava rode her bike without stabilisers!")
    page.get_by_label("Photos and videos").set_input_files([_jpeg()])
    page.get_by_role("button", name="Add to the journal").click()
    photo = page.locator(".lj-photos img").first
    expect(photo).to_be_visible()
    page.wait_for_load_state("networkidle")
    # The browser drew it: the store answered the signed URL and the policy allowed it.
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    assert from_store and all("X-Amz-Signature=" in url for url in from_store)
    assert not refused, refused
    assert bucket.object_keys(), "the photo is in the bucket"
    take_screenshot(page, "journal-photo-from-object-storage")
    assert_accessible(page)
