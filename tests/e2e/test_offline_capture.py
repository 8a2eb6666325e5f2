"""Offline capture on a staff tablet: the register's taps and a new observation with a photo
are kept on the device (encrypted in IndexedDB) while the Wi-Fi is down and sent once, each
with its idempotency key, when it returns; a conflict is shown and kept; signing out wipes
the device (docs/architecture.md, "Offline capture")."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from attendance import services as attendance_services
from attendance.models import AttendanceRecord
from learning_journal.eyfs import ensure_framework
from learning_journal.models import Media, Observation
from offline.models import DeviceKey
from tests.attendance.factories import all_day
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.e2e

SHOTS = "/tmp/shots-c"


def _shot(page, name):
    import pathlib

    pathlib.Path(SHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}.png", full_page=True)


def _jpeg() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 160, 90)).save(out, format="JPEG")
    return {"name": "IMG_3001.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def _row(page, child):
    return page.locator(f"#row-{child.uuid}")


def _stored(page) -> int:
    """How many items the page's IndexedDB holds (encrypted: only counted)."""
    return page.evaluate("""() => new Promise((resolve) => {
        const request = indexedDB.open("portal-offline", 1);
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains("queue")) { db.close(); resolve(0); return; }
          const count = db.transaction("queue").objectStore("queue").count();
          count.onsuccess = () => { db.close(); resolve(count.result); };
        };
      })""")


@pytest.fixture
def a_third_child(world):
    from tests.factories import ChildFactory

    return ChildFactory(setting=world.setting_a, room=world.room, first_name="Cleo",
                        last_name="Thirdchild")


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_taps_and_an_observation_made_offline_are_sent_once(page, live_server, world, sign_in,
                                                            a_third_child):
    ensure_framework()
    session = all_day(world)
    dana = type(a_third_child).objects.create(
        setting=world.setting_a, room=world.room, first_name="Dana", last_name="Fourthchild",
        date_of_birth=a_third_child.date_of_birth, start_date=a_third_child.start_date)
    staff = world.users["key_person"]
    sign_in(staff)
    context = page.context
    register = f"{live_server.url}{reverse('attendance-register', args=[world.room.uuid])}"
    page.goto(register)
    expect(page.locator("h1")).to_contain_text("Caterpillars")
    # The new-observation page is open in a second tab, as on a tablet left on it.
    journal = context.new_page()
    journal.goto(f"{live_server.url}{reverse('journal-observation-new')}")
    expect(journal.locator("h1")).to_contain_text("New observation")
    # Each page has its key (in memory) before the Wi-Fi drops.
    for tab in (page, journal):
        expect(tab.locator("#offline-capture")).to_have_attribute("data-ready", "true")
    assert DeviceKey.objects.filter(user=staff).count() == 1

    context.set_offline(True)
    expect(page.locator("#offline-status")).to_contain_text("Offline")
    _row(page, world.child).get_by_role(
        "button", name="Sign in Ava Parentchild with Pat Parent").click()
    expect(_row(page, world.child)).to_contain_text("Waiting to send")
    _row(page, world.other_child).get_by_role(
        "button", name="Sign in Otto Otherchild with Olly Otherparent").click()
    cleo = _row(page, a_third_child)
    cleo.get_by_text("Dropped off by someone else").click()
    cleo.get_by_placeholder("Their name").fill("Gran Thirdchild")
    cleo.get_by_role("button", name="Sign in Cleo Thirdchild").click()
    expect(page.locator("#offline-status")).to_have_text("Offline: 3 to send")
    expect(_row(page, a_third_child)).to_contain_text("dropped off by Gran Thirdchild")
    assert _stored(page) == 3
    assert not AttendanceRecord.objects.exists()
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        _shot(page, "offline-register-banner")
    assert_accessible(page)

    # The observation, with a photo, offline on the other tab.
    journal.get_by_label("Ava Parentchild").check()
    journal.get_by_label("What happened").fill("OFFLINE-OBS: Ava poured water into cups.")
    journal.get_by_label("Photos and videos").set_input_files([_jpeg()])
    journal.get_by_role("button", name="Save as draft").click()
    expect(journal.locator("#offline-kept")).to_contain_text("kept on this device")
    expect(journal.locator("#offline-status")).to_have_text("Offline: 1 to send")
    assert _stored(page) == 4
    assert not Observation.objects.exists()

    # Back online: each page sends what it kept, in order, once.
    context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden(timeout=20_000)
    expect(journal.locator("#offline-status")).to_be_hidden(timeout=20_000)
    assert _stored(page) == 0
    for child, adult in ((world.child, "Pat Parent"), (world.other_child, "Olly Otherparent"),
                         (a_third_child, "Gran Thirdchild")):
        records = AttendanceRecord.objects.filter(child=child)
        assert records.count() == 1
        assert records.get().dropped_off_by == adult
        assert records.get().signed_in_by == staff
    observation = Observation.objects.get()
    assert "OFFLINE-OBS" in observation.text
    assert Media.objects.filter(observation=observation).count() == 1
    # The register's rows came up to date without a reload.
    expect(_row(page, world.child)).to_contain_text("dropped off by Pat Parent")
    expect(_row(page, world.child)).not_to_contain_text("Waiting to send")

    # A conflict: while the tablet is offline, someone else signs Dana in at the door.
    context.set_offline(True)
    _row(page, dana).get_by_text("Dropped off by someone else").click()
    _row(page, dana).get_by_placeholder("Their name").fill("Dad Fourthchild")
    _row(page, dana).get_by_role("button", name="Sign in Dana Fourthchild").click()
    expect(page.locator("#offline-status")).to_have_text("Offline: 1 to send")
    attendance_services.sign_in(world.users["manager"], dana, session=session,
                                dropped_off_by="Mum Fourthchild")
    context.set_offline(False)
    conflict = page.locator("#offline-items li").filter(has_text="Dana")
    expect(conflict).to_contain_text("Not saved")
    expect(conflict).to_contain_text("already signed in")
    expect(page.locator("#offline-status")).to_contain_text("1 not saved")
    assert AttendanceRecord.objects.filter(child=dana).count() == 1
    assert _stored(page) == 1  # kept until dismissed
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        _shot(page, "offline-register-conflict")
    assert_accessible(page)

    # Signing out warns that one item is still kept, then wipes the device and its key.
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    journal.close()
    page.goto(register)
    expect(page.locator("#offline-items")).to_contain_text("Dana")
    page.locator("#nav-main li.dropdown button.dropdown-toggle").last.click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert questions == ["1 not sent yet: signing out deletes them. Sign out anyway?"]
    names = page.evaluate("async () => (await indexedDB.databases()).map(d => d.name)")
    assert "portal-offline" not in names
    assert not DeviceKey.objects.filter(user=staff).exists()


@pytest.mark.parametrize("viewport", [DESKTOP], ids=["desktop"])
def test_families_never_load_the_offline_capture(page, live_server, world, sign_in):
    sign_in(world.users["parent"])
    page.goto(f"{live_server.url}{reverse('journal-child', args=[world.child.uuid])}")
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("script[src*='offline/offline.js']").count() == 0
    response = page.request.post(f"{live_server.url}{reverse('offline-key')}",
                                 headers={"X-CSRFToken": page.evaluate(
                                     "() => (document.cookie.match(/csrftoken=([^;]+)/) "
                                     "|| [])[1] || ''")})
    assert response.status == 404


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_sign_out_to_a_named_adult_waits_offline_and_a_restricted_one_is_refused_at_once(
        page, live_server, world, sign_in):
    from families.models import ChildAdult
    from tests.attendance.factories import RecordFactory

    record = RecordFactory(child=world.child, session=all_day(world))
    ChildAdult.objects.filter(user=world.users["parent"]).update(may_collect=True)
    sign_in(world.users["key_person"])
    page.goto(f"{live_server.url}{reverse('attendance-register', args=[world.room.uuid])}")
    expect(page.locator("#offline-capture")).to_have_attribute("data-ready", "true")
    # The sign-out panel comes from the server: opened while online.
    _row(page, world.child).get_by_role("link", name="Sign out Ava Parentchild").click()
    panel = page.locator(f"#panel-{world.child.uuid}")
    expect(panel).to_contain_text("Must not collect")

    page.context.set_offline(True)
    panel.get_by_role("button", name="Rex Restricted is here to collect").click()
    expect(_row(page, world.child)).to_contain_text(
        "Do not release Ava: keep the child inside and call the manager.")
    assert _stored(page) == 0
    panel.get_by_role("button", name="Pat Parent").click()
    expect(page.locator("#offline-status")).to_have_text("Offline: 1 to send")
    expect(_row(page, world.child)).to_contain_text("collected by Pat Parent")
    record.refresh_from_db()
    assert record.signed_out_at is None

    page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_be_hidden(timeout=20_000)
    expect(_row(page, world.child)).to_contain_text("Gone home")
    record.refresh_from_db()
    assert record.collected_by == "Pat Parent"
    assert record.signed_out_by == world.users["key_person"]
    assert AttendanceRecord.objects.filter(child=world.child).count() == 1
