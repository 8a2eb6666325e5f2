"""The weekly email to each family member: the week's news, the events coming up, what their
child's room did (the daily boards) and the new entries in their child's learning journal, in
one email.

Beat's reminder scan (preschool/lib/reminders.py) finds it due from Friday at WEEKLY_HOUR
until the end of Sunday: one row per person, setting and ISO week (its unique key), so the
scan running many times, or a worker sending it again, gives one email a week. It is built
just before sending from what the person may see then (families.access: the right to
information, no restriction); a week with nothing to tell sends nothing.

The format follows the person's choice (``User.preferred_format``): every email has a plain
text part and an HTML part (the mail program shows the one it can), and "large print" makes
the HTML part's text large. Easy read, translation and reading aloud are for the setting to
arrange: the email is the standard one.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from events.models import Event
from families.access import children_heard_by, families_who_may_hear
from families.models import Child
from learning_journal.models import DailyBoard, Observation
from news.models import Post
from preschool.lib.reminders import Due
from preschool.models import Reminder, Setting, User

WEEKLY_EMAIL = "news-weekly"
WEEKLY_DAY = 4  # Friday (Monday is 0)
WEEKLY_HOUR = 16
EVENTS_AHEAD_DAYS = 14


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week of ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def weekly_scan(now):
    """From Friday at WEEKLY_HOUR until the end of Sunday: one Due per family member of each
    setting who hears of one of its current children."""
    local = timezone.localtime(now)
    if local.weekday() < WEEKLY_DAY or (local.weekday() == WEEKLY_DAY
                                        and local.hour < WEEKLY_HOUR):
        return
    monday, _ = week_of(local.date())
    friday = monday + timedelta(days=WEEKLY_DAY)
    due_at = timezone.make_aware(datetime.combine(friday, time(WEEKLY_HOUR)))
    year, week, _ = friday.isocalendar()
    with scopes_disabled():
        for setting in Setting.objects.all():
            key = f"{setting.uuid}:{year}-W{week:02d}"
            # Those already given this week's email are left out: the scan runs every few
            # minutes all weekend, and finds each family once.
            families = (families_who_may_hear(setting, Child.objects.filter(setting=setting)
                                              .current())
                        .exclude(Exists(Reminder.objects.filter(
                            recipient=OuterRef("pk"), kind=WEEKLY_EMAIL, object_key=key))))
            for pk, email in families.values_list("pk", "email"):
                yield Due(object_key=key, recipient_email=email, recipient=User(pk=pk),
                          due_at=due_at, setting=setting)


def weekly_context(reminder):
    user, setting = reminder.recipient, reminder.setting
    if user is None or setting is None or not user.is_active:
        return None
    monday, sunday = week_of(reminder.due_on)
    week_start = timezone.make_aware(datetime.combine(monday, time.min))
    week_end = timezone.make_aware(datetime.combine(sunday + timedelta(days=1), time.min))
    children = list(children_heard_by(user, setting).select_related("room"))
    if not children:
        return None
    site = settings.SITE_URL
    posts = list(Post.objects.filter(setting=setting)
                 .for_family({c.pk for c in children}, {c.room_id for c in children})
                 .filter(published_at__gte=week_start, published_at__lt=week_end)
                 .order_by("published_at"))
    for post in posts:
        post.link = site + reverse("news-detail", args=[post.uuid])
    events = list(Event.objects.filter(setting=setting).not_cancelled()
                  .filter(ends_at__gte=week_end - timedelta(days=2),
                          starts_at__lt=week_end + timedelta(days=EVENTS_AHEAD_DAYS)))
    for event in events:
        event.link = site + reverse("events-detail", args=[event.uuid])
    rooms = {c.room_id for c in children if c.room_id}
    boards = list(DailyBoard.objects.filter(setting=setting, day__gte=monday, day__lte=sunday,
                                            room_id__in=rooms)
                  .select_related("room").order_by("room__name", "day"))
    journal = []
    for child in children:
        count = (Observation.objects.in_journal_of(child, staff=False)
                 .filter(published_at__gte=week_start, published_at__lt=week_end).count())
        if count:
            journal.append({"child": child, "count": count,
                            "url": site + reverse("journal-child", args=[child.uuid])})
    if not (posts or events or boards or journal):
        return None
    return {"recipient": user, "setting": setting, "monday": monday, "sunday": sunday,
            "posts": posts, "events": events, "boards": boards, "journal": journal,
            "large_print": user.preferred_format == User.Format.LARGE_PRINT,
            "news_url": site + reverse("news-list"), "events_url": site + reverse("events-list")}
