"""Raising and handling concerns: each operation takes the acting user, runs in a transaction,
is written to the audit trail and queues its emails on commit (preschool/lib/reminders.py).

Anonymous suggestions are written to the audit trail without an actor or an IP address, so
the trail cannot say who made them.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from complaints.models import Attachment, Concern, Note, Outcome
from notifications.models import Category
from notifications.services import notify
from preschool.i18n import override_for
from preschool.lib.reminders import schedule
from preschool.lib.uploads import photo_or_pdf
from preschool.models import Membership, Role, log_action
from preschool.permissions import membership_in
from preschool.services import ServiceError

# How far back staff may date a concern they log (a letter found in a drawer is still logged,
# but a typing mistake of a year is caught).
MAX_LOGGED_DAYS_AGO = 366


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message)
    return value


def managers_of(setting):
    return (Membership.objects.active().for_setting(setting).filter(role=Role.MANAGER)
            .select_related("user"))


def _tell_managers(concern):
    managers = list(managers_of(concern.setting))
    for manager in managers:
        schedule("complaints-new", object_key=str(concern.uuid),
                 recipient_email=manager.user.email, recipient=manager.user,
                 setting=concern.setting)
    # The title made lazily: notify() writes it in each manager's language.
    notify(setting=concern.setting, recipients=[manager.user for manager in managers],
           category=Category.COMPLAINT, title=lazy(_new_title, str)(concern),
           url=reverse("complaints-detail", args=[concern.uuid]), emailed_by_app=True)


def _new_title(concern) -> str:
    titles = {
        Concern.Kind.QUERY: _("New: query “%(subject)s”"),
        Concern.Kind.COMPLIMENT: _("New: compliment “%(subject)s”"),
        Concern.Kind.COMPLAINT: _("New: complaint “%(subject)s”"),
        Concern.Kind.SUGGESTION: _("New: suggestion “%(subject)s”"),
    }
    return titles[concern.kind] % {"subject": concern.subject}


def _tell_complainant(concern, what: str):
    """Email the person who raised the concern (``what``: "acknowledged" or "outcome")."""
    if concern.is_anonymous or not concern.reply_to:
        return
    schedule(f"complaints-{what}", object_key=f"{concern.uuid}:{what}",
             recipient_email=concern.reply_to, recipient=concern.complainant,
             setting=concern.setting)
    if concern.complainant_id is not None:
        with override_for(concern.complainant):
            if what == "acknowledged":
                title = _("“%(subject)s” has been acknowledged")
            else:
                title = _("“%(subject)s” has an outcome to read")
            notify(setting=concern.setting, recipients=[concern.complainant],
                   category=Category.COMPLAINT, title=title % {"subject": concern.subject},
                   url=reverse("complaints-detail", args=[concern.uuid]), emailed_by_app=True)


def _check_child(child, setting, visible_to=None):
    if child is None:
        return
    from families.models import Child

    children = Child.objects.for_setting(setting)
    if visible_to is not None:
        children = Child.objects.visible_to(visible_to, setting)
    if not children.filter(pk=child.pk).exists():
        raise ServiceError(_("Choose one of your own children, or none."))


@transaction.atomic
def raise_concern(actor, setting, *, kind: str, subject: str, details: str, child=None,
                  anonymous: bool = False) -> Concern:
    """A parent or carer raises a concern through the portal (a written concern).

    A complaint is due 28 days after it is received. Only suggestions may be anonymous, and
    an anonymous suggestion names no child (that would say who made it).
    """
    membership = membership_in(actor, setting)
    if membership is None or not membership.is_family:
        raise ServiceError(_("Only parents and carers raise concerns here; staff log them."))
    if kind not in Concern.Kind.values:
        raise ServiceError(_("Choose what kind of message this is."))
    subject = _required(subject, _("Say in a few words what this is about."))
    details = _required(details, _("Tell us what happened, or what you would like to say."))
    if anonymous and kind != Concern.Kind.SUGGESTION:
        raise ServiceError(_("Only suggestions can be made anonymously: we need to know who "
                           "you are to answer a query or a complaint."))
    if anonymous and child is not None:
        raise ServiceError(_("An anonymous suggestion cannot name a child, as that would say "
                           "who you are."))
    _check_child(child, setting, visible_to=actor)
    now = timezone.now()
    concern = Concern.objects.create(
        setting=setting, kind=kind, subject=subject, details=details, child=child,
        complainant=None if anonymous else actor, is_anonymous=anonymous,
        channel=Concern.Channel.PORTAL, received_at=now,
        due_on=Concern.due_date_for(now) if kind == Concern.Kind.COMPLAINT else None)
    if anonymous:
        log_action(None, "concern.raised", concern, changes={"kind": kind, "anonymous": True})
    else:
        log_action(actor, "concern.raised", concern, changes={"kind": kind})
    _tell_managers(concern)
    return concern


@transaction.atomic
def log_concern(actor, setting, *, kind: str, subject: str, details: str, channel: str,
                received_at, child=None, complainant=None, complainant_name: str = "",
                complainant_email: str = "", complainant_phone: str = "") -> Concern:
    """A member of staff logs a concern made in person, by phone, email or letter.

    The 28 days of a complaint run from when it was received, not when it was logged.
    """
    membership = membership_in(actor, setting)
    if membership is None or not membership.is_staff_member:
        raise ServiceError(_("Only staff log concerns made in person or by phone."))
    if kind not in Concern.Kind.values:
        raise ServiceError(_("Choose what kind of message this is."))
    if channel not in Concern.Channel.values or channel == Concern.Channel.PORTAL:
        raise ServiceError(_("Choose how the concern reached you."))
    subject = _required(subject, _("Say in a few words what this is about."))
    details = _required(details, _("Write down what the person told you."))
    now = timezone.now()
    if received_at > now:
        raise ServiceError(_("The date it was received is in the future."))
    if received_at < now - timedelta(days=MAX_LOGGED_DAYS_AGO):
        raise ServiceError(_("The date it was received is more than a year ago; check it."))
    if complainant is not None:
        member = membership_in(complainant, setting)
        if member is None or not member.is_family:
            raise ServiceError(_("Choose a parent or carer of this setting, or type a name."))
        complainant_name = complainant_email = ""
    elif not complainant_name.strip():
        raise ServiceError(_("Choose the parent or carer, or type the name of the person who "
                           "raised it."))
    _check_child(child, setting)
    concern = Concern.objects.create(
        setting=setting, kind=kind, subject=subject, details=details, child=child,
        complainant=complainant, complainant_name=complainant_name.strip(),
        complainant_email=complainant_email.strip().lower(),
        complainant_phone=complainant_phone.strip(), channel=channel, received_at=received_at,
        due_on=Concern.due_date_for(received_at) if kind == Concern.Kind.COMPLAINT else None,
        logged_by=actor)
    log_action(actor, "concern.logged", concern,
               changes={"kind": kind, "channel": channel,
                        "received_at": received_at.isoformat()})
    if not membership.can_manage_complaints:
        _tell_managers(concern)
    return concern


def _locked(concern) -> Concern:
    return Concern.objects.select_for_update(of=("self",)).select_related(
        "setting", "complainant").get(pk=concern.pk)


@transaction.atomic
def acknowledge(actor, concern, *, message: str) -> Concern:
    """Tell the person their concern has been received and what happens next."""
    concern = _locked(concern)
    message = _required(message, _("Write the acknowledgement the person will read."))
    if concern.is_closed:
        raise ServiceError(_("This concern is closed; it cannot be acknowledged now."))
    if concern.acknowledged_at is not None:
        raise ServiceError(_("This concern has already been acknowledged."))
    concern.acknowledge(actor, message)
    log_action(actor, "concern.acknowledged", concern)
    _tell_complainant(concern, "acknowledged")
    return concern


@transaction.atomic
def assign(actor, concern, membership) -> Concern:
    """Give the concern to a manager, who investigates it and is reminded of its deadline."""
    concern = _locked(concern)
    if concern.is_closed:
        raise ServiceError(_("This concern is closed."))
    if (membership.setting_id != concern.setting_id or not membership.is_active
            or not membership.can_manage_complaints):
        raise ServiceError(_("Choose a manager of this setting."))
    before = concern.assigned_to.user.full_name if concern.assigned_to_id else None
    concern.assign(membership)
    log_action(actor, "concern.assigned", concern,
               changes={"assigned_to": [before, membership.user.full_name]})
    return concern


@transaction.atomic
def add_note(actor, concern, *, kind: str, text: str) -> Note:
    """Add an investigation note or an action taken (staff-only, never edited)."""
    if kind not in Note.Kind.values:
        raise ServiceError(_("Choose whether this is a note or an action taken."))
    text = _required(text, _("Write the note first."))
    concern = _locked(concern)
    note = Note.objects.create(concern=concern, kind=kind, text=text, author=actor)
    if concern.status in (Concern.Status.RECEIVED, Concern.Status.ACKNOWLEDGED):
        concern.status = Concern.Status.INVESTIGATING
        concern.save(update_fields=["status"])
    # The note's words stay out of the audit trail, which more people may read.
    log_action(actor, f"concern.{kind}_added", concern)
    return note


def _clean_file(upload) -> tuple[ContentFile, str]:
    """A PDF kept as it is, or a photo re-encoded without its metadata
    (``preschool.lib.uploads.photo_or_pdf``); else a clear error."""
    try:
        return photo_or_pdf(upload)
    except ValidationError as exc:
        if exc.code == "format":
            raise ServiceError(_("Attach a PDF document or a photo (JPEG or PNG).")) from None
        raise ServiceError(exc.messages[0]) from None


@transaction.atomic
def add_attachment(actor, concern, upload, *, description: str = "") -> Attachment:
    """Keep a file with the concern, stored privately under a random name."""
    content, content_type = _clean_file(upload)
    original = (getattr(upload, "name", "") or "file").replace("\\", "/").split("/")[-1][:150]
    attachment = Attachment(concern=concern, original_name=original, content_type=content_type,
                            size=content.size, description=description.strip()[:200],
                            uploaded_by=actor)
    attachment.file.save(content.name, content, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
    except Exception:
        default_storage.delete(stored)
        raise
    log_action(actor, "concern.attachment_added", concern,
               changes={"file": original, "type": content_type})
    return attachment


@transaction.atomic
def close_with_outcome(actor, concern, *, outcome: str, action_taken: str = "",
                       notified_via: str) -> Outcome:
    """Close the concern with its outcome, told to the person who raised it in writing.

    A concern has one outcome: a second is refused and nothing changes.
    """
    concern = _locked(concern)
    if concern.is_closed or Outcome.objects.filter(concern=concern).exists():
        raise ServiceError(_("This concern is already closed and its outcome has been sent. "
                           "Add a note if something has happened since."))
    outcome = _required(outcome, _("Write the outcome the person will read."))
    if concern.is_anonymous:
        notified_via = Outcome.Via.NOBODY
    elif notified_via not in Outcome.Via.values or notified_via == Outcome.Via.NOBODY:
        raise ServiceError(_("Choose how the person is told the outcome."))
    elif notified_via == Outcome.Via.EMAIL and not concern.reply_to:
        raise ServiceError(_("We have no email address for this person: choose how else you "
                           "will tell them (a letter, in person or by phone)."))
    try:
        with transaction.atomic():
            result = Outcome.objects.create(
                concern=concern, outcome=outcome, action_taken=action_taken.strip(),
                notified_via=notified_via, notified_at=timezone.now(), decided_by=actor)
    except IntegrityError:
        raise ServiceError(_("This concern is already closed and its outcome has been "
                           "sent.")) from None
    concern.close()
    log_action(actor, "concern.closed", concern,
               changes={"notified_via": notified_via,
                        "within_28_days": result.within_deadline})
    if notified_via == Outcome.Via.EMAIL:
        _tell_complainant(concern, "outcome")
    return result


@transaction.atomic
def share_with_staff(actor, concern) -> Concern:
    """Share a compliment or suggestion with the staff team (their home page shows it)."""
    concern = _locked(concern)
    if not concern.can_be_shared:
        raise ServiceError(_("Only compliments and suggestions are shared with the staff team."))
    if concern.shared_with_staff_at is not None:
        raise ServiceError(_("This has already been shared with the staff team."))
    concern.shared_with_staff_at, concern.shared_by = timezone.now(), actor
    concern.save(update_fields=["shared_with_staff_at", "shared_by"])
    log_action(actor, "concern.shared_with_staff", concern)
    return concern
