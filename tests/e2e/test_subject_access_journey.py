"""The browser journey of a subject access request:

Pat asks online, on a phone, for a copy of Ava's data from Ava's page; Mona builds the copy
(the page shows how far it has got), confirms her password and releases it; Pat, on the
phone again, downloads it through the link emailed to her. The ZIP holds the photo of Ava
alone and not the group photo in which Otto is shown (Otto's family has not agreed to photos
seen by other families).

The bundle is built by the real collectors of every app (``subject_access/collect/``); the
journal's follows the journal's photo rule (``visible_media_map`` for the person it is
released to).
"""

import io
import re
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from subject_access.models import SubjectAccessRequest
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    open_manage,
    reauthenticate,
    screenshot,
    sign_out,
)
from tests.e2e.test_journal_journeys import journal  # noqa: F401  (the EYFS framework)
from tests.factories import PASSWORD
from tests.learning_journal.factories import group_observation, photo_consents

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_asks_the_manager_releases_and_the_parent_downloads(
        page, live_server, world, sign_in, viewport):
    photo_consents(world, world.child)
    photo_consents(world, world.other_child, others=False)
    group = group_observation(world, text="Built a tower with Otto.").media.get()
    alone = group_observation(world, children=[world.child], text="Painted a sun.").media.get()

    # Pat asks, on her phone, from Ava's page.
    sign_in(world.users["parent"])
    page.goto(f"{live_server.url}{reverse('child-detail', args=[world.child.uuid])}")
    page.get_by_role("link", name="Ask for a copy of the data you hold").click()
    expect(page.get_by_label("Ava Parentchild")).to_be_checked()
    screenshot(page, "subject-access-ask-phone")
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".messages")).to_contain_text("your request has been sent")
    expect(page.locator("main")).to_contain_text("The setting will answer by")
    assert_accessible(page)
    request = SubjectAccessRequest.objects.get()
    assert request.child == world.child and request.requester == world.users["parent"]
    sign_out(page)

    # Mona, at her desk, builds the copy and releases it.
    page.set_viewport_size(DESKTOP)
    sign_in(world.users["manager"])
    open_manage(page, "Data requests")
    expect(page.locator("main table")).to_contain_text("Ava Parentchild")
    assert_accessible(page)
    page.get_by_role("link", name="Ava Parentchild").click()
    page.get_by_role("button", name="Build the copy").click()
    expect(page.locator(".messages")).to_contain_text("The copy is being prepared")
    # The page asks every 2 s how far it has got; then the copy can be checked.
    expect(page.get_by_role("link", name="Download to check")).to_be_visible(timeout=60_000)
    screenshot(page, "subject-access-built-desktop")
    assert_accessible(page)
    page.get_by_role("button", name="Release to the person who asked").click()
    # A sensitive action: allauth asks for Mona's password first, then carries on.
    reauthenticate(page, PASSWORD)
    expect(page.locator(".messages")).to_contain_text("Released")
    expect(page.locator("main")).to_contain_text("Released to the person who asked")
    assert_accessible(page)
    sign_out(page)

    emails = [m for m in mail.outbox if m.to == [world.users["parent"].email]
              and "is ready" in m.subject]
    assert len(emails) == 1
    link = re.search(r"https?://\S+?(/subject-access/\S+/download/\S+/)", emails[0].body)[1]

    # Pat, on her phone, sees her request and downloads the copy through the link.
    page.set_viewport_size(PHONE)
    sign_in(world.users["parent"])
    page.goto(f"{live_server.url}{reverse('subject-access-list')}")
    page.get_by_role("link", name="Ava Parentchild").click()
    expect(page.locator("main")).to_contain_text("We have emailed you a download link")
    screenshot(page, "subject-access-released-phone")
    assert_accessible(page)
    with page.expect_download() as download:
        page.evaluate("url => { window.location.href = url; }", f"{live_server.url}{link}")
    with open(download.value.path(), "rb") as f:
        archive = zipfile.ZipFile(io.BytesIO(f.read()))
    names = archive.namelist()
    photos = [n for n in names if n.startswith("journal/") and n.endswith(".jpg")]
    assert photos == [n for n in photos if alone.uuid.hex[:8] in n] and len(photos) == 1
    assert not any(group.uuid.hex[:8] in n for n in names)
    # Nothing of Otto's: not his photo, not his name.
    assert not any(b"Otto" in archive.read(n) for n in names
                   if n.endswith((".json", ".txt", ".html")))
    request.refresh_from_db()
    assert request.status == SubjectAccessRequest.Status.DOWNLOADED
