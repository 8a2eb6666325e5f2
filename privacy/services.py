"""The bulk-access alarm's operations: raising and updating an alert, pausing a membership,
a manager's decision about it, and the setting's privacy options.

Each runs in a transaction and writes the audit trail (``log_action``); what is told beyond
the portal (emails, notifications) is queued on commit.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from notifications.models import Category
from notifications.services import notify
from preschool.lib import reminders
from preschool.models import Membership, log_action
from preschool.registry import MEMBERSHIP_PAUSED
from preschool.services import ServiceError, end_membership
from privacy.models import AccessAlert, PrivacyOptions

Kind = AccessAlert.Kind
Outcome = AccessAlert.Outcome
ALERT_EMAIL = "privacy-alert"


@transaction.atomic
def record_unusual_access(membership: Membership, kind: str, *, count: int, threshold: int,
                          options: PrivacyOptions, since, pause: bool) -> AccessAlert:
    """The alarm found ``count`` (children, or places) at or over ``threshold``: raise an
    alert about the person, or update the open one (one alert an episode); with ``pause``,
    pause the membership if it is not already. Managers are told when the alert is raised
    and when the account is paused, never again for the same episode. Safe to run twice and
    at once (the open alert is locked; a unique constraint holds one open a person and kind).
    """
    now = timezone.now()
    open_alerts = AccessAlert.objects.select_for_update().filter(
        membership=membership, kind=kind, closed_at__isnull=True)
    alert = open_alerts.first()
    raised = alert is None
    if raised:
        try:
            with transaction.atomic():
                alert = AccessAlert.objects.create(
                    setting=membership.setting, membership=membership, kind=kind, count=count,
                    threshold=threshold, window_minutes=options.window_minutes,
                    looks_since=since, raised_at=now, updated_at=now)
        except IntegrityError:  # another check raised it a moment ago
            alert = open_alerts.get()
            raised = False
    assert alert is not None
    if raised:
        log_action(None, "privacy.alert_raised", alert, setting=membership.setting,
                   changes={"kind": kind, "count": count, "window_minutes": alert.window_minutes},
                   label=str(membership.user))
    elif count > alert.count:
        alert.count = count
        alert.updated_at = now
        alert.save(update_fields=["count", "updated_at"])
    paused = False
    if pause and alert.paused_at is None:
        paused = bool(Membership.objects.filter(pk=membership.pk, paused_at__isnull=True)
                      .update(paused_at=now, pause_reason=_pause_reason(alert)))
        alert.paused_at = now
        alert.save(update_fields=["paused_at"])
        if paused:
            membership.paused_at = now
            log_action(None, "membership.paused", membership, setting=membership.setting,
                       changes={"alert": str(alert.uuid), "count": alert.count})
            for hook in MEMBERSHIP_PAUSED:  # offline: the person's device keys deleted
                hook(membership)
    if raised or paused:
        _tell_managers(alert, "paused" if paused else "raised")
    return alert


def _pause_reason(alert: AccessAlert) -> str:
    # Stored for the people page and the admin, in British English like the audit trail.
    return (f"Paused by the bulk-access alarm: the records of {alert.count} children read in "
            f"{alert.window_minutes} minutes.")[:300]


def alert_title(alert: AccessAlert, event: str):
    """What the managers are told, lazily, so each reads it in their own language."""
    name = alert.membership.user.full_name or alert.membership.user.email
    if alert.kind == Kind.MANY_PLACES:
        return format_lazy(gettext_lazy(
            "Unusual access: {name}'s account was used from {count} places at once"),
            name=name, count=alert.count)
    if event == "paused":
        text = ngettext_lazy(
            "Access paused: {name} read the records of {count} child in {minutes} minutes",
            "Access paused: {name} read the records of {count} children in {minutes} minutes",
            alert.count)
    else:
        text = ngettext_lazy(
            "Unusual access: {name} read the records of {count} child in {minutes} minutes",
            "Unusual access: {name} read the records of {count} children in {minutes} minutes",
            alert.count)
    return format_lazy(text, name=name, count=alert.count, minutes=alert.window_minutes)


def managers_to_tell(alert: AccessAlert) -> list:
    """The setting's managers but the person the alert is about; if they are the only
    manager, still them (the portal's operators are emailed too)."""
    managers = [m.user for m in (Membership.objects.active().filter(setting=alert.setting_id)
                                 .staff().select_related("user"))
                if m.can_manage_staff and m.user.is_active]
    others = [user for user in managers if user.pk != alert.membership.user_id]
    return others or managers


def _tell_managers(alert: AccessAlert, event: str) -> None:
    """An urgent notification (``EMERGENCY``: it cannot be turned off, and breaks through
    quiet hours) and an email to each manager; the operators are emailed when the person is
    the only manager."""
    recipients = managers_to_tell(alert)
    url = reverse("privacy-alert-detail", args=[alert.uuid])
    notify(setting=alert.setting, recipients=recipients, category=Category.EMERGENCY,
           title=alert_title(alert, event), url=url, urgent=True, emailed_by_app=True)
    key = f"{alert.uuid}:{event}"
    dues = [reminders.Due(object_key=key, recipient_email=user.email, recipient=user,
                          setting=alert.setting) for user in recipients if user.email]
    if all(user.pk == alert.membership.user_id for user in recipients):
        dues += [reminders.Due(object_key=key, recipient_email=address, setting=alert.setting)
                 for _name, address in settings.ADMINS]
    reminders.schedule_many(ALERT_EMAIL, dues)


def _lock(alert: AccessAlert) -> AccessAlert:
    return (AccessAlert.objects.select_for_update().select_related("membership__user", "setting")
            .get(pk=alert.pk))


def _check_reviewer(actor, alert: AccessAlert, note: str) -> None:
    if alert.membership.user_id == actor.pk:
        raise ServiceError(_("Another manager must review an alert about you."))
    if not note.strip():
        raise ServiceError(_("Write a note saying what you found."))


def _close(actor, alert: AccessAlert, outcome: str, note: str) -> None:
    alert.closed_at = timezone.now()
    alert.closed_by = actor
    alert.outcome = outcome
    alert.note = note.strip()
    alert.save(update_fields=["closed_at", "closed_by", "outcome", "note"])


def can_resume(alert: AccessAlert) -> bool:
    """Open, or closed with the access kept paused while it still is."""
    return alert.is_open or (alert.membership.paused_at is not None
                             and alert.membership.is_active)


@transaction.atomic
def resume_access(actor, alert: AccessAlert, note: str) -> AccessAlert:
    """"This was expected": the alert is closed and the membership's access resumed."""
    alert = _lock(alert)
    _check_reviewer(actor, alert, note)
    if not can_resume(alert):
        raise ServiceError(_("This alert has already been dealt with."))
    membership = alert.membership
    was_paused = membership.paused_at is not None
    _close(actor, alert, Outcome.RESUMED, note)
    if was_paused:
        Membership.objects.filter(pk=membership.pk).update(paused_at=None, pause_reason="")
        membership.paused_at, membership.pause_reason = None, ""
        log_action(actor, "membership.resumed", membership, changes={"alert": str(alert.uuid)})
    log_action(actor, "privacy.alert_resumed", alert, label=str(membership.user),
               changes={"note": alert.note, "was_paused": was_paused})
    return alert


@transaction.atomic
def keep_paused(actor, alert: AccessAlert, note: str) -> AccessAlert:
    """The manager looked and keeps the access paused: the alert is closed, the membership
    stays paused (it can be resumed later from the alert)."""
    alert = _lock(alert)
    _check_reviewer(actor, alert, note)
    if not alert.is_open:
        raise ServiceError(_("This alert has already been dealt with."))
    if alert.membership.paused_at is None:
        raise ServiceError(_("This person's access is not paused."))
    _close(actor, alert, Outcome.KEPT_PAUSED, note)
    log_action(actor, "privacy.alert_kept_paused", alert, label=str(alert.membership.user),
               changes={"note": alert.note})
    return alert


@transaction.atomic
def end_membership_after_alert(actor, alert: AccessAlert, note: str) -> AccessAlert:
    """The person leaves the setting (``preschool.services.end_membership``: their records
    stay); the alert is closed."""
    alert = _lock(alert)
    _check_reviewer(actor, alert, note)
    if not alert.membership.is_active:
        raise ServiceError(_("This person has already left."))
    end_membership(actor, alert.membership)
    _close(actor, alert, Outcome.ENDED, note)
    log_action(actor, "privacy.alert_membership_ended", alert, label=str(alert.membership.user),
               changes={"note": alert.note})
    return alert


OPTION_FIELDS = ("window_minutes", "practitioner_alert", "practitioner_pause", "manager_alert",
                 "manager_pause", "family_places_alert", "show_staff_names_to_families")


@transaction.atomic
def update_options(actor, setting, values: dict) -> PrivacyOptions:
    """Save the setting's privacy options (``values`` already validated), auditing what
    changed from what was in force (the defaults, if never saved)."""
    options = (PrivacyOptions.objects.select_for_update().filter(setting=setting).first()
               or PrivacyOptions(setting=setting))
    changes = {name: [getattr(options, name), values[name]] for name in OPTION_FIELDS
               if name in values and getattr(options, name) != values[name]}
    if not changes and options.pk is not None:
        return options
    for name, (_old, new) in changes.items():
        setattr(options, name, new)
    options.save()
    log_action(actor, "privacy.options_changed", options, setting=setting, changes=changes)
    return options
