"""On a phone: a manager posts news that families must confirm, a parent confirms it, and the
manager sees who has read it and reminds the others; a parent answers an event and makes the
private address her phone's calendar subscribes to."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Rsvp
from news.models import Acknowledgement, Post
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible, screenshot, sign_out

pytestmark = pytest.mark.e2e


def _open_nav(page, name):
    nav = page.locator("#nav-main")
    if not nav.is_visible():
        page.locator("button.navbar-toggler").click()
        expect(nav).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    nav.get_by_role("link", name=name, exact=True).click()


def _shots(page, name):
    """The page at 390 px (as the journey runs) and on a desktop, each checked by axe."""
    screenshot(page, f"{name}-phone")
    assert_accessible(page)
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")
    assert_accessible(page)
    page.set_viewport_size(PHONE)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_manager_posts_news_to_confirm_and_sees_who_read_it(page, live_server, world,
                                                              sign_in):
    sign_in(world.users["manager"])
    # A manager's way in is the home page (their navigation is full at 1366 px).
    page.get_by_role("link", name="Write a post").click()
    page.get_by_label("Title").fill("Nursery closed on Monday")
    # Nothing written: a clear message, nothing saved.
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).to_contain_text("This field is required")
    assert not Post.objects.exists()
    page.get_by_label("Title").fill("Nursery closed on Monday")
    page.get_by_label("What you want to tell families").fill(
        "The boiler is being replaced. We open again on Tuesday at 8.")
    page.get_by_label("Everyone in the setting").check()
    page.get_by_label("Ask families to confirm they have read it").check()
    _shots(page, "news-new")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("Published")
    expect(page.locator("main")).to_contain_text("2 people in the families it is for: 0 have "
                                                 "read it, 0 confirmed")
    post = Post.objects.get()
    sign_out(page)

    sign_in(world.users["parent"])
    expect(page.locator("main")).to_contain_text("Please confirm you have read")
    page.get_by_role("link", name="Nursery closed on Monday").first.click()
    expect(page.locator("h1")).to_contain_text("Nursery closed on Monday")
    _shots(page, "news-family-detail")
    page.get_by_role("button", name="I have read this").click()
    expect(page.locator(".messages")).to_contain_text("the setting can see you have read it")
    assert Acknowledgement.objects.get(post=post).user == world.users["parent"]
    sign_out(page)

    sign_in(world.users["manager"])
    page.get_by_role("link", name="All news").click()
    expect(page.locator("h1")).to_have_text("News and announcements")
    expect(page.locator("main")).to_contain_text("read by 1 · 1 confirmed")
    _shots(page, "news-staff-list")
    page.get_by_role("link", name="Nursery closed on Monday").click()
    table = page.locator("table")
    expect(table.locator("tr", has_text="Pat Parent")).to_contain_text("Confirmed")
    expect(table.locator("tr", has_text="Olly Otherparent")).to_contain_text("Not yet")
    _shots(page, "news-staff-detail")
    page.get_by_role("button", name="Remind those who have not confirmed").click()
    expect(page.locator(".messages")).to_contain_text("Reminded 1 person")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_parent_answers_an_event_and_subscribes_to_the_calendar(page, live_server, world,
                                                                  sign_in):
    day = timezone.localdate() + timedelta(days=12)
    sign_in(world.users["manager"])
    page.get_by_role("link", name="Add an event").click()
    page.get_by_label("What kind of event").select_option(label="Sports day")
    page.get_by_label("Title").fill("Sports day")
    page.get_by_label("Where").fill("The school field")
    page.get_by_label("Starts").fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_label("Ends").fill(f"{day:%Y-%m-%d}T09:00")
    page.get_by_label("Ask families who is coming").check()
    page.get_by_label("Answer by").fill(f"{day - timedelta(days=5):%Y-%m-%d}")
    page.get_by_label("Places (adults and children together)").fill("30")
    page.get_by_role("button", name="Add the event").click()
    # It ends before it starts: a clear message, nothing saved.
    expect(page.locator("main")).to_contain_text("The event must end after it starts.")
    assert not Event.objects.exists()
    page.get_by_label("Ends").fill(f"{day:%Y-%m-%d}T12:00")
    _shots(page, "events-new")
    page.get_by_role("button", name="Add the event").click()
    expect(page.locator(".messages")).to_contain_text("families have been told")
    sign_out(page)

    sign_in(world.users["parent"])
    expect(page.locator("main")).to_contain_text("Coming up")
    _open_nav(page, "News")
    page.get_by_role("link", name="Events", exact=True).click()
    expect(page.locator("main")).to_contain_text("Please answer")
    _shots(page, "events-family-list")
    page.get_by_role("link", name="Sports day").click()
    page.get_by_label("Yes").check()
    page.get_by_label("Adults coming").fill("2")
    page.get_by_label("Children coming").fill("1")
    _shots(page, "events-family-detail")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator(".messages")).to_contain_text("your places are booked")
    expect(page.locator("main")).to_contain_text("3 of 30 taken")
    rsvp = Rsvp.objects.get()
    assert (rsvp.status, rsvp.adults, rsvp.children) == (Rsvp.Status.GOING, 2, 1)

    page.get_by_role("link", name="All events").click()
    page.get_by_role("link", name="Calendar", exact=True).click()
    page.get_by_role("button", name="Make my calendar address").click()
    address = page.get_by_label("Or copy the address into your calendar app").input_value()
    assert address.startswith(live_server.url + "/events/calendar/")
    expect(page.get_by_role("link", name="Subscribe on this phone")).to_have_attribute(
        "href", re.compile(r"^webcal://"))
    _shots(page, "events-feed")
    # The phone's calendar reads it without signing in.
    feed = page.context.request.get(address)
    assert feed.status == 200 and "Sports day" in feed.text() and "Ava" not in feed.text()
    page.get_by_role("button", name="Stop my calendar address working").click()
    expect(page.locator(".messages")).to_contain_text("no longer works")
    assert page.context.request.get(address).status == 404
    sign_out(page)

    sign_in(world.users["manager"])
    page.get_by_role("link", name="All events").click()
    expect(page.locator("main")).to_contain_text("coming: 2 adults, 1 children of 30 places")
    page.get_by_role("link", name="Sports day").click()
    expect(page.locator("table")).to_contain_text("Pat Parent")
    _shots(page, "events-staff-detail")


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_a_post_with_a_photo_names_the_children_in_it(page, live_server, world, sign_in):
    """A photo with no child named would reach every family: the manager is asked to name
    the children in it, names Ava, and Olly (whose child is not in it, and Ava has no photo
    consent for other families) does not see it."""
    from tests.learning_journal.factories import image_bytes

    sign_in(world.users["manager"])
    page.get_by_role("link", name="Write a post").click()
    page.get_by_label("Title").fill("Planting beans")
    page.get_by_label("What you want to tell families").fill("We planted beans today.")
    page.get_by_label("Everyone in the setting").check()
    page.get_by_label("Photos (optional)").set_input_files(
        files=[{"name": "beans.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}])
    page.get_by_label("Describe the photos").fill("Hands pressing beans into soil")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("main")).to_contain_text("Name the children in the photos, or confirm "
                                                 "that no child can be recognised in them.")
    assert not Post.objects.exists()
    _shots(page, "news-new-name-the-children")
    page.get_by_label("Photos (optional)").set_input_files(
        files=[{"name": "beans.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()}])
    page.locator("#id_children_shown_0").check()  # Ava (the list is by first name)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("Published")
    photo = Post.objects.get().photos.get()
    assert list(photo.children_shown.all()) == [world.child]
    sign_out(page)

    sign_in(world.users["other_parent"])
    page.goto(live_server.url + f"/news/{Post.objects.get().uuid}/")
    expect(page.locator("h1")).to_contain_text("Planting beans")
    expect(page.locator("img.post-photo")).to_have_count(0)
