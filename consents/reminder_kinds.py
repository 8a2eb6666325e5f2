"""Consents' emails (see preschool/lib/reminders.py for how due emails work).

- consents-chase: once a week, families with consent forms unanswered (or answered only to
  older wording); only to adults with parental responsibility AND the right to information.
- consents-dose-given / consents-accident-recorded: the family is told the same day (EYFS).
- consents-acknowledge: every evening, records the family has not acknowledged yet.
- consents-ofsted: every morning, to the managers, a serious accident not yet notified to
  Ofsted (EYFS: within 14 days).

Each email's context is rebuilt just before sending and is None, so nothing is sent, when it
is no longer right: answered, acknowledged, notified, or the recipient has lost the right to
the child's information or left the setting.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from consents import constants
from consents.models import Accident, ConsentForm, MedicationDose
from consents.services import _family_links, _managers, families_to_chase
from families.access import AS_CARER, family_may_hear
from families.models import Child
from preschool.lib.reminders import Due, ReminderKind, register
from preschool.models import Reminder, Setting


def _url(name, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def last_daily(now, hour):
    """The latest moment at ``hour`` (local time) not after ``now``."""
    today = timezone.localdate(now)
    moment = _at(today, hour)
    return moment if moment <= now else _at(today - timedelta(days=1), hour)


def last_weekly(now, weekday, hour):
    today = timezone.localdate(now)
    day = today - timedelta(days=(today.weekday() - weekday) % 7)
    moment = _at(day, hour)
    return moment if moment <= now else _at(day - timedelta(days=7), hour)


def _already(kind, due_at) -> set:
    """(object_key, email) pairs of this kind already made for this period: the scan then
    creates only what is missing (one query rather than one per family)."""
    return set(Reminder.objects.filter(kind=kind, due_on=timezone.localdate(due_at))
               .values_list("object_key", "recipient_email"))


# --- Consent forms to answer -------------------------------------------------------------------

def _chase_scan(now):
    due_at = last_weekly(now, constants.CONSENT_CHASE_WEEKDAY, constants.CONSENT_CHASE_HOUR)
    done = _already("consents-chase", due_at)
    settings_with_forms = Setting.objects.filter(
        pk__in=ConsentForm.objects.filter(is_current=True).values("setting_id"))
    for setting in settings_with_forms:
        for user in families_to_chase(setting):
            if (str(setting.uuid), user.email.lower()) in done:
                continue
            yield Due(object_key=str(setting.uuid), recipient_email=user.email,
                      recipient=user, due_at=due_at, setting=setting)


def _chase_context(reminder):
    setting = Setting.objects.filter(uuid=reminder.object_key).first()
    if setting is None or reminder.recipient is None:
        return None
    children = families_to_chase(setting, user=reminder.recipient).get(reminder.recipient)
    if not children:
        return None
    return {"setting": setting, "children": children, "recipient": reminder.recipient,
            "url": _url("consents-overview")}


# --- A dose given, an accident recorded: the family, the same day -----------------------------

def _dose_context(reminder):
    dose = (MedicationDose.objects.current().filter(uuid=reminder.object_key)
            .select_related("child__setting", "given_by", "witnessed_by").first())
    if (dose is None or hasattr(dose, "acknowledgement")
            or not family_may_hear(reminder.recipient, dose.child, link=AS_CARER)):
        return None
    return {"dose": dose, "child": dose.child, "setting": dose.child.setting,
            "url": _url("consents-child", dose.child.uuid)}


def _accident_context(reminder):
    accident = (Accident.objects.current().filter(uuid=reminder.object_key)
                .select_related("child__setting").first())
    if (accident is None or hasattr(accident, "acknowledgement")
            or not family_may_hear(reminder.recipient, accident.child, link=AS_CARER)):
        return None
    return {"accident": accident, "child": accident.child, "setting": accident.child.setting,
            "url": _url("consents-accident", accident.uuid)}


# --- Records not yet acknowledged: every evening until they are -------------------------------

def _acknowledge_scan(now):
    due_at = last_daily(now, constants.ACKNOWLEDGE_CHASE_HOUR)
    done = _already("consents-acknowledge", due_at)
    child_ids = set(MedicationDose.objects.unacknowledged().filter(recorded_at__lt=due_at)
                    .values_list("child_id", flat=True))
    child_ids |= set(Accident.objects.unacknowledged().filter(recorded_at__lt=due_at)
                     .values_list("child_id", flat=True))
    if not child_ids:
        return
    children = Child.objects.filter(pk__in=child_ids)
    for link in _family_links(children, parental_responsibility_only=False):
        if (str(link.child.uuid), link.user.email.lower()) in done:
            continue
        yield Due(object_key=str(link.child.uuid), recipient_email=link.user.email,
                  recipient=link.user, due_at=due_at, setting=link.child.setting)


def _acknowledge_context(reminder):
    child = Child.objects.select_related("setting").filter(uuid=reminder.object_key).first()
    if child is None or not family_may_hear(reminder.recipient, child, link=AS_CARER):
        return None
    doses = list(MedicationDose.objects.unacknowledged().filter(child=child)
                 .order_by("given_at"))
    accidents = list(Accident.objects.unacknowledged().filter(child=child)
                     .order_by("happened_at"))
    if not doses and not accidents:
        return None
    return {"child": child, "setting": child.setting, "doses": doses, "accidents": accidents,
            "url": _url("consents-child", child.uuid)}


# --- Serious accidents not notified to Ofsted: the managers, every morning ---------------------

def _ofsted_scan(now):
    due_at = last_daily(now, constants.OFSTED_CHASE_HOUR)
    done = _already("consents-ofsted", due_at)
    managers = {}  # by setting: one query per setting, not one per accident
    for accident in Accident.objects.awaiting_ofsted().select_related("setting", "original"):
        original = accident.original or accident
        if accident.setting_id not in managers:
            managers[accident.setting_id] = _managers(accident.setting)
        for manager in managers[accident.setting_id]:
            if (str(original.uuid), manager.email.lower()) in done:
                continue
            yield Due(object_key=str(original.uuid), recipient_email=manager.email,
                      recipient=manager, due_at=due_at, setting=accident.setting)


def _ofsted_context(reminder):
    original = Accident.objects.filter(uuid=reminder.object_key).first()
    if original is None:
        return None
    accident = (Accident.objects.awaiting_ofsted()
                .filter(pk__in=[original.pk, *original.versions.values_list("pk", flat=True)])
                .select_related("child", "setting").first())
    if accident is None or reminder.recipient not in _managers(accident.setting):
        return None
    due_on = accident.ofsted_due_on
    return {"accident": accident, "child": accident.child, "setting": accident.setting,
            "due_on": due_on, "days_left": (due_on - timezone.localdate()).days,
            "url": _url("consents-accident", accident.uuid)}


register(ReminderKind(name="consents-chase", template="consents_chase",
                      context=_chase_context, scan=_chase_scan))
register(ReminderKind(name="consents-dose-given", template="consents_dose_given",
                      context=_dose_context))
register(ReminderKind(name="consents-accident-recorded", template="consents_accident_recorded",
                      context=_accident_context))
register(ReminderKind(name="consents-acknowledge", template="consents_acknowledge",
                      context=_acknowledge_context, scan=_acknowledge_scan))
register(ReminderKind(name="consents-ofsted", template="consents_ofsted",
                      context=_ofsted_context, scan=_ofsted_scan))
