"""A family writes to the setting, staff reply, and only those who may hear of the child ever
read or are told of it."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from messaging.models import Conversation, Message
from notifications.models import Category, Notification
from preschool.models import Role
from tests.factories import ChildAdultFactory, MembershipFactory, UserFactory
from tests.messaging.factories import message, reply

Audience = Conversation.Audience


def _write(client, world, text="Ava has a cough today.", **extra):
    return client.post(reverse("messaging-new"), {
        "child": str(world.child.uuid), "audience": Audience.KEY_PERSON, "text": text, **extra})


def _told(persona_or_user, world, category=Category.MESSAGE):
    user = world.users.get(persona_or_user, persona_or_user) if isinstance(
        persona_or_user, str) else persona_or_user
    return Notification.objects.filter(recipient=user, category=category).exists()


def test_it_lets_a_parent_write_to_the_key_person_who_is_told(world):
    response = _write(world.client_for("parent"), world)
    conversation = Conversation.objects.get(child=world.child)
    assert response.status_code == 302
    assert response["Location"] == f"{conversation.get_absolute_url()}#latest"
    assert conversation.audience == Audience.KEY_PERSON
    assert conversation.messages.get().text == "Ava has a cough today."
    assert _told("key_person", world)
    assert not _told("parent", world)  # never the sender
    assert not _told("practitioner", world)


def test_it_continues_the_same_conversation_when_the_family_writes_again(world):
    client = world.client_for("parent")
    _write(client, world)
    _write(client, world, text="And a runny nose.")
    assert Conversation.objects.filter(child=world.child).count() == 1
    assert Message.objects.filter(conversation__child=world.child).count() == 2


def test_it_shows_the_reply_to_the_family_and_tells_them(world):
    conversation = message(world).conversation
    reply(world, conversation, text="Thank you, we will keep an eye on her.")
    page = world.client_for("parent").get(conversation.get_absolute_url())
    assert page.status_code == 200
    assert "Thank you, we will keep an eye on her." in page.content.decode()
    assert "managers can read every conversation" in page.content.decode()
    assert _told("parent", world)


def test_it_never_lets_a_restricted_adult_read_write_or_hear(world):
    """A father under a court order, linked by mistake with the right to information: the
    rule of who_may_hear refuses him everywhere, as a carer without that right."""
    father = UserFactory(full_name="Rob Restricted")
    MembershipFactory(user=father, setting=world.setting_a, role=Role.PARENT)
    ChildAdultFactory(child=world.child, user=father, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    conversation = message(world).conversation
    reply(world, conversation)
    for person in (father, world.users["carer_no_info"]):
        client = world.client_for("parent")
        client.force_login(person)
        assert client.get(conversation.get_absolute_url()).status_code == 404
        assert world.child.full_name not in client.get(reverse("messaging-inbox")).content.decode()
        assert str(world.child.uuid) not in client.get(reverse("messaging-new")).content.decode()
        before = Message.objects.count()
        client.post(reverse("messaging-new"), {"child": str(world.child.uuid),
                                               "audience": Audience.MANAGER, "text": "Hello"})
        assert Message.objects.count() == before
        assert not Notification.objects.filter(recipient=person).exists()


def test_it_never_shows_a_conversation_to_another_setting_or_family(world):
    conversation = message(world).conversation
    reply(world, conversation)
    for persona in ("other_setting", "other_parent", "practitioner"):
        client = world.client_for(persona)
        assert client.get(conversation.get_absolute_url()).status_code == 404
        assert not _told(persona, world)


def test_it_keeps_a_letter_to_the_manager_from_the_key_person(world):
    conversation = message(world, audience=Audience.MANAGER,
                           text="About the key person.").conversation
    assert world.client_for("manager").get(conversation.get_absolute_url()).status_code == 200
    assert world.client_for("key_person").get(conversation.get_absolute_url()).status_code == 404
    assert _told("manager", world) and not _told("key_person", world)


def test_managers_read_every_conversation_of_their_setting(world):
    conversation = message(world).conversation
    page = world.client_for("manager").get(reverse("messaging-inbox"))
    assert conversation.get_absolute_url() in page.content.decode()


def test_it_refuses_html_and_changes_nothing(world):
    response = _write(world.client_for("parent"), world, text="<script>alert(1)</script>")
    assert response.status_code == 200
    assert "Please write plain text" in response.content.decode()
    assert not Message.objects.exists()


def test_it_refuses_an_empty_message(world):
    response = _write(world.client_for("parent"), world, text="   ")
    assert "Write a message, or add a photo or PDF." in response.content.decode()
    assert not Message.objects.exists()


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPSInfo
    exif[0x010F] = "PhoneMaker"
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_it_re_encodes_a_photo_without_its_location(world, media_root):
    raw = _photo_with_gps()
    assert Image.open(BytesIO(raw)).getexif()
    _write(world.client_for("parent"), world, text="",
           file=SimpleUploadedFile("IMG_0001.jpg", raw, content_type="image/jpeg"))
    sent = Message.objects.get()
    assert sent.file_type == "image/jpeg" and sent.file_name == "photo.jpg"
    with sent.file.open("rb") as stored:
        assert not Image.open(stored).getexif()
    served = world.client_for("key_person").get(reverse("messaging-file", args=[sent.uuid]))
    assert served.status_code == 200 and served["Cache-Control"] == "private, no-store"
    assert world.client_for("other_parent").get(
        reverse("messaging-file", args=[sent.uuid])).status_code == 404


def test_it_refuses_a_file_that_is_neither_photo_nor_pdf(world, media_root):
    response = _write(world.client_for("parent"), world, file=SimpleUploadedFile(
        "run.exe", b"MZ\x90\x00 not a picture", content_type="image/jpeg"))
    assert "Attach a PDF document or" in response.content.decode()
    assert not Message.objects.exists()


def test_it_shows_who_has_seen_the_last_message(world):
    conversation = message(world).conversation
    url = conversation.get_absolute_url()
    assert "Seen by" not in world.client_for("parent").get(url).content.decode()
    world.client_for("key_person").get(url)
    assert "Seen by Kim Keyperson" in world.client_for("parent").get(url).content.decode()


def test_the_navigation_counts_unread_conversations(world):
    message(world)
    unread = ('Messages</span> <span class="badge rounded-pill text-bg-light">1<span '
              'class="visually-hidden"> unread</span>')
    assert unread in world.client_for("key_person").get(reverse("home")).content.decode()
    world.client_for("key_person").get(Conversation.objects.get().get_absolute_url())
    page = world.client_for("key_person").get(reverse("home")).content.decode()
    assert unread not in page and 'Messages</span></a>' in page


def test_the_childs_page_links_to_its_conversations(world):
    conversation = message(world).conversation
    page = world.client_for("parent").get(reverse("child-detail", args=[world.child.uuid]))
    assert conversation.get_absolute_url() in page.content.decode()


@pytest.mark.parametrize("persona", ["key_person", "practitioner"])
def test_staff_talk_about_a_room_without_any_family(world, persona):
    client = world.client_for(persona)
    response = client.post(reverse("messaging-new"), {
        "about": f"room:{world.room.uuid}", "text": "Who has the key to the shed?"})
    conversation = Conversation.objects.get(room=world.room)
    assert response.status_code == 302
    assert conversation.audience == Audience.ROOM_STAFF
    assert world.client_for("parent").get(conversation.get_absolute_url()).status_code == 404
    assert not _told("parent", world)
    assert _told("manager", world)


def test_a_manager_is_counted_what_is_written_to_the_manager(world):
    message(world)  # to the key person: the manager may read it, but is not counted it
    home = world.client_for("manager").get(reverse("home")).content.decode()
    assert 'class="visually-hidden"> unread' not in home
    message(world, audience=Audience.MANAGER, text="Can we talk about fees?")
    home = world.client_for("manager").get(reverse("home")).content.decode()
    assert '1<span class="visually-hidden"> unread' in home


def test_the_rooms_staff_read_the_conversations_of_the_room(world):
    """Perry becomes key person of another child in Ava's room: he is one of the room's staff,
    and reads Ava's conversation with her key person (never the one with the manager)."""
    from keyperson.models import Assignment

    with_key_person = message(world).conversation
    with_manager = message(world, audience=Audience.MANAGER).conversation
    client = world.client_for("practitioner")
    assert client.get(with_key_person.get_absolute_url()).status_code == 404
    Assignment.objects.create(setting=world.setting_a, child=world.other_child,
                              staff=world.memberships["practitioner"], kind="key",
                              assigned_by=world.users["manager"])
    assert client.get(with_key_person.get_absolute_url()).status_code == 200
    assert client.get(with_manager.get_absolute_url()).status_code == 404


def test_many_messages_give_the_key_person_one_notification_until_they_read_them(world):
    """A family writing again and again does not flood the key person's bell, inbox or
    phone: one notification of the conversation until it is read, then one again."""
    client = world.client_for("parent")
    for i in range(5):
        assert _write(client, world, text=f"Message {i}").status_code == 302
    told = Notification.objects.filter(recipient=world.users["key_person"],
                                       category=Category.MESSAGE)
    assert told.count() == 1 and Message.objects.count() == 5
    conversation = Conversation.objects.get(child=world.child)
    world.client_for("key_person").get(conversation.get_absolute_url())
    assert not told.filter(read_at__isnull=True).exists()
    _write(client, world, text="One more thing.")
    assert told.count() == 2 and told.filter(read_at__isnull=True).count() == 1


def test_a_pdf_is_downloaded_as_a_pdf_whatever_its_name(world, media_root):
    """A PDF named like a web page is still downloaded as "….pdf", never saved (and later
    opened) as HTML."""
    _write(world.client_for("parent"), world, text="", file=SimpleUploadedFile(
        "letter.html", b"%PDF-1.4\n<script>alert(1)</script>\n", content_type="text/html"))
    sent = Message.objects.get()
    assert sent.file_type == "application/pdf" and sent.file_name == "letter.html.pdf"
    served = world.client_for("key_person").get(reverse("messaging-file", args=[sent.uuid]))
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == 'attachment; filename="letter.html.pdf"'
    assert served["X-Content-Type-Options"] == "nosniff"
