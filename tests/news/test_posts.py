"""News posts: who is told and who sees them, urgent notices, scheduled publishing, reads,
acknowledgements and the chase, photos by the journal's rule, and a post to 500 families in
one request with a bounded number of queries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consents.models import ConsentKind
from news import services
from news.models import Acknowledgement, Post, PostRead
from notifications.models import Category, Notification
from preschool.models import AuditEvent, Reminder, Role
from preschool.services import ServiceError
from tests.factories import (
    ChildAdultFactory,
    ChildFactory,
    MembershipFactory,
    RoomFactory,
    UserFactory,
)
from tests.learning_journal.factories import photo, photo_consents
from tests.news.factories import add_families, post


@pytest.fixture
def restricted(world):
    """Ray, Ava's father: a member of Acorn, linked to Ava with the right to information but
    under a court restriction recorded on the link."""
    ray = UserFactory(full_name="Ray Restricted", email="ray@example.org")
    MembershipFactory(user=ray, setting=world.setting_a, role=Role.PARENT)
    ChildAdultFactory(child=world.child, user=ray, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    return ray


def _told(category=Category.POST):
    return {n.recipient for n in Notification.objects.filter(category=category)}


def _news_emails():
    """The emails news queued itself: none for a post (the centre delivers it)."""
    return Reminder.objects.filter(kind__startswith="news-").exclude(
        kind=services.CHASE_EMAIL)


def test_it_tells_every_family_that_may_hear_and_no_one_else(world, restricted, sent):
    with sent():
        post(world, audience=Post.Audience.SETTING, needs_acknowledgement=False)
    families = {world.users["parent"], world.users["other_parent"]}
    # Casey (no right to information), Ray (restricted) and Riverside hear nothing.
    assert _told() == families
    # The post sends no email of its own: the centre emails it as each person chose.
    assert not _news_emails().exists() and not mail.outbox


def test_a_room_post_reaches_only_that_rooms_families(world):
    other_room = RoomFactory(setting=world.setting_a, name="Butterflies")
    world.other_child.room = other_room
    world.other_child.save()
    made = post(world, audience=Post.Audience.ROOM, room=world.room)
    assert _told() == {world.users["parent"]}
    assert world.client_for("other_parent").get(
        reverse("news-detail", args=[made.uuid])).status_code == 404
    page = world.client_for("parent").get(reverse("news-list"))
    assert "Cake sale" in page.text
    assert "Cake sale" not in world.client_for("other_parent").get(reverse("news-list")).text


def test_the_restricted_adult_and_the_carer_never_see_the_post(world, restricted, client):
    made = post(world, audience=Post.Audience.SETTING)
    for user in (restricted, world.users["carer_no_info"]):
        client.force_login(user)
        assert client.get(reverse("news-detail", args=[made.uuid])).status_code == 404
        assert "Cake sale" not in client.get(reverse("news-list")).text
        assert client.post(reverse("news-acknowledge", args=[made.uuid])).status_code == 404
    assert not Acknowledgement.objects.exists()


def test_only_a_manager_posts_an_urgent_notice_and_every_one_is_logged(world):
    with pytest.raises(ServiceError):
        services.create_post(world.users["practitioner"], world.setting_a, title="Closed",
                             body="Burst pipe.", audience=Post.Audience.SETTING, urgent=True)
    # The form has no such box for a practitioner: the field is ignored, the post is not urgent.
    client = world.client_for("practitioner")
    assert "Urgent notice" not in client.get(reverse("news-new")).text
    client.post(reverse("news-new"), {"title": "Closed", "body": "Burst pipe.",
                                      "audience": "setting", "urgent": "on"})
    assert not Post.objects.get().urgent
    urgent = services.create_post(world.users["manager"], world.setting_a,
                                  title="Closed today", body="Burst pipe: we are closed.",
                                  audience=Post.Audience.SETTING, urgent=True,
                                  publish_at=timezone.now() + timedelta(days=1))
    assert urgent.is_published  # never held back
    told = Notification.objects.filter(category=Category.EMERGENCY)
    assert {n.recipient for n in told} == {world.users["parent"], world.users["other_parent"]}
    assert all(n.urgent for n in told)
    assert AuditEvent.objects.filter(action="post.urgent", object_id=str(urgent.uuid)).exists()


def test_a_scheduled_post_is_published_by_the_scan_once(world):
    made = post(world, audience=Post.Audience.SETTING,
                publish_at=timezone.now() + timedelta(hours=2))
    assert made.is_scheduled and not Notification.objects.exists()
    assert world.client_for("parent").get(
        reverse("news-detail", args=[made.uuid])).status_code == 404
    assert services.publish_due(timezone.now()) == 0
    later = timezone.now() + timedelta(hours=3)
    assert services.publish_due(later) == 1
    assert services.publish_due(later) == 0
    assert Notification.objects.count() == 2
    assert not _news_emails().exists()
    assert world.client_for("parent").get(
        reverse("news-detail", args=[made.uuid])).status_code == 200


def test_staff_see_who_read_and_confirmed_and_chase_the_others(world, sent):
    made = post(world, audience=Post.Audience.SETTING)
    parent, other = world.client_for("parent"), world.users["other_parent"]
    parent.get(reverse("news-detail", args=[made.uuid]))
    parent.post(reverse("news-acknowledge", args=[made.uuid]))
    assert PostRead.objects.filter(post=made).count() == 1
    assert Acknowledgement.objects.get(post=made).user == world.users["parent"]
    manager = world.client_for("manager")
    page = manager.get(reverse("news-detail", args=[made.uuid])).text
    assert "2 people in the families it is for: 1 has read it, 1 confirmed" in page
    with sent():
        manager.post(reverse("news-chase", args=[made.uuid]))
    chased = Reminder.objects.filter(kind=services.CHASE_EMAIL)
    assert {r.recipient for r in chased} == {other}
    assert [m.to for m in mail.outbox if "Please confirm" in m.subject] == [[other.email]]
    # The chase is its own email: the centre sends none of it again.
    reminded = Notification.objects.get(title__startswith="Please confirm")
    assert reminded.recipient == other and reminded.emailed_by_app
    assert not Reminder.objects.filter(kind__startswith="notification-",
                                       recipient=other).exists()
    # Staff reads are not recorded as a family's: the manager's visit changed nothing.
    assert PostRead.objects.filter(post=made).count() == 1


def test_a_family_sees_a_photo_only_if_every_child_in_it_allows_it(world):
    made = services.create_post(
        world.users["manager"], world.setting_a, title="Planting", body="Beans!",
        audience=Post.Audience.SETTING, photos=[_processed()], photo_description="Planting beans",
        children_shown=[world.child, world.other_child])
    item = made.photos.get()
    url = reverse("news-photo", args=[item.uuid])
    parent = world.client_for("parent")
    assert parent.get(url).status_code == 404
    assert url not in parent.get(reverse("news-detail", args=[made.uuid])).text
    photo_consents(world, world.child)
    photo_consents(world, world.other_child, others=False)
    assert parent.get(url).status_code == 404  # Otto may not be shown to other families
    photo_consents(world, world.other_child)
    assert parent.get(url).status_code == 200
    assert world.client_for("manager").get(url).status_code == 200
    world.other_child.is_looked_after = True
    world.other_child.save()
    assert parent.get(url).status_code == 404


def _processed():
    from learning_journal.media import process_photo

    return process_photo(photo())


def test_html_is_refused_and_nothing_is_saved(world):
    response = world.client_for("manager").post(reverse("news-new"), {
        "title": "<script>alert(1)</script>", "body": "Hello", "audience": "setting"})
    assert response.status_code == 200
    assert "plain text" in response.text
    assert not Post.objects.exists() and not Notification.objects.exists()


def test_bad_input_gets_a_clear_message(world):
    client = world.client_for("manager")
    response = client.post(reverse("news-new"), {"title": "Hi", "body": "Hello",
                                                 "audience": "room"})
    assert "Choose the room the post is for." in response.text
    response = client.post(reverse("news-new"), {"title": "Hi", "body": "Hello",
                                                 "audience": "families"})
    assert "Choose the children whose families the post is for." in response.text
    assert not Post.objects.exists()


def test_a_withdrawn_post_is_kept_and_no_family_sees_it(world, sent):
    made = post(world, audience=Post.Audience.SETTING)
    manager = world.client_for("manager")
    manager.post(reverse("news-withdraw", args=[made.uuid]), {"reason": ""})
    assert not Post.objects.get().is_withdrawn
    with sent():
        manager.post(reverse("news-withdraw", args=[made.uuid]), {"reason": "Wrong date"})
    made.refresh_from_db()
    assert made.is_withdrawn and made.withdrawn_reason == "Wrong date"
    assert world.client_for("parent").get(
        reverse("news-detail", args=[made.uuid])).status_code == 404
    # Its emails: tests/news/test_delivery.py.


def _post_to_everyone(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(reverse("news-new"), {
            "title": "Sports day", "body": "On the field at 10.", "audience": "setting"})
    assert response.status_code == 302
    return len(ctx.captured_queries)


def test_a_post_to_500_families_is_queued_in_one_request_with_the_same_queries_as_to_5(world):
    client = world.client_for("manager")
    add_families(world.setting_a, 3, room=world.room)
    few = _post_to_everyone(client)
    assert Notification.objects.count() == 5
    add_families(world.setting_a, 495, room=world.room)
    many = _post_to_everyone(client)
    assert Notification.objects.count() == 5 + 500
    assert not _news_emails().exists()  # the centre's task delivers them after commit
    assert few == many, f"{few} queries for 5 families, {many} for 500"
    assert many <= 25


def test_another_settings_manager_cannot_reach_the_post(world):
    made = post(world)
    client = world.client_for("other_setting")
    for name in ("news-detail", "news-chase", "news-withdraw"):
        method = client.get if name == "news-detail" else client.post
        assert method(reverse(name, args=[made.uuid])).status_code == 404
    ChildFactory(setting=world.setting_b)
    assert "Cake sale" not in client.get(reverse("news-list")).text


def test_consent_kinds_the_rule_reads_exist():
    assert ConsentKind.PHOTOS_JOURNAL and ConsentKind.PHOTOS_OTHER_FAMILIES


def test_photos_are_uploaded_re_encoded_and_a_bad_file_saves_nothing(world):
    from PIL import Image

    from tests.learning_journal.factories import image_bytes, upload

    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # the camera's make: removed by the re-encoding
    client = world.client_for("manager")
    data = {"title": "Planting", "body": "Beans!", "audience": "setting",
            "photo_description": "Planting beans", "no_child_in_photos": "on"}
    bad = upload(b"not a picture", name="notes.jpg")
    response = client.post(reverse("news-new"), {**data, "photos": [photo(), bad]})
    assert "notes.jpg:" in response.text
    assert not Post.objects.exists()
    good = [upload(image_bytes(exif=exif.tobytes()), name="IMG_1.jpg"), photo()]
    response = client.post(reverse("news-new"), {**data, "photos": good})
    assert response.status_code == 302
    photos = list(Post.objects.get().photos.all())
    assert len(photos) == 2
    with photos[0].file.open("rb") as f:
        assert b"Phone maker" not in f.read()
        f.seek(0)
        assert not Image.open(f).getexif()
    assert "IMG_1" not in photos[0].file.name


def test_a_withdrawn_post_leaves_the_families_bell_and_list(world):
    """A post sent to the wrong families and withdrawn: its title does not stay in their
    notification centre. The post and who read it stay on record."""
    made = post(world, title="Olly's birthday party", needs_acknowledgement=False)
    parent = world.client_for("parent")
    parent.get(reverse("news-detail", args=[made.uuid]))
    assert "Olly&#x27;s birthday party" in parent.get(reverse("notifications-list")).text
    world.client_for("manager").post(reverse("news-withdraw", args=[made.uuid]),
                                     {"reason": "Sent to the wrong family"})
    listed = parent.get(reverse("notifications-list")).text
    assert "birthday party" not in listed
    assert not Notification.objects.filter(url=reverse("news-detail", args=[made.uuid]))
    made.refresh_from_db()
    assert made.is_withdrawn and PostRead.objects.filter(post=made).count() == 1
    assert AuditEvent.objects.filter(action="post.withdrawn").count() == 1


def test_photos_with_no_child_named_need_the_author_to_say_no_child_is_in_them(world):
    """The list of children in the photos is easy to leave empty: photos with no child named
    would be shown to every family the post is for, so the author must name the children or
    confirm that no child can be recognised."""
    client = world.client_for("manager")
    data = {"title": "Planting", "body": "Beans!", "audience": "setting",
            "photo_description": "Planting beans"}
    response = client.post(reverse("news-new"), {**data, "photos": [photo()]})
    assert response.status_code == 200
    assert services.NAME_THE_CHILDREN in response.text
    assert not Post.objects.exists() and not Notification.objects.exists()
    with pytest.raises(ServiceError, match="Name the children in the photos"):
        services.create_post(world.users["manager"], world.setting_a, title="Planting",
                             body="Beans!", audience=Post.Audience.SETTING,
                             photos=[_processed()], photo_description="Planting beans")
    response = client.post(reverse("news-new"), {
        **data, "photos": [photo()], "children_shown": [str(world.child.uuid)]})
    assert response.status_code == 302
    named = Post.objects.get().photos.get()
    assert list(named.children_shown.all()) == [world.child]
    response = client.post(reverse("news-new"), {
        **data, "title": "The garden", "photos": [photo()], "no_child_in_photos": "on"})
    assert response.status_code == 302
    assert Post.objects.get(title="The garden").photos.get().children_shown.count() == 0
