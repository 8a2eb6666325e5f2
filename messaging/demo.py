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
from messaging.models import Conversation, Message
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
