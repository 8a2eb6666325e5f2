"""Demo messages for `manage.py seed_demo`: Amelia's mother and her key person talking (read
by both), and Leo's mother sending his key person a photo from home (not read yet). Grace
Okafor is the designated safeguarding lead. Loaded once."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from families.models import Child
from messaging import services
from messaging.models import Conversation, Message, ReadMarker
from preschool.models import Membership, User

SAFEGUARDING_LEAD = "grace.okafor@acorns.example"


def _photo() -> SimpleUploadedFile:
    """A drawing of a sandcastle under the sun, as a phone would send it."""
    image = Image.new("RGB", (800, 600), (135, 200, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 420, 800, 600), fill=(238, 214, 160))
    draw.polygon([(300, 430), (500, 430), (470, 300), (330, 300)], fill=(205, 170, 110))
    draw.rectangle((370, 240, 430, 300), fill=(205, 170, 110))
    draw.ellipse((640, 40, 740, 140), fill=(255, 220, 80))
    out = BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("IMG_2041.jpg", out.getvalue(), content_type="image/jpeg")


def _backdate(message: Message, moment) -> None:
    """The demo's messages were written earlier in the day (before the database's rule that a
    message never changes is set: only on PostgreSQL; the demo runs on SQLite)."""
    Message.objects.filter(pk=message.pk).update(created_at=moment)
    Conversation.objects.filter(pk=message.conversation_id).update(last_message_at=moment)


def load_demo(setting) -> None:
    Membership.objects.active().filter(setting=setting, user__email=SAFEGUARDING_LEAD).update(
        is_safeguarding_lead=True)
    if Conversation.objects.filter(setting=setting).exists():
        return
    children = {c.first_name: c for c in Child.objects.filter(setting=setting)}
    sophie = User.objects.get(email="sophie.thompson@family.example")
    grace = User.objects.get(email=SAFEGUARDING_LEAD)
    kasia = User.objects.get(email="kasia.nowak@family.example")
    now = timezone.now()

    first = services.start(sophie, setting, audience=Conversation.Audience.KEY_PERSON,
                           child=children["Amelia"],
                           text="Hi Grace, Amelia was up in the night with a cough. She's "
                                "fine this morning but may be tired after lunch.")
    answer = services.send(grace, first.conversation,
                           text="Thank you for letting us know, Sophie. We'll make sure she "
                                "has a quiet rest after lunch and tell you how she got on.")
    if _is_sqlite():
        _backdate(first, now - timedelta(hours=2, minutes=5))
        _backdate(answer, now - timedelta(hours=1, minutes=50))
    services.mark_read(sophie, first.conversation)

    services.start(kasia, setting, audience=Conversation.Audience.KEY_PERSON,
                   child=children["Leon"], upload=_photo(),
                   text="Leo built this at the beach at the weekend. He wants to tell "
                        "everyone about it!")


def _is_sqlite() -> bool:
    from django.db import connection

    return connection.vendor == "sqlite"


def bulk_conversations(setting, room, key_person, parent, n: int) -> None:
    """For the tests and the benchmark: ``n`` children of ``room``, each with ``key_person``
    (a membership) as key person, ``parent`` (a user) linked to them, and a conversation of
    two messages (the parent's, then the key person's reply, which the parent has not read):
    in a few bulk queries."""
    from families.models import ChildAdult
    from keyperson.models import Assignment

    now = timezone.now()
    start = len(Child.objects.filter(setting=setting))
    children = Child.objects.bulk_create(
        Child(setting=setting, room=room, first_name=f"Child{start + i}", last_name="Bulk",
              date_of_birth=now.date().replace(year=now.year - 3, day=1)) for i in range(n))
    ChildAdult.objects.bulk_create(
        ChildAdult(child=c, user=parent, name=parent.full_name, relationship="Mother",
                   has_parental_responsibility=True, may_receive_information=True)
        for c in children)
    Assignment.objects.bulk_create(
        Assignment(setting=setting, child=c, staff=key_person, kind=Assignment.Kind.KEY,
                   assigned_by=parent) for c in children)
    conversations = Conversation.objects.bulk_create(
        Conversation(setting=setting, child=c, audience=Conversation.Audience.KEY_PERSON,
                     started_by=parent, created_at=now - timedelta(minutes=i),
                     last_message_at=now - timedelta(minutes=i))
        for i, c in enumerate(children))
    messages = Message.objects.bulk_create(
        Message(conversation=conv, sender=sender, from_staff=staff, text=text,
                created_at=conv.last_message_at - timedelta(seconds=seconds))
        for conv in conversations
        for sender, staff, text, seconds in [(parent, False, "Is the trip still on?", 60),
                                             (key_person.user, True, "Yes it is.", 0)])
    for conv, last in zip(conversations, messages[1::2], strict=True):
        conv.last_message = last
    Conversation.objects.bulk_update(conversations, ["last_message"])
    ReadMarker.objects.bulk_create(
        ReadMarker(conversation=conv, user=parent, last_read_at=conv.created_at
                   - timedelta(hours=1)) for conv in conversations[::2])
