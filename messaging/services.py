"""Sending, reading, withdrawing and flagging messages; staff's working hours.

Each operation takes the acting user, runs in a transaction and is written to the audit
trail where it changes a record people rely on (a withdrawal, a flag, working hours). The
other side is told through ``notifications.services.notify`` (never the sender), which keeps
only those who may hear of the child.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrPromise

from keyperson.permissions import current_assignments
from messaging.models import Conversation, Message, ReadMarker
from notifications.models import Category, Notification
from notifications.services import done, notify
from preschool.lib.uploads import photo_or_pdf
from preschool.models import STAFF_ROLES, Membership, Role, log_action
from preschool.permissions import membership_in
from preschool.services import ServiceError

Audience = Conversation.Audience
# A photo or PDF in a message: as a complaint's attachment, at most this size.
MAX_FILE_BYTES = 10 * 1024 * 1024


def managers_of(setting) -> list[Membership]:
    return list(Membership.objects.active().for_setting(setting).filter(role=Role.MANAGER)
                .select_related("user"))


def answering_staff(conversation) -> list[Membership]:
    """Who is expected to answer a family in this conversation: the key person and back-up
    (the managers when the child has neither), or the managers."""
    if conversation.audience == Audience.KEY_PERSON:
        key_people = [a.staff for a in current_assignments(conversation.child).values()]
        if key_people:
            return key_people
    return managers_of(conversation.setting)


def reply_expected(conversation, moment: datetime) -> str:
    """What a family writing at ``moment`` is told about a reply: empty when someone who
    answers is at work; else when the earliest of them is back, with any out-of-office note."""
    staff = answering_staff(conversation)
    if not staff or any(m.is_working_at(moment) for m in staff):
        return ""
    today = timezone.localdate(moment)
    notes = [_("%(name)s: “%(note)s”") % {"name": m.user.full_name,
                                                      "note": m.out_of_office}
             for m in staff if m.is_out_of_office_on(today)]
    starts = [s for s in (m.next_working_start(moment) for m in staff) if s is not None]
    text = _("The staff who answer are not at work now.")
    if starts:
        back = min(starts)
        text += " " + _("Expect a reply from %(day)s at %(time)s.") % {
            "day": date_format(back, "l j E"), "time": date_format(back, "G:i")}
    if notes:
        text += " " + _("Out of office: %(notes)s.") % {"notes": "; ".join(notes)}
    return text


def _store_file(message: Message, upload) -> None:
    try:
        content, content_type = photo_or_pdf(upload, max_bytes=MAX_FILE_BYTES)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0]) from None
    message.file_name = (_pdf_name(getattr(upload, "name", "")) if content_type
                         == "application/pdf" else "photo.jpg")
    message.file_type = content_type
    message.file.save(content.name, content, save=False)


def _pdf_name(uploaded: str) -> str:
    """The name a PDF is downloaded under: the sender's, always ending in ".pdf", so that a
    PDF named "letter.html" is never saved, and later opened, as a web page."""
    name = (uploaded or "").replace("\\", "/").split("/")[-1].strip()
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return f"{stem[:140] or 'document'}.pdf"


def _check_can_write(actor, conversation) -> Membership:
    membership = membership_in(actor, conversation.setting)
    if membership is None or not (membership.is_staff_member or membership.is_family):
        raise ServiceError(_("Only the child's family and the setting's staff write here."))
    if membership.is_family and conversation.audience == Audience.ROOM_STAFF:
        raise ServiceError(_("Only staff write here."))
    child = conversation.child
    if child is not None and child.has_left:
        raise ServiceError(_("%(name)s has left the setting: this conversation is kept, "
                             "but closed.") % {"name": child.known_as})
    return membership


def send(actor, conversation: Conversation, *, text: str, upload=None) -> Message:
    """Add a message to ``conversation`` (the caller has checked the actor may read it) and
    tell the other side. Text, a photo or PDF, or both; never neither."""
    text = (text or "").strip()
    if not text and upload is None:
        raise ServiceError(_("Write a message, or add a photo or PDF."))
    membership = _check_can_write(actor, conversation)
    message = Message(conversation=conversation, sender=actor,
                      from_staff=membership.is_staff_member, text=text)
    if upload is not None:
        _store_file(message, upload)
    stored = message.file.name if message.file else None
    try:
        with transaction.atomic():
            _save_and_tell(actor, conversation, message)
    except Exception:
        if stored:
            default_storage.delete(stored)
        raise
    return message


def _save_and_tell(actor, conversation, message):
    message.save()
    conversation.last_message, conversation.last_message_at = message, message.created_at
    Conversation.objects.filter(pk=conversation.pk).update(
        last_message=message, last_message_at=message.created_at)
    mark_read(actor, conversation, message.created_at)
    url = conversation.get_absolute_url()
    notify(setting=conversation.setting,
           recipients=_other_side(actor, conversation, message) - _still_unread(url),
           category=Category.MESSAGE, title=_title(actor, conversation), url=url,
           child=conversation.child)


def _still_unread(url: str) -> set[int]:
    """Who has not yet opened their notification of this conversation: one notification (and
    so at most one email or push) until they read it, however many messages are written
    meanwhile, so that nobody can flood a key person's inbox or phone. One query."""
    return set(Notification.objects.unread().filter(url=url, category=Category.MESSAGE)
               .values_list("recipient_id", flat=True))


def _other_side(actor, conversation, message) -> set[int]:
    if conversation.audience == Audience.ROOM_STAFF:
        ids = set(Membership.objects.active().for_setting(conversation.setting)
                  .filter(role__in=STAFF_ROLES).values_list("user_id", flat=True))
    elif message.from_staff:
        # The family: notify() keeps only those who may hear of the child.
        ids = set(conversation.child.adults.filter(user__isnull=False)
                  .values_list("user_id", flat=True))
    else:
        ids = {m.user_id for m in answering_staff(conversation)}
    return ids - {actor.pk}


def _title(actor, conversation) -> str | StrPromise:
    """In each recipient's language (``notify``)."""
    if conversation.room_id:
        return format_lazy(gettext_lazy("{name} wrote to the {room} staff"),
                           name=actor.full_name, room=str(conversation.room))
    return format_lazy(gettext_lazy("New message from {name} about {child}"),
                       name=actor.full_name, child=conversation.child.known_as)


@transaction.atomic
def start(actor, setting, *, audience: str, child=None, room=None, text: str,
          upload=None) -> Message:
    """Write about a child (to their key person or the manager) or to a room's staff: the
    conversation of that child and audience (or room) is continued, or started."""
    if audience not in Audience.values:
        raise ServiceError(_("Choose whom to write to."))
    if audience == Audience.ROOM_STAFF:
        if room is None:
            raise ServiceError(_("Choose the room."))
        key = {"room": room, "audience": audience}
    else:
        if child is None:
            raise ServiceError(_("Choose the child this message is about."))
        key = {"child": child, "audience": audience}
    conversation = Conversation.objects.filter(setting=setting, **key).first()
    if conversation is None:
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(setting=setting, started_by=actor,
                                                           **key)
        except IntegrityError:  # started at the same moment by someone else: continue it
            conversation = Conversation.objects.get(setting=setting, **key)
    conversation.setting = setting
    return send(actor, conversation, text=text, upload=upload)


def mark_read(user, conversation, moment: datetime | None = None) -> None:
    """The person has read ``conversation`` up to ``moment`` (now): one upsert, and a marker
    never goes back. Their notifications of it are read too: the centre emails none of them
    after its batching window."""
    moment = moment or timezone.now()
    done(conversation.get_absolute_url(), user=user)
    marker, created = ReadMarker.objects.get_or_create(
        conversation=conversation, user=user, defaults={"last_read_at": moment})
    if not created and marker.last_read_at < moment:
        ReadMarker.objects.filter(pk=marker.pk, last_read_at__lt=moment).update(
            last_read_at=moment)


@transaction.atomic
def withdraw(actor, message: Message) -> Message:
    """The staff author withdraws their message within the time allowed. Its words stay in the
    database; families read "message withdrawn"; the audit trail keeps the withdrawal. A
    flagged message is never withdrawn."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.is_flagged:
        raise ServiceError(_("This message was flagged to the safeguarding lead: it cannot be "
                             "withdrawn."))
    if not message.can_be_withdrawn_by(actor):
        raise ServiceError(_("Only the member of staff who wrote a message can withdraw it, "
                             "within 8 days."))
    message.withdrawn_at = timezone.now()
    message.save(update_fields=["withdrawn_at"])
    conversation = message.conversation
    log_action(actor, "message.withdrawn", conversation, setting=conversation.setting,
               changes={"message": str(message.uuid), "sent_at": message.created_at.isoformat()})
    return message


def safeguarding_leads(setting) -> list[Membership]:
    """The designated safeguarding lead(s) of the setting; its managers when none is named."""
    leads = list(Membership.objects.active().for_setting(setting).staff()
                 .filter(is_safeguarding_lead=True).select_related("user"))
    return leads or managers_of(setting)


@transaction.atomic
def flag(actor, message: Message) -> Message:
    """A member of staff flags a message to the designated safeguarding lead(s): an audit
    line and a safeguarding notification. The message can then never be withdrawn."""
    membership = membership_in(actor, message.conversation.setting)
    if membership is None or not membership.is_staff_member:
        raise ServiceError(_("Only staff flag a message to the safeguarding lead."))
    updated = Message.objects.filter(pk=message.pk, flagged_at__isnull=True).update(
        flagged_at=timezone.now(), flagged_by=actor)
    if not updated:
        raise ServiceError(_("This message is already flagged to the safeguarding lead."))
    message.refresh_from_db()
    conversation = message.conversation
    log_action(actor, "message.flagged", conversation, setting=conversation.setting,
               changes={"message": str(message.uuid)})
    if conversation.child is not None:
        title = format_lazy(gettext_lazy("{name} flagged a message about {child}"),
                            name=actor.full_name, child=conversation.child.known_as)
    else:
        title = format_lazy(gettext_lazy("{name} flagged a message about the {room} staff"),
                            name=actor.full_name, room=str(conversation.room))
    notify(setting=conversation.setting,
           recipients={m.user_id for m in safeguarding_leads(conversation.setting)} - {actor.pk},
           category=Category.SAFEGUARDING,
           title=title,
           url=f"{conversation.get_absolute_url()}#m-{message.uuid}",
           child=conversation.child, urgent=True)
    return message


AVAILABILITY_FIELDS = ("working_days", "works_from", "works_until", "out_of_office",
                       "out_of_office_until")


@transaction.atomic
def update_availability(actor, membership: Membership, **values) -> Membership:
    """A member of staff sets their own working hours and out-of-office note."""
    if membership.user_id != actor.pk or not membership.is_staff_member:
        raise ServiceError(_("Only a member of staff sets their own working hours."))
    if values["works_from"] >= values["works_until"]:
        raise ServiceError(_("The end of the working day must come after its start."))
    changes = {f: [str(getattr(membership, f)), str(values[f])] for f in AVAILABILITY_FIELDS
               if getattr(membership, f) != values[f]}
    if changes:
        for field, value in values.items():
            setattr(membership, field, value)
        membership.save(update_fields=list(AVAILABILITY_FIELDS))
        log_action(actor, "membership.availability_changed", membership, changes=changes)
    return membership

