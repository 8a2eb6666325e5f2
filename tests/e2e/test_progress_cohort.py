"""The manager opens the cohort view from the Manage menu, compares SEND with not SEND, reads
the table and the chart, and downloads the PDF for the local authority: on a desktop and on a
phone."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from families.models import SenStatus
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, open_manage, screenshot
from tests.progress.cohort_factories import assess, children
from tests.progress.factories import points

pytestmark = pytest.mark.e2e


def _cohort(world):
    """Term 1: 6 children not SEND (3 on track in Communication and Language), 3 with SEN
    support (1); term 2: 5 and 2."""
    _entry, term1, term2 = points(world)
    others = children(world, 6)
    send = children(world, 3, sen_status=SenStatus.SUPPORT)
    assess(world, others, term1, on_track=3)
    assess(world, send, term1, on_track=1)
    assess(world, others, term2, on_track=5)
    assess(world, send, term2, on_track=2)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_manager_compares_groups_and_downloads_the_pdf(page, live_server, world, sign_in,
                                                          viewport):
    name = "desktop" if viewport == DESKTOP else "phone"
    _cohort(world)
    sign_in(world.users["manager"])
    open_manage(page, "Progress across the setting")
    expect(page.locator("h1")).to_have_text("Progress across the setting")
    main = page.locator("main")
    expect(main).to_contain_text("Framework: Development Matters")
    page.get_by_label("Compare groups by").select_option(label="SEND")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(main).to_contain_text("SEN support or EHC plan")
    communication = page.locator("section", has=page.get_by_role(
        "heading", name="Communication and Language"))
    visible = communication.locator("table")
    expect(visible).to_contain_text("Gap: SEND (SEN support or EHC plan) against Not SEND")
    expect(visible).to_contain_text("(5 of 6)")
    expect(visible).to_contain_text("2 of 3")
    expect(visible).to_contain_text("(no percentage)")
    expect(visible).to_contain_text("up 33 points")
    chart = communication.get_by_role("img", name="Share of children on track in "
                                                   "Communication and Language", exact=False)
    expect(chart).to_be_visible()
    screenshot(page, f"progress-cohort-{name}")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename.startswith("progress-send-")
    with open(download.value.path(), "rb") as f:
        text = " ".join("\n".join(
            p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages).split())
    for expected in ("Progress across the setting", "Acorn Test Pre-school", "Grouping: SEND",
                     "50% (3 of 6)", "83% (5 of 6)", "1 of 3 (no percentage)",
                     "Gap: SEND (SEN support or EHC plan) against Not SEND"):
        assert expected in text, expected
    assert "67%" not in text  # the SEND group's share at term 2: too few children
