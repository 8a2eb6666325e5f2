"""Mona exports all of Acorn's data: from the Manage menu, after giving her password again,
she starts the export, watches its progress, and downloads the ZIP, which holds Acorn's
children and not Riverside's."""

import zipfile

import pytest
from playwright.sync_api import expect

from setting_export.models import SettingExport
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    open_manage,
    reauthenticate,
    screenshot,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_manager_exports_all_the_settings_data(page, live_server, world, sign_in, viewport):
    size = "phone" if viewport == PHONE else "desktop"
    sign_in(world.users["manager"])
    open_manage(page, "Export all the setting's data")
    # A sensitive action: allauth asks for Mona's password again.
    reauthenticate(page, PASSWORD)
    expect(page.locator("h1")).to_have_text("Export all the setting's data")
    assert_accessible(page)

    page.get_by_role("button", name="Build the export").click()
    expect(page.locator(".messages")).to_contain_text("We are building the export")
    # The progress, then (polled every 2 s) the download.
    expect(page.locator(".export-status progress")).to_have_count(1)
    screenshot(page, f"setting-export-progress-{size}")
    assert_accessible(page)
    link = page.get_by_role("link", name="Download the export (ZIP)")
    expect(link).to_be_visible(timeout=60_000)
    expect(page.locator(".export-status")).to_contain_text("Ready:")
    screenshot(page, f"setting-export-ready-{size}")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("acorn-test-export-")
    with zipfile.ZipFile(download.value.path()) as archive:
        children = archive.read("families/child.csv").decode()
        assert "Parentchild" in children and "Otherchild" in children
        assert "Riverchild" not in children
        assert "README.txt" in archive.namelist()
    assert SettingExport.objects.get().status == "ready"
