from io import StringIO

from django.core.management import call_command

from messaging.models import Conversation, Message, ReadMarker
from preschool.models import Membership


def test_the_demo_has_conversations_to_look_at(db, settings, media_root):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # loaded once
    amelia = Conversation.objects.get(child__first_name="Amelia")
    leo = Conversation.objects.get(child__first_name="Leon")
    assert Conversation.objects.count() == 2
    assert amelia.messages.count() == 2 and leo.messages.get().is_photo
    last = amelia.messages.order_by("created_at").last()
    readers = set(ReadMarker.objects.filter(conversation=amelia,
                                            last_read_at__gte=last.created_at)
                  .values_list("user__email", flat=True))
    assert readers == {"sophie.thompson@family.example", "grace.okafor@acorns.example"}
    assert Membership.objects.get(user__email="grace.okafor@acorns.example").is_safeguarding_lead
    assert Message.objects.count() == 3
