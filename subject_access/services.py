"""Subject access requests: logging, the clock, the bundle, release and download.

Each operation takes the acting user, runs in a transaction, is written to the audit trail
and queues its emails and tasks on commit. The bundle's download link is a random token
stored only as its SHA-256; the token travels once, in the email to the requester.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from families.access import has_parental_responsibility
from notifications.models import Category
from notifications.services import notify
from preschool.lib.reminders import schedule
from preschool.models import Membership, Role, log_action
from preschool.permissions import membership_in
from preschool.services import ServiceError
from subject_access.constants import (
    BUILD_CLAIM_EXPIRES,
    BUILD_RESEND_AFTER,
    LINK_VALID_DAYS,
    MAX_EXTENSION_MONTHS,
)
from subject_access.models import SubjectAccessRequest, add_months

log = logging.getLogger(__name__)
Status = SubjectAccessRequest.Status

# How far back staff may date a request they log (a letter found late is still logged, but a
# typing mistake of a year is caught).
MAX_LOGGED_DAYS_AGO = 62


def managers_of(setting):
    return (Membership.objects.active().for_setting(setting).filter(role=Role.MANAGER)
            .select_related("user"))


def _queue(task, *args):
    """Queue a task after commit; a broker that is down is logged, not raised (the request's
    page sends a build again; a link can be sent again)."""
    def send():
        try:
            task.delay(*args)
        except Exception:  # kombu raises several types for an unreachable broker
            log.warning("Could not queue %s.", task.name, exc_info=True)
    transaction.on_commit(send)


def _new_title(sar) -> str:
    return _("New request for a copy of %(whom)s's data") % {"whom": sar.subject_label}


def _extended_title(sar) -> str:
    return _("The answer to your request for a copy of data is now due by %(date)s") % {
        "date": date_format(sar.extended_to, "j E Y")}


def _tell_managers(sar, actor):
    managers = [m.user for m in managers_of(sar.setting) if m.user_id != actor.pk]
    for manager in managers:
        schedule("subject-access-new", object_key=str(sar.uuid), recipient_email=manager.email,
                 recipient=manager, setting=sar.setting)
    notify(setting=sar.setting, recipients=managers, category=Category.DATA,
           title=lazy(_new_title, str)(sar), url=sar.get_absolute_url(), emailed_by_app=True)


def _tell_requester(sar, title):
    if sar.requester_id is not None:
        notify(setting=sar.setting, recipients=[sar.requester], category=Category.DATA,
               title=title, url=sar.get_absolute_url(), emailed_by_app=True)


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message)
    return value


@transaction.atomic
def ask(actor, setting, *, child=None, details: str = "") -> SubjectAccessRequest:
    """A family member asks online for a copy of the data held about ``child`` (with parental
    responsibility for the child) or, without a child, about themselves."""
    membership = membership_in(actor, setting)
    if membership is None or not membership.is_family:
        raise ServiceError(_("Only parents and carers ask here; staff log a request they "
                             "received."))
    if child is not None and (child.setting_id != setting.pk
                              or not has_parental_responsibility(actor, child)):
        raise ServiceError(_("You can ask for a child's data only if you have parental "
                             "responsibility for them."))
    now = timezone.now()
    sar = SubjectAccessRequest.objects.create(
        setting=setting, child=child, subject_user=None if child is not None else actor,
        requester=actor, relationship=(child and _relationship(actor, child)) or "",
        details=details.strip(), received_at=now, received_how=SubjectAccessRequest.How.ONLINE,
        due_on=SubjectAccessRequest.due_date_for(now))
    log_action(actor, "subject_access.asked", sar, changes={"about": "child" if child else "self"})
    _tell_managers(sar, actor)
    return sar


def _relationship(user, child) -> str:
    from families.access import link_of

    link = link_of(user, child)
    return link.relationship if link is not None else ""


@transaction.atomic
def log_request(actor, setting, *, received_how: str, received_at, child=None,
                subject_user=None, requester=None, requester_name: str = "",
                requester_contact: str = "", relationship: str = "",
                details: str = "") -> SubjectAccessRequest:
    """A member of staff logs a request made in person, by phone, email or letter (a request
    is valid in any form). The month runs from when it was received, not when it was logged."""
    membership = membership_in(actor, setting)
    if membership is None or not membership.is_staff_member:
        raise ServiceError(_("Only staff log a request received in person or in writing."))
    if received_how not in SubjectAccessRequest.How.values:
        raise ServiceError(_("Choose how the request reached you."))
    if (child is None) == (subject_user is None):
        raise ServiceError(_("Choose whose data is asked for: a child, or an adult."))
    if child is not None and child.setting_id != setting.pk:
        raise ServiceError(_("Choose a child of this setting."))
    if subject_user is not None and membership_in(subject_user, setting) is None:
        raise ServiceError(_("Choose a person of this setting."))
    now = timezone.now()
    if received_at > now:
        raise ServiceError(_("The date it was received is in the future."))
    if received_at < now - timedelta(days=MAX_LOGGED_DAYS_AGO):
        raise ServiceError(_("The date it was received is more than two months ago; check it."))
    if requester is not None:
        if membership_in(requester, setting) is None:
            raise ServiceError(_("Choose a person of this setting, or type a name."))
        requester_name = requester_contact = ""
    elif not requester_name.strip():
        raise ServiceError(_("Choose the person who asked, or type their name."))
    sar = SubjectAccessRequest.objects.create(
        setting=setting, child=child, subject_user=subject_user, requester=requester,
        requester_name=requester_name.strip(), requester_contact=requester_contact.strip(),
        relationship=relationship.strip(), details=details.strip(), received_at=received_at,
        received_how=received_how, logged_by=actor,
        due_on=SubjectAccessRequest.due_date_for(received_at))
    log_action(actor, "subject_access.logged", sar,
               changes={"received_how": received_how, "received_at": received_at.isoformat()})
    _tell_managers(sar, actor)
    return sar


def _locked(sar) -> SubjectAccessRequest:
    return (SubjectAccessRequest.objects.select_for_update(of=("self",))
            .select_related("setting", "child", "subject_user", "requester").get(pk=sar.pk))


@transaction.atomic
def extend(actor, sar, *, months: int, reason: str) -> SubjectAccessRequest:
    """Extend the deadline by one or two further months (UK GDPR Art. 12(3): complex or
    numerous requests), telling the requester why. Only within the first month."""
    sar = _locked(sar)
    reason = _required(reason, _("Say why the request needs more time: the requester is told."))
    if not sar.is_open:
        raise ServiceError(_("This request has been answered."))
    if timezone.localdate() > sar.due_on:
        raise ServiceError(_("The deadline can only be extended within the first month, and "
                             "that month has passed."))
    if months not in range(1, MAX_EXTENSION_MONTHS + 1):
        raise ServiceError(_("A request can be extended by one or two months at most."))
    before = sar.extended_to
    sar.extended_to = add_months(sar.due_on, months)
    sar.extension_reason, sar.extension_told_at = reason, timezone.now()
    sar.save(update_fields=["extended_to", "extension_reason", "extension_told_at"])
    log_action(actor, "subject_access.extended", sar,
               changes={"extended_to": [str(before) if before else None, str(sar.extended_to)]})
    _tell_requester(sar, lazy(_extended_title, str)(sar))
    return sar


@transaction.atomic
def start_build(actor, sar) -> SubjectAccessRequest:
    """Build the bundle in the background (subject_access.tasks.build_bundle). A bundle
    being built is not started twice; a built one may be built again before release."""
    from subject_access import tasks

    sar = _locked(sar)
    if sar.status == Status.BUILDING:
        return sar
    if sar.status not in (Status.RECEIVED, Status.READY):
        raise ServiceError(_("This request has been answered; its copy cannot be built again."))
    sar.status = Status.BUILDING
    sar.build_requested_by, sar.build_requested_at = actor, timezone.now()
    sar.build_started_at, sar.build_error = None, ""
    sar.progress_done = sar.progress_total = 0
    sar.save(update_fields=["status", "build_requested_by", "build_requested_at",
                            "build_started_at", "build_error", "progress_done",
                            "progress_total"])
    log_action(actor, "subject_access.build_started", sar)
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        _queue(tasks.build_bundle, sar.pk)
    # Without a broker tasks run in-process: the page's progress request sends it instead, so
    # this request does not wait for the bundle.
    return sar


def build_if_waiting(sar) -> None:
    """Called by the progress request: send a build no task has started, or whose task was
    lost (at once without a broker; otherwise once BUILD_RESEND_AFTER has passed)."""
    from subject_access import tasks

    now = timezone.now()
    if sar.status != Status.BUILDING or (sar.build_started_at is not None
                                         and sar.build_started_at >= now - BUILD_CLAIM_EXPIRES):
        return
    if settings.CELERY_TASK_ALWAYS_EAGER:
        tasks.build_bundle.delay(sar.pk)
        sar.refresh_from_db()
    elif sar.build_requested_at and sar.build_requested_at < now - BUILD_RESEND_AFTER:
        _queue(tasks.build_bundle, sar.pk)


def _check_requester_may_receive(sar):
    if sar.requester_id is None:
        raise ServiceError(_("The person who asked has no account: download the copy and "
                             "hand it over, then record it."))
    if sar.subject_user_id is not None and sar.subject_user_id != sar.requester_id:
        raise ServiceError(_("An adult's data is released online only to that adult: download "
                             "the copy and hand it over, then record it."))
    if sar.child_id is not None and not has_parental_responsibility(sar.requester, sar.child):
        raise ServiceError(_("The person who asked no longer has parental responsibility and "
                             "the right to information about this child: nothing was sent."))


def _send_link(sar, token: str):
    from subject_access import tasks

    _queue(tasks.send_bundle_link, sar.pk, token)


@transaction.atomic
def release(actor, sar, *, days: int = LINK_VALID_DAYS) -> str:
    """Release a checked bundle to the requester: a download link valid ``days`` days, sent
    by email and shown as a notification. Returns the link's token."""
    sar = _locked(sar)
    if sar.status != Status.READY or not sar.bundle:
        raise ServiceError(_("Only a copy that is built and checked can be released."))
    _check_requester_may_receive(sar)
    token = sar.new_link(days)
    sar.status, sar.released_by, sar.released_at = Status.RELEASED, actor, timezone.now()
    sar.answered_at = sar.released_at
    sar.save(update_fields=["status", "released_by", "released_at", "answered_at",
                            "link_token_hash", "link_expires_at"])
    log_action(actor, "subject_access.released", sar,
               changes={"link_expires_at": sar.link_expires_at.isoformat()})
    _tell_requester(sar, gettext_lazy("The copy of the data you asked for is ready to "
                                      "download"))
    _send_link(sar, token)
    return token


@transaction.atomic
def reissue_link(actor, sar, *, days: int = LINK_VALID_DAYS) -> str:
    """A new download link (the old one stops working), sent to the requester again."""
    sar = _locked(sar)
    if sar.status not in (Status.RELEASED, Status.DOWNLOADED) or not sar.bundle:
        raise ServiceError(_("Only a released copy has a download link."))
    _check_requester_may_receive(sar)
    token = sar.new_link(days)
    sar.save(update_fields=["link_token_hash", "link_expires_at"])
    log_action(actor, "subject_access.link_reissued", sar,
               changes={"link_expires_at": sar.link_expires_at.isoformat()})
    _send_link(sar, token)
    return token


@transaction.atomic
def hand_over(actor, sar, *, how: str) -> SubjectAccessRequest:
    """Record that a manager handed the checked copy over (a requester without an account, or
    one who asked for it on paper or a memory stick)."""
    sar = _locked(sar)
    how = _required(how, _("Say how the copy was handed over."))
    if sar.status not in (Status.READY, Status.RELEASED) or not sar.bundle:
        raise ServiceError(_("Only a copy that is built and checked can be handed over."))
    now = timezone.now()
    sar.status, sar.downloaded_at = Status.DOWNLOADED, now
    sar.released_by, sar.released_at = sar.released_by or actor, sar.released_at or now
    sar.answered_at = sar.answered_at or now
    sar.save(update_fields=["status", "downloaded_at", "released_by", "released_at",
                            "answered_at"])
    log_action(actor, "subject_access.handed_over", sar, changes={"how": how[:200]})
    return sar


@transaction.atomic
def record_download(user, sar, *, checking: bool = False) -> None:
    """Each download is in the audit trail: a manager checking it, or the requester."""
    if checking:
        log_action(user, "subject_access.checked", sar)
        return
    sar = _locked(sar)
    if sar.status == Status.RELEASED:
        sar.status, sar.downloaded_at = Status.DOWNLOADED, timezone.now()
        sar.save(update_fields=["status", "downloaded_at"])
    log_action(user, "subject_access.downloaded", sar)


@transaction.atomic
def refuse(actor, sar, *, reason: str) -> SubjectAccessRequest:
    """Refuse a request (manifestly unfounded or excessive, or the person's identity not
    shown), with the reason the requester is told."""
    sar = _locked(sar)
    reason = _required(reason, _("Write the reason: the person who asked is told it."))
    if not sar.is_open:
        raise ServiceError(_("This request has been answered."))
    sar.status, sar.outcome_reason, sar.answered_at = Status.REFUSED, reason, timezone.now()
    sar.save(update_fields=["status", "outcome_reason", "answered_at"])
    log_action(actor, "subject_access.refused", sar)
    _tell_requester(sar, gettext_lazy("Your request for a copy of data has been answered"))
    return sar


@transaction.atomic
def close(actor, sar, *, note: str) -> SubjectAccessRequest:
    """Close a request (withdrawn by the person, or done), with a note of why."""
    sar = _locked(sar)
    note = _required(note, _("Say why the request is closed."))
    if sar.status in (Status.CLOSED, Status.REFUSED):
        raise ServiceError(_("This request is already closed."))
    sar.status, sar.outcome_reason = Status.CLOSED, note
    sar.answered_at = sar.answered_at or timezone.now()
    sar.save(update_fields=["status", "outcome_reason", "answered_at"])
    log_action(actor, "subject_access.closed", sar)
    return sar
