"""Collection: who may collect a child, the day's password, signing out and late collection.

Each operation takes the acting user, runs in a transaction, writes the audit trail with
log_action (never a password: not even the hash) and queues emails on commit through
preschool.lib.reminders.schedule. A ServiceError carries a message for the person and means
nothing was changed.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from attendance import services as attendance_services
from attendance.models import AttendanceRecord
from attendance.register import hands_over
from collection.models import (
    AuthorisedCollector,
    CollectionPassword,
    LateCollection,
    PasswordAttempt,
    normalise_password,
)
from preschool.i18n import SOURCE_LANGUAGE
from preschool.lib.reminders import schedule
from preschool.lib.uploads import reencode_image
from preschool.models import log_action
from preschool.services import ServiceError

# A spoken password must be long enough not to be guessed at the door.
PASSWORD_MIN_LENGTH = 6
PASSWORD_MAX_LENGTH = 100
# Wrong passwords for one child and day before checks stop for a while; the count is of the
# PasswordAttempt rows in the database.
MAX_WRONG_ATTEMPTS = 5
LOCK_MINUTES = 10
# How far ahead a parent may set a password.
PASSWORD_DAYS_AHEAD = 28
# Collector photos are shown small, at the door: no need for more pixels.
COLLECTOR_PHOTO_MAX_EDGE = 600


class CollectionRefused(ServiceError):
    """The adult must not be given the child: staff are told to call the manager."""


# --- Who may collect ----------------------------------------------------------------------------

@dataclass
class Collector:
    token: str
    name: str
    relationship: str
    phone: str = ""
    photo_url: str = ""
    restriction: str = ""
    source: str = "record"
    uuid: str = ""


def _same_person(a: str, b: str) -> bool:
    return normalise_password(a) == normalise_password(b)


def collectors_for(child, *, day: date | None = None, with_password: bool = True):
    """Who may collect ``child`` (adults on the record with "may collect", and adults the family
    named), who must not (adults under a court or safeguarding restriction, and anyone named who
    shares their name), and (``with_password``) the day's collection password if one is set.
    Three queries, or two.
    """
    day = day or timezone.localdate()
    adults = list(child.adults.all())
    # The register row drawn after a sign-out uses them too (attendance.register.build_rows).
    child.register_adults = adults
    restricted = [a for a in adults if a.restriction]
    allowed: list[Collector] = []
    refused: list[Collector] = []
    linked: set[int] = set()
    named = list(AuthorisedCollector.objects.active().filter(child=child)
                 .select_related("child_adult").order_by("name"))
    for c in named:
        restriction = c.child_adult.restriction if c.child_adult_id else ""
        restriction = restriction or next(
            (a.restriction for a in restricted if _same_person(a.name, c.name)), "")
        photo = (reverse("collection-collector-photo", args=[c.uuid]) + f"?v={c.pk}"
                 if c.photo else "")
        entry = Collector(token=f"named:{c.uuid}", name=c.name, relationship=c.relationship,
                          phone=c.phone, photo_url=photo, restriction=restriction,
                          source="named", uuid=str(c.uuid))
        (refused if restriction else allowed).append(entry)
        if c.child_adult_id:
            linked.add(c.child_adult_id)
    for a in adults:
        if a.pk in linked:
            continue
        if a.restriction:
            refused.append(Collector(token=f"adult:{a.uuid}", name=a.name,
                                     relationship=a.relationship, restriction=a.restriction))
        elif a.may_collect and hands_over(a):
            allowed.append(Collector(token=f"adult:{a.uuid}", name=a.name,
                                     relationship=a.relationship, phone=a.phone))
    allowed.sort(key=lambda c: c.name.lower())
    password = None
    if with_password:
        password = (CollectionPassword.objects.active_on(day).filter(child=child)
                    .select_related("set_by").first())
    return allowed, refused, password


def _resolve(record, token: str, now) -> tuple[Collector, CollectionPassword | None]:
    """The collector a sign-out names, or ServiceError when they may not be chosen."""
    kind, _sep, value = (token or "").partition(":")
    child = record.child
    if kind == "adult":
        # The usual case, in one query: an adult on the record who may collect (or must not).
        adults = list(child.adults.all())
        child.register_adults = adults
        adult = next((a for a in adults if str(a.uuid) == value), None)
        if adult is not None and (adult.restriction or (adult.may_collect
                                                         and hands_over(adult))):
            return Collector(token=token, name=adult.name, relationship=adult.relationship,
                             phone=adult.phone, restriction=adult.restriction), None
    allowed, refused, password = collectors_for(child, day=record.date,
                                                with_password=kind == "password")
    for collector in refused:
        if collector.token == token:
            return collector, None
    for collector in allowed:
        if collector.token == token:
            return collector, None
    if kind == "password" and password is not None and str(password.uuid) == value:
        if record.date != timezone.localdate(now):
            raise ServiceError(_("A collection password works only on its own day."))
        if password.used_at is not None:
            raise ServiceError(_("The collection password has already been used today."))
        if password.verified_at is None:
            raise ServiceError(_("Check the password %(name)s gives before releasing "
                                 "%(child)s.") % {"name": password.collector_name,
                                                  "child": child.known_as})
        return Collector(token=token, name=password.collector_name,
                         relationship=password.collector_relationship,
                         source="password"), password
    if not token:
        raise ServiceError(_("Choose who is collecting %(child)s.") % {"child": child.known_as})
    raise ServiceError(_("That person is not named as someone who may collect %(child)s. Do "
                         "not release the child: call the family and the manager.")
                       % {"child": child.known_as})


# --- Signing out ----------------------------------------------------------------------------------

def sign_out(actor, record, *, token: str, late_reason: str = "", now=None):
    """Sign the child of ``record`` out to the collector ``token`` names.

    Only an authorised collector, or the adult named with a collection password staff have
    checked today, may be chosen. An adult under a restriction is refused: the refusal is
    written to the audit trail and CollectionRefused tells staff to call the manager. After the
    session's end, the reason for the late collection is required and kept. Returns the room's
    ratio check.
    """
    now = now or timezone.now()
    child = record.child
    if not record.is_open:
        raise ServiceError(_("%(child)s is not signed in.") % {"child": child.known_as})
    collector, password = _resolve(record, token, now)
    if collector.restriction:
        with transaction.atomic():
            log_action(actor, "collection.refused", record,
                       changes={"adult": collector.name},
                       label=f"{child.full_name}: not released to {collector.name}")
        raise CollectionRefused(
            _("Do not release %(child)s to %(name)s: there is a restriction on %(child)s's "
              "record. Keep %(child)s safe inside and call the manager now.")
            % {"child": child.known_as, "name": collector.name})
    late_reason = (late_reason or "").strip()
    session_end = record.session_end()
    late = session_end is not None and now > session_end
    if late and not late_reason:
        raise ServiceError(_("%(child)s's session ended at %(time)s: this is a late "
                             "collection. Write down the reason the adult gives.")
                           % {"child": child.known_as,
                              "time": f"{timezone.localtime(session_end):%H:%M}"})
    with transaction.atomic():
        check = (AttendanceRecord.Check.PASSWORD if password is not None
                 else AttendanceRecord.Check.NAMED)
        if password is not None:
            used = CollectionPassword.objects.filter(
                pk=password.pk, used_at__isnull=True, verified_at__isnull=False,
                cancelled_at__isnull=True).update(used_at=now, used_by=actor,
                                                  used_record=record)
            if not used:
                raise ServiceError(_("The collection password has already been used today."))
        ratio = attendance_services.complete_sign_out(
            actor, record, collected_by=collector.name, relationship=collector.relationship,
            check=check, now=now)
        if late:
            LateCollection.objects.create(
                setting_id=record.setting_id, child=child, record=record,
                session_ended_at=session_end, collected_at=now,
                minutes_late=int((now - session_end).total_seconds() // 60),
                collected_by=collector.name, reason=late_reason[:1000], recorded_by=actor)
            log_action(actor, "collection.late", record, setting=child.setting,
                       changes={"minutes_late": int((now - session_end).total_seconds() // 60),
                                "reason": late_reason[:1000]},
                       label=f"{child.full_name} collected late")
        if password is not None:
            log_action(actor, "collection_password.used", password,
                       changes={"collector": password.collector_name})
            schedule("collection-password-used", object_key=str(password.uuid),
                     recipient_email=password.set_by.email, recipient=password.set_by,
                     setting=record.setting)
    return ratio


# --- Collection passwords -------------------------------------------------------------------------

def _words(value: str) -> set[str]:
    return set(normalise_password(value).split())


def validate_password(child, collector_name: str, password: str) -> None:
    """ServiceError when the password is too short, too long, or would be easy to guess (the
    child's name, or the collector's, which staff will hear anyway)."""
    clean = normalise_password(password)
    if len(clean) < PASSWORD_MIN_LENGTH:
        raise ServiceError(_("The password needs at least %(length)s characters. A short "
                             "phrase is easy to say and hard to guess.")
                           % {"length": PASSWORD_MIN_LENGTH})
    if len(clean) > PASSWORD_MAX_LENGTH:
        raise ServiceError(_("Keep the password under %(length)s characters.")
                           % {"length": PASSWORD_MAX_LENGTH})
    guessable = (_words(child.first_name) | _words(child.last_name) | _words(child.known_as)
                 | _words(collector_name))
    if _words(password) & guessable:
        raise ServiceError(_("Do not use the child's name or the collector's name in the "
                             "password: choose something only you and they know."))


@transaction.atomic
def set_password(actor, child, *, for_date: date, collector_name: str, relationship: str,
                 password: str) -> CollectionPassword:
    """A parent sets the password an adult unknown to staff will give on ``for_date``.

    Only its hash is stored. A password already set for that day (and not yet used) is
    cancelled and replaced.
    """
    collector_name = " ".join((collector_name or "").split())
    relationship = " ".join((relationship or "").split())
    today = timezone.localdate()
    if not collector_name:
        raise ServiceError(_("Give the name of the adult who will collect."))
    if for_date < today:
        raise ServiceError(_("Choose today or a day to come."))
    if for_date > today + timedelta(days=PASSWORD_DAYS_AHEAD):
        raise ServiceError(_("Set the password at most %(days)s days ahead.")
                           % {"days": PASSWORD_DAYS_AHEAD})
    if child.has_left:
        raise ServiceError(_("%(child)s has left the setting.") % {"child": child.full_name})
    validate_password(child, collector_name, password)
    existing = (CollectionPassword.objects.select_for_update().active_on(for_date)
                .filter(child=child).first())
    if existing is not None:
        if existing.used_at is not None:
            raise ServiceError(_("The password for %(day)s has already been used.")
                               % {"day": date_format(for_date, "l j E")})
        CollectionPassword.objects.filter(pk=existing.pk).update(
            cancelled_at=timezone.now(), cancelled_by=actor)
        log_action(actor, "collection_password.replaced", existing)
    new = CollectionPassword(setting_id=child.setting_id, child=child, for_date=for_date,
                             collector_name=collector_name[:150],
                             collector_relationship=relationship[:60], set_by=actor)
    new.set_password(password)
    new.save()
    log_action(actor, "collection_password.set", new,
               changes={"for_date": str(for_date), "collector": collector_name})
    return new


@transaction.atomic
def cancel_password(actor, password) -> None:
    if password.cancelled_at is not None:
        raise ServiceError(_("This password was already cancelled."))
    if password.used_at is not None:
        raise ServiceError(_("This password has been used; it stays on the record."))
    if password.for_date < timezone.localdate():
        raise ServiceError(_("This password has expired."))
    CollectionPassword.objects.filter(pk=password.pk, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now(), cancelled_by=actor)
    log_action(actor, "collection_password.cancelled", password)


@dataclass
class CheckResult:
    result: str            # a PasswordAttempt.Result, or "none" when no password is set
    password: CollectionPassword | None = None
    remaining: int = 0
    locked_until: object = None


def check_password(actor, child, attempt: str, *, now=None) -> CheckResult:
    """Staff type what the adult at the door says; the answer is match or no match.

    Every check is kept (PasswordAttempt: who, when, the answer; never what was typed). After
    MAX_WRONG_ATTEMPTS wrong passwords in LOCK_MINUTES for the child that day, checks are refused
    until the oldest of them is LOCK_MINUTES old, and the parent who set the password is told.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    with transaction.atomic():
        # One check at a time for this child's password, so two tablets cannot both get past
        # the count.
        password = (CollectionPassword.objects.select_for_update().active_on(day)
                    .filter(child=child).select_related("set_by").first())
        if password is None:
            return CheckResult("none")
        if password.used_at is not None:
            return CheckResult("used", password)
        window_start = now - timedelta(minutes=LOCK_MINUTES)
        wrong = list(PasswordAttempt.objects.filter(
            child=child, for_date=day, result=PasswordAttempt.Result.NO_MATCH,
            tried_at__gt=window_start).order_by("tried_at").values_list("tried_at", flat=True))
        attempt_row = PasswordAttempt(setting_id=child.setting_id, child=child,
                                      password=password, for_date=day, tried_at=now,
                                      tried_by=actor)
        if len(wrong) >= MAX_WRONG_ATTEMPTS:
            attempt_row.result = PasswordAttempt.Result.LOCKED
            attempt_row.save()
            log_action(actor, "collection_password.refused_locked", password)
            until = wrong[-MAX_WRONG_ATTEMPTS] + timedelta(minutes=LOCK_MINUTES)
            return CheckResult(PasswordAttempt.Result.LOCKED, password, locked_until=until)
        matched = bool(attempt) and password.verify(attempt)
        attempt_row.result = (PasswordAttempt.Result.MATCH if matched
                              else PasswordAttempt.Result.NO_MATCH)
        attempt_row.save()
        with translation.override(SOURCE_LANGUAGE):  # the audit trail is kept in English
            result_label = str(attempt_row.get_result_display())
        log_action(actor, "collection_password.checked", password,
                   changes={"result": result_label})
        if matched:
            CollectionPassword.objects.filter(pk=password.pk, verified_at__isnull=True).update(
                verified_at=now, verified_by=actor)
            password.verified_at = password.verified_at or now
            return CheckResult(PasswordAttempt.Result.MATCH, password)
        remaining = MAX_WRONG_ATTEMPTS - len(wrong) - 1
        if remaining <= 0:
            log_action(actor, "collection_password.locked", password)
            schedule("collection-password-locked", object_key=str(password.uuid),
                     recipient_email=password.set_by.email, recipient=password.set_by,
                     setting=child.setting)
            until = (wrong + [now])[-MAX_WRONG_ATTEMPTS] + timedelta(minutes=LOCK_MINUTES)
            return CheckResult(PasswordAttempt.Result.LOCKED, password, locked_until=until)
        return CheckResult(PasswordAttempt.Result.NO_MATCH, password, remaining=remaining)


# --- Authorised collectors ------------------------------------------------------------------------

@transaction.atomic
def add_collector(actor, child, *, name: str, relationship: str, phone: str = "",
                  photo=None, child_adult=None) -> AuthorisedCollector:
    """Name an adult who may collect ``child``. A photo is re-encoded (preschool.lib.uploads)
    before anything is stored; a file that is not a picture raises ValidationError."""
    if child_adult is not None:
        if child_adult.child_id != child.pk:
            raise ServiceError(_("Choose one of the child's adults."))
        name = name or child_adult.name
        relationship = relationship or child_adult.relationship
        phone = phone or child_adult.phone
    name, relationship = " ".join((name or "").split()), " ".join((relationship or "").split())
    if not name:
        raise ServiceError(_("Give the collector's full name."))
    if not relationship:
        raise ServiceError(_("Say who they are to the child (for example: grandmother)."))
    if child.has_left:
        raise ServiceError(_("%(child)s has left the setting.") % {"child": child.full_name})
    if child_adult is not None and not hands_over(child_adult):
        raise ServiceError(_("This adult cannot be named as a collector. Please speak to the "
                             "manager."))
    duplicate = AuthorisedCollector.objects.active().filter(child=child)
    if child_adult is not None and duplicate.filter(child_adult=child_adult).exists():
        raise ServiceError(_("%(name)s is already named.") % {"name": name})
    if child_adult is None and duplicate.filter(name__iexact=name).exists():
        raise ServiceError(_("%(name)s is already named.") % {"name": name})
    clean_photo = reencode_image(photo, max_edge=COLLECTOR_PHOTO_MAX_EDGE) if photo else None
    collector = AuthorisedCollector(setting_id=child.setting_id, child=child,
                                    child_adult=child_adult, name=name[:150],
                                    relationship=relationship[:60], phone=(phone or "")[:30],
                                    added_by=actor)
    if clean_photo is not None:
        collector.photo.save(clean_photo.name, clean_photo, save=False)
    try:
        collector.save()
        log_action(actor, "collector.added", collector,
                   changes={"name": collector.name, "relationship": collector.relationship,
                            "photo": bool(clean_photo)})
    except Exception:
        if clean_photo is not None:
            default_storage.delete(collector.photo.name)
        raise
    return collector


@transaction.atomic
def remove_collector(actor, collector) -> None:
    """The adult may no longer collect; the row (and photo) stay on record."""
    if collector.removed_at is not None:
        raise ServiceError(_("%(name)s was already removed.") % {"name": collector.name})
    AuthorisedCollector.objects.filter(pk=collector.pk, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=actor)
    log_action(actor, "collector.removed", collector)
