"""Events emails (see preschool/lib/reminders.py for how due emails work).

- ``events-answer-reminder``: 7 and 2 days before an event's date to answer by
  (``REMINDER_DAYS_BEFORE``), to each family member who may hear of a current child of the
  setting for whom nobody has answered yet. Only the latest day reached is sent, so an event
  added 3 days before its deadline does not send two at once; the key (event, day, person)
  makes a second scan create nothing new.

Rebuilt just before sending; not sent once answered, cancelled, closed, when the person no
longer hears of the child (families.access), or when they turned events off in their
notification preferences.

One email a thing that happens, a person: a new event, a cancellation and a place given are
notifications the centre delivers as each person chose (events.services); the reminder to
answer is this email only (no notification), so nothing is emailed twice.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Rsvp
from families.access import children_heard_by, families_who_may_hear
from families.models import Child
from notifications.models import Category, Channel
from notifications.preferences import channels_for
from preschool.lib.reminders import Due, ReminderKind, register
from preschool.models import User

REMINDER_DAYS_BEFORE = (7, 2)
REMINDER_HOUR = 9
ANSWER_REMINDER = "events-answer-reminder"


def _unanswered_children(event):
    return (Child.objects.filter(setting_id=event.setting_id).current()
            .exclude(pk__in=Rsvp.objects.filter(event=event).values("child_id")))


def _scan(now):
    today = timezone.localdate(now)
    events = (Event.objects.filter(asks_for_answers=True, cancelled_at__isnull=True,
                                   rsvp_by__gte=today,
                                   rsvp_by__lte=today + timedelta(days=max(REMINDER_DAYS_BEFORE)))
              .select_related("setting"))
    for event in events:
        reached = [d for d in REMINDER_DAYS_BEFORE if event.rsvp_by - timedelta(days=d) <= today]
        if not reached or not event.answers_open(today):
            continue
        day = min(reached)
        due_at = timezone.make_aware(datetime.combine(event.rsvp_by - timedelta(days=day),
                                                      time(REMINDER_HOUR)))
        for pk, email in (families_who_may_hear(event.setting_id, _unanswered_children(event))
                          .values_list("pk", "email")):
            yield Due(object_key=f"{event.uuid}:{day}", recipient_email=email,
                      recipient=User(pk=pk), due_at=due_at, setting=event.setting)


def _context(reminder):
    event = (Event.objects.select_related("setting")
             .filter(uuid=reminder.object_key.split(":")[0]).first())
    if event is None or not event.answers_open() or reminder.recipient is None:
        return None
    user_id = reminder.recipient_id
    if channels_for(event.setting, Category.EVENT, [user_id])[user_id] == Channel.OFF:
        return None
    children = list(children_heard_by(reminder.recipient, event.setting)
                    .filter(pk__in=_unanswered_children(event).values("pk")))
    if not children:
        return None
    return {"event": event, "setting": event.setting, "children": children,
            "recipient": reminder.recipient,
            "url": settings.SITE_URL + reverse("events-detail", args=[event.uuid])}


register(ReminderKind(name=ANSWER_REMINDER, template="events_answer_reminder",
                      context=_context, scan=_scan))
