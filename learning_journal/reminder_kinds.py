"""Learning journal emails (see preschool/lib/reminders.py for how due emails work).

- ``journal-notice``: one notice, sent at once (people who chose "as it happens").
- ``journal-digest``: one email a day per person gathering that day's notices (people who
  chose a daily digest); keyed on the person and the day.
- ``journal-check-due``: to the key person when a child reaches 24 months without a completed
  progress check; ``journal-check-open``: to the managers when a check is still not completed
  at 30 months (eyfs.md, "Progress check at age two"; ages in learning_journal/eyfs.py).

Each email's context is rebuilt from the database just before sending and is None - nothing is
sent - when it is no longer right: the recipient has lost the right to the child's information
or left the setting, the observation is no longer published, the check is done.
"""

from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from families.models import HEARS, Child
from keyperson.models import Assignment
from learning_journal.checks import add_months, born_between_for_age, completed_check_exists
from learning_journal.eyfs import CHECK_CHASE_AT_MONTHS, CHECK_DUE_BY_MONTHS, CHECK_DUE_FROM_MONTHS
from learning_journal.models import Notice, ProgressCheck
from preschool.lib.reminders import Due, ReminderKind, register
from preschool.models import Membership, Role

# Reminders about the progress check go out from this local hour on the day they are due.
CHECK_REMINDER_HOUR = 8


def _url(name, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def is_staff_of(user, setting_id) -> bool:
    return bool(user and user.is_active and Membership.objects.active().staff()
                .filter(user=user, setting_id=setting_id).exists())


def may_hear_about(user, child) -> bool:
    """Staff of the child's setting, or an adult still linked to the child with the right to
    receive information and still a member of the setting (docs/architecture.md, "Reminders": a
    person without the right to receive a child's information is never sent it)."""
    if user is None or not user.is_active:
        return False
    if is_staff_of(user, child.setting_id):
        return True
    return (child.adults.filter(HEARS, user=user).exists()
            and Membership.objects.active().filter(user=user, setting_id=child.setting_id,
                                                   role=Role.PARENT).exists())


def describe(notice, *, may_hear=may_hear_about) -> dict | None:
    """One notice as a line of an email, or None when it is no longer right to send."""
    child, user = notice.child, notice.recipient
    if not may_hear(user, child):
        return None
    name = child.known_as
    if notice.event in (Notice.Event.PUBLISHED, Notice.Event.WOW, Notice.Event.COMMENT):
        observation = notice.observation
        if observation is None or not observation.is_published:
            return None
        url = _url("journal-child-observation", child.uuid, observation.uuid)
        if notice.event == Notice.Event.PUBLISHED:
            text = _("A new observation in %(name)s's learning journal (%(date)s).") % {
                "name": name, "date": date_format(observation.observed_on, "d F Y")}
        elif notice.event == Notice.Event.WOW:
            text = _("%(author)s added a wow moment from home for %(name)s.") % {
                "author": observation.author.full_name, "name": name}
        else:
            comment = notice.comment
            text = _("%(author)s commented on an observation in %(name)s's journal: "
                     "\"%(comment)s\"") % {"author": comment.author.full_name, "name": name,
                                           "comment": comment.body[:300]}
        return {"text": text, "url": url}
    if notice.event in (Notice.Event.CHECK_SENT, Notice.Event.CHECK_COMMENTED):
        check = notice.check_record
        if check is None or not check.is_shared_with_family:
            return None
        url = _url("journal-check", check.uuid)
        if notice.event == Notice.Event.CHECK_SENT:
            if check.status != ProgressCheck.Status.WITH_FAMILY:
                return None  # already read and commented on
            text = _("%(name)s's progress check at two is ready. Please read it and add your "
                     "comments.") % {"name": name}
        else:
            text = _("%(name)s's family has read the progress check at two and added "
                     "comments.") % {"name": name}
        return {"text": text, "url": url}
    if notice.event == Notice.Event.DIARY:
        return {"text": _("A new entry in %(name)s's home and setting diary.") % {"name": name},
                "url": _url("journal-diary", child.uuid)}
    return None


def _notice_context(reminder):
    notice = (Notice.objects.select_related("child__setting", "recipient", "observation__author",
                                            "comment__author", "check_record")
              .filter(uuid=reminder.object_key).first())
    if notice is None or notice.recipient_id != reminder.recipient_id:
        return None
    item = describe(notice)
    if item is None:
        return None
    return {"item": item, "child": notice.child, "setting": notice.child.setting,
            "recipient": notice.recipient}


def _digest_context(reminder):
    notices = (Notice.objects.filter(recipient_id=reminder.recipient_id,
                                     digest_on=reminder.due_on)
               .select_related("child__setting", "recipient", "observation__author",
                               "comment__author", "check_record"))
    heard = {}

    def may_hear(user, child):  # one recipient: ask once per child, not once per notice
        if child.pk not in heard:
            heard[child.pk] = may_hear_about(user, child)
        return heard[child.pk]

    items = [item for item in (describe(n, may_hear=may_hear) for n in notices)
             if item is not None]
    if not items:
        return None
    return {"items": items, "recipient": reminder.recipient, "day": reminder.due_on,
            "setting": reminder.setting}


# --- The progress check at two -------------------------------------------------------------

def _at_hour(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(CHECK_REMINDER_HOUR)))


def _children_aged(now, from_months, to_months):
    born_after, born_by = born_between_for_age(timezone.localdate(now), from_months, to_months)
    return (Child.objects.current()
            .filter(date_of_birth__gt=born_after, date_of_birth__lte=born_by)
            .filter(~completed_check_exists()))


def _check_due_scan(now):
    """Each child who has reached 24 months without a completed check: their key person."""
    children = _children_aged(now, CHECK_DUE_FROM_MONTHS, CHECK_DUE_BY_MONTHS)
    for a in (Assignment.objects.current()
              .filter(kind=Assignment.Kind.KEY, child__in=children, staff__ended_at__isnull=True)
              .select_related("staff__user", "child", "setting")):
        user = a.staff.user
        yield Due(object_key=f"{a.child.uuid}:{CHECK_DUE_FROM_MONTHS}",
                  recipient_email=user.email, recipient=user, setting=a.setting,
                  due_at=_at_hour(add_months(a.child.date_of_birth, CHECK_DUE_FROM_MONTHS)))


def _check_open_scan(now):
    """Each child of 30 months or more whose check is not completed: the setting's managers."""
    children = list(_children_aged(now, CHECK_CHASE_AT_MONTHS, CHECK_DUE_BY_MONTHS)
                    .select_related("setting"))
    managers = {}
    for m in (Membership.objects.active().filter(
            role=Role.MANAGER, setting_id__in={c.setting_id for c in children})
            .select_related("user")):
        managers.setdefault(m.setting_id, []).append(m.user)
    for child in children:
        for user in managers.get(child.setting_id, []):
            yield Due(object_key=f"{child.uuid}:{CHECK_CHASE_AT_MONTHS}",
                      recipient_email=user.email, recipient=user, setting=child.setting,
                      due_at=_at_hour(add_months(child.date_of_birth, CHECK_CHASE_AT_MONTHS)))


def _child_of(reminder):
    uuid = reminder.object_key.split(":")[0]
    return Child.objects.select_related("setting").filter(uuid=uuid).first()


def _check_still_due(child) -> bool:
    return (child is not None and not child.has_left
            and not ProgressCheck.objects.completed().filter(child=child).exists()
            and child.age_in_months() < CHECK_DUE_BY_MONTHS)


def _check_due_context(reminder):
    child = _child_of(reminder)
    if not _check_still_due(child):
        return None
    key = (Assignment.objects.current().filter(child=child, kind=Assignment.Kind.KEY,
                                               staff__user=reminder.recipient,
                                               staff__ended_at__isnull=True).exists())
    if not key:
        return None
    return {"child": child, "setting": child.setting, "recipient": reminder.recipient,
            "open_check": ProgressCheck.objects.open().filter(child=child).first(),
            "url": _url("journal-check-list"), "due_by": CHECK_DUE_BY_MONTHS}


def _check_open_context(reminder):
    child = _child_of(reminder)
    if not _check_still_due(child):
        return None
    if not Membership.objects.active().filter(user=reminder.recipient, setting=child.setting,
                                              role=Role.MANAGER).exists():
        return None
    return {"child": child, "setting": child.setting, "recipient": reminder.recipient,
            "open_check": ProgressCheck.objects.open().filter(child=child).first(),
            "url": _url("journal-check-list"), "age": child.age_display,
            "due_by": CHECK_DUE_BY_MONTHS}


register(ReminderKind(name="journal-notice", template="learning_journal_notice",
                      context=_notice_context))
register(ReminderKind(name="journal-digest", template="learning_journal_digest",
                      context=_digest_context, spans_settings=True))
register(ReminderKind(name="journal-check-due", template="learning_journal_check_due",
                      context=_check_due_context, scan=_check_due_scan))
register(ReminderKind(name="journal-check-open", template="learning_journal_check_open",
                      context=_check_open_context, scan=_check_open_scan))
