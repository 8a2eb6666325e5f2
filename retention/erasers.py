"""Erasing and anonymising each kind of record at the end of its retention period.

The retention run (the nightly task of ``retention``) asks, for each record type of
``retention.schedule.SCHEDULE`` and each setting, ``find(record_type, setting, period, cutoff,
holds)``: what of that type is due (its period ended on or before ``cutoff``) and not under a
legal hold. A fortnight later it calls ``erase(record_type, setting, keys, holds)`` with the keys
it listed; ``erase`` checks the holds again (a hold placed meanwhile wins) and erases, or
anonymises where a record must stay for statistics. Stored files go after the transaction
commits, so a rolled-back run leaves every file in place.

Keys. Records kept about a child go together, so the key of the child-based types is the
child's UUID (every record of that type about that child); a complaint, a questionnaire, an
invitation and an account are their own UUID; the audit trail's key is the last day erased.

Holds. ``Holds.child_ids`` covers everything about those children; ``Holds.user_ids`` every
record naming those adults (a child whose records of a type name a held adult keeps all of
that type); ``Holds.records`` holds ``(model label, uuid)`` pairs such as
``("consents.accident", "…")`` (and ``(record type, key)`` pairs), and keeps what that record
belongs to.

Decisions the schedule leaves open, recorded here once:

- The child's row is never deleted: the records kept longest (medication, accidents,
  safeguarding, the looks at the record) refer to it. At the end of the child's record it is
  anonymised: it keeps what statistics need (the month and year of birth, the room, start and
  leaving dates, SEN status, EAL, looked after, sex, a funded two-year-old place and the Early
  Years Pupil Premium) and loses names, health text and contacts.
- A child with long-term medication (a permission for more than ``LONG_TERM_DAYS`` days), a
  serious injury or a severe allergy has all their medication and accident records kept as
  "serious" records, until their 25th birthday: the records of one child are kept whole.
- A link to an adult that records a court or safeguarding restriction is a safeguarding record:
  it outlives the child's record and goes with the safeguarding records. So do the child's
  conversations holding a message flagged to the safeguarding lead.
- An account is anonymised only when its person has no current link anywhere (a membership
  not ended, a child on roll); their name stays while a kept record (medication, accidents,
  complaints) names them, their contact details and sign-in go.

Every query here is per type and setting, never per child or row: ``find`` runs a fixed
number of queries whatever the number of children (``tests/retention``).
"""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.utils import timezone

from api.models import ApiTokenUse
from attendance.models import Absence, AttendanceRecord, RegularSession
from collection.models import (
    AuthorisedCollector,
    CollectionPassword,
    LateCollection,
    PasswordAttempt,
)
from complaints.models import Attachment, Concern, Note, Outcome
from consents.models import (
    Accident,
    AccidentAcknowledgement,
    ConsentAnswer,
    DoseAcknowledgement,
    DoubleDoseReview,
    MedicationDose,
    MedicationPermission,
    OfstedNotification,
    Outing,
)
from events.models import Rsvp
from families.models import (
    AgreementSignature,
    AllAboutMe,
    Allergy,
    Child,
    ChildAdult,
    RecordChange,
    RecordView,
)
from keyperson.models import (
    Booking,
    HomeVisit,
    MeetingRequest,
    SettlingComment,
    SettlingInPlan,
    SettlingVisit,
)
from learning_journal.checks import add_months
from learning_journal.models import (
    CheckArea,
    Comment,
    DiaryEntry,
    Keepsake,
    Media,
    Notice,
    Observation,
    ObservationChild,
    ObservationReturn,
    ProgressCheck,
)
from messaging.models import Conversation, Message, ReadMarker
from news.models import Post, PostPhoto
from notifications.models import Notification, Preference, QuietHours
from policies.models import Answer, HasAnswered, Questionnaire, Response
from preschool.models import AuditEvent, Invitation, Membership, User
from preschool.tenancy import setting_scope
from progress.models import Assessment, Judgement, JudgementEvidence
from push.models import PushSubscription
from retention.schedule import Period

# A medication permission for longer than this is long-term medication (a "serious" record).
LONG_TERM_DAYS = 28
SEVERE_ALLERGIES = (Allergy.Severity.SEVERE, Allergy.Severity.ANAPHYLAXIS)


@dataclass
class Holds:
    child_ids: set[int] = field(default_factory=set)
    user_ids: set[int] = field(default_factory=set)
    records: set[tuple[str, str]] = field(default_factory=set)

    def uuids_of(self, label: str) -> set[str]:
        return {key for kind, key in self.records if kind == label}


@dataclass
class Batch:
    record_type: str
    keys: list[str]
    lines: list[str]
    count: int


@contextmanager
def retention_run() -> Iterator[None]:
    """A transaction in which the database lets the retention run erase kept records.

    The triggers that keep medication, accidents, the register, messages and the audit trail
    (migrations ``*_records_erased_only_by_the_retention_run``) let a DELETE, or the UPDATE
    that anonymises, through only when the transaction has set ``portal.retention``. ``SET
    LOCAL`` ends with the transaction, so nothing else ever runs with it.
    """
    postgresql = connection.vendor == "postgresql"
    with transaction.atomic():
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL portal.retention = 'on'")
        yield
        # Inside an outer transaction this block is a savepoint: a failure rolls the setting
        # back with it; on success it is turned off here, so the rest of the outer transaction
        # is guarded again.
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL portal.retention = 'off'")


def boundary(period: Period, cutoff: date) -> date:
    """The last day a period may have started on to have ended on or before ``cutoff``."""
    return add_months(cutoff, -(period.years * 12 + period.months)) - timedelta(days=period.days)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _after_commit_delete(names: Iterable[str]) -> None:
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# --- Child-based record types ---------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """The rows of one model that a child-based type erases.

    ``child`` is the path from the model to the child; ``users`` the columns naming adults
    (a hold on one of them keeps the child's records of the type); ``files`` stored files;
    ``unlink`` references to rows of the same model, cleared first so the rows go together.
    Parts are listed dependents first.
    """

    model: type[models.Model]
    child: str = "child"
    users: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    unlink: tuple[str, ...] = ()
    only: Callable[[], Q] | None = None

    def rows(self, child_ids: Iterable[int]) -> models.QuerySet:
        qs = self.model.objects.filter(**{f"{self.child}__in": list(child_ids)})  # type: ignore[attr-defined]
        if self.only is not None:
            qs = qs.filter(self.only())
        return qs


def _not_flagged() -> Q:
    return ~Q(Exists(Message.objects.filter(conversation=OuterRef("conversation_id"),
                                          flagged_at__isnull=False)))


def _conversation_not_flagged() -> Q:
    return ~Q(Exists(Message.objects.filter(conversation=OuterRef("pk"),
                                            flagged_at__isnull=False)))


def _unrestricted() -> Q:
    return Q(restriction="")


def _mild_allergy() -> Q:
    return ~Q(severity__in=SEVERE_ALLERGIES)


def _severe_allergy() -> Q:
    return Q(severity__in=SEVERE_ALLERGIES)


MEDICATION_PARTS = (
    Part(DoseAcknowledgement, "dose__child", users=("acknowledged_by",)),
    Part(DoubleDoseReview, "dose__child", users=("reviewed_by",)),
    Part(MedicationDose, users=("given_by", "witnessed_by", "recorded_by"), unlink=("corrects",)),
    Part(MedicationPermission, users=("requested_by", "checked_by", "ended_by"),
         unlink=("replaces",)),
)
ACCIDENT_PARTS = (
    Part(AccidentAcknowledgement, "accident__child", users=("acknowledged_by",)),
    Part(OfstedNotification, "original__child", users=("recorded_by",)),
    Part(Accident, users=("recorded_by", "first_aid_by"), unlink=("corrects", "original")),
)
JOURNAL_PARTS = (
    Part(Notice, users=("recipient",)),
    Part(Comment, users=("author",)),
    Part(Keepsake, users=("requested_by",), files=("pdf", "photos_zip")),
    # The child's progress is part of the journal's record: the evidence links (which hold
    # the observations), then the judgements, then the assessments.
    Part(JudgementEvidence, "judgement__assessment__child"),
    Part(Judgement, "assessment__child"),
    Part(Assessment, users=("recorded_by", "shared_by", "family_commented_by")),
    # Observations and their media are handled by ``_erase_journal``: an observation of a
    # group stays for the other children.
)
PROGRESS_CHECK_PARTS = (
    Part(Notice, "check_record__child", users=("recipient",)),
    Part(CheckArea, "check_record__child"),
    Part(ProgressCheck, users=("written_by", "signed_off_by", "family_commented_by"),
         files=("pdf",), unlink=("corrects",)),
)
ATTENDANCE_PARTS = (
    Part(PasswordAttempt, users=("tried_by",)),
    Part(LateCollection, users=("recorded_by",)),
    Part(CollectionPassword, users=("set_by",)),
    Part(AttendanceRecord, users=("signed_in_by", "signed_out_by", "created_by"),
         unlink=("corrects",)),
    Part(Absence, users=("reported_by",)),
    Part(RegularSession, users=("added_by",)),
)
MESSAGE_PARTS = (
    # News: the child as one of a post's audience, or named in a post's photo.
    Part(Post.children.through),
    Part(PostPhoto.children_shown.through),
    Part(ReadMarker, "conversation__child", users=("user",), only=_not_flagged),
    Part(Message, "conversation__child", users=("sender",), files=("file",), only=_not_flagged),
    Part(Conversation, users=("started_by",), unlink=("last_message",),
         only=_conversation_not_flagged),
)
SAFEGUARDING_PARTS = (
    Part(ReadMarker, "conversation__child", users=("user",)),
    Part(Message, "conversation__child", users=("sender", "flagged_by"), files=("file",)),
    Part(Conversation, users=("started_by",), unlink=("last_message",)),
    Part(AuthorisedCollector, "child_adult__child", users=("added_by",), files=("photo",)),
    Part(ChildAdult, users=("user",)),
)
CHILD_RECORD_PARTS = (
    Part(AuthorisedCollector, users=("added_by",), files=("photo",),
         only=lambda: Q(child_adult__isnull=True) | Q(child_adult__restriction="")),
    Part(ChildAdult, users=("user",), only=_unrestricted),
    Part(Allergy, only=_mild_allergy),
    Part(AllAboutMe, users=("updated_by",)),
    Part(AgreementSignature, users=("user",)),
    Part(ConsentAnswer, users=("answered_by",)),
    Part(DiaryEntry, users=("author",)),
    Part(RecordChange, users=("changed_by", "reviewed_by")),
    Part(Rsvp, users=("answered_by",)),
    Part(Booking, users=("booked_by",)),
    Part(MeetingRequest, users=("requested_by",)),
    Part(SettlingComment, users=("author",)),
    Part(SettlingVisit, users=("written_by",)),
    Part(HomeVisit, users=("written_by",)),
    Part(SettlingInPlan, users=("updated_by",)),
    Part(Notification, users=("recipient",)),
)
SERIOUS_PARTS = (*MEDICATION_PARTS, *ACCIDENT_PARTS, Part(Allergy, only=_severe_allergy))


def _serious_children() -> Q:
    """Children with long-term medication, a serious injury or a severe allergy."""
    long_term = MedicationPermission.objects.filter(
        child=OuterRef("pk"), end_date__gt=F("start_date") + timedelta(days=LONG_TERM_DAYS))
    return (Q(Exists(long_term))
            | Q(Exists(Accident.objects.filter(child=OuterRef("pk"), serious=True)))
            | Q(Exists(Allergy.objects.filter(child=OuterRef("pk"),
                                              severity__in=SEVERE_ALLERGIES))))


@dataclass(frozen=True)
class ChildType:
    key: str
    parts: tuple[Part, ...]
    by_birth: bool = False  # the period runs from birth (an age), else from leaving
    which: Callable[[], Q] | None = None  # which children the type is about at all
    anonymise_child: bool = False

    def children(self, setting, period: Period, cutoff: date) -> models.QuerySet:
        last = boundary(period, cutoff)
        qs = Child.objects.filter(setting=setting)
        if self.by_birth:
            qs = qs.filter(date_of_birth__lte=last)
        else:
            qs = qs.filter(leaving_date__isnull=False, leaving_date__lte=last)
        if self.which is not None:
            qs = qs.filter(self.which())
        return qs

    def held_children(self, children: list[Child], holds: Holds) -> set[int]:
        """Children whose records of this type are held: at most one query a part."""
        child_ids = [child.pk for child in children]
        held = {child.pk for child in children
                if child.pk in holds.child_ids or (self.key, str(child.uuid)) in holds.records}
        for part in self.parts:
            uuids = holds.uuids_of(_label(part.model))
            condition = Q()
            if uuids:
                condition |= Q(uuid__in=uuids)
            for column in part.users:
                if holds.user_ids:
                    condition |= Q(**{f"{column}__in": holds.user_ids})
            if not condition:
                continue
            held.update(part.rows(child_ids).filter(condition)
                        .values_list(part.child, flat=True))
        if self.key == "journal":  # the observations and their media, which are not parts
            condition = Q()
            observations = _uuids(holds.uuids_of(_label(Observation)))
            media = _uuids(holds.uuids_of(_label(Media)))
            if observations:
                condition |= Q(observation__uuid__in=observations)
            if media:
                condition |= Q(observation__media__uuid__in=media)
            if holds.user_ids:
                condition |= Q(observation__author__in=holds.user_ids)
            if condition:
                held.update(ObservationChild.objects.filter(condition, child__in=child_ids)
                            .values_list("child", flat=True))
        return held

    def counts(self, child_ids: list[int]) -> dict[int, int]:
        totals: dict[int, int] = defaultdict(int)
        for part in self.parts:
            for child_id, count in (part.rows(child_ids).order_by().values(part.child)
                                    .annotate(n=Count("pk")).values_list(part.child, "n")):
                totals[child_id] += count
        if self.key == "journal":
            for child_id, count in (ObservationChild.objects.filter(child__in=child_ids)
                                    .order_by().values("child").annotate(n=Count("pk"))
                                    .values_list("child", "n")):
                totals[child_id] += count
        return totals


CHILD_TYPES = {
    t.key: t for t in (
        ChildType("attendance", ATTENDANCE_PARTS),
        ChildType("medication", MEDICATION_PARTS, by_birth=True,
                  which=lambda: ~_serious_children()),
        ChildType("accidents", ACCIDENT_PARTS, by_birth=True,
                  which=lambda: ~_serious_children()),
        ChildType("serious", SERIOUS_PARTS, by_birth=True),
        ChildType("safeguarding", SAFEGUARDING_PARTS, by_birth=True),
        ChildType("journal", JOURNAL_PARTS),
        ChildType("progress_check", PROGRESS_CHECK_PARTS),
        ChildType("messages", MESSAGE_PARTS),
        ChildType("child_record", CHILD_RECORD_PARTS, anonymise_child=True),
    )
}


def _find_children(kind: ChildType, setting, period: Period, cutoff: date,
                   holds: Holds) -> Batch:
    children = list(kind.children(setting, period, cutoff)
                    .only("pk", "uuid", "first_name", "last_name", "preferred_name",
                          "date_of_birth", "leaving_date").order_by("pk"))
    ids = [child.pk for child in children]
    held = kind.held_children(children, holds) if ids else set()
    counts = kind.counts(ids) if ids else {}
    keys, lines, total = [], [], 0
    for child in children:
        if child.pk in held:
            continue
        count = counts.get(child.pk, 0)
        if kind.anonymise_child:
            if is_anonymised(child):
                continue
            count += 1
        if not count:
            continue
        keys.append(str(child.uuid))
        lines.append(f"{child}: {count}")
        total += count
    return Batch(kind.key, keys, lines, total)


def _erase_children(kind: ChildType, setting, keys: list[str], holds: Holds) -> int:
    listed = Child.objects.filter(setting=setting, uuid__in=_uuids(keys))
    if not kind.by_birth:  # a child who came back since the list was made keeps everything
        listed = listed.filter(leaving_date__isnull=False)
    if kind.which is not None:  # e.g. a serious record made since: kept as serious now
        listed = listed.filter(kind.which())
    children = list(listed)
    held = kind.held_children(children, holds)
    ids = [child.pk for child in children if child.pk not in held]
    if not ids:
        return 0
    erased = 0
    files: list[str] = []
    for part in kind.parts:  # references between the rows first, so they can go together
        if part.unlink:
            part.rows(ids).update(**dict.fromkeys(part.unlink))
    for part in kind.parts:
        rows = part.rows(ids)
        for column in part.files:
            files.extend(rows.exclude(**{column: ""}).values_list(column, flat=True))
        erased += rows.delete()[1].get(_label_cased(part.model), 0)
    if kind.key == "journal":
        erased += _erase_journal(ids, files)
    if kind.key == "child_record":
        erased += _anonymise_children(ids)
    _after_commit_delete(files)
    return erased


def _label_cased(model: type[models.Model]) -> str:
    return model._meta.label


def _erase_journal(child_ids: list[int], files: list[str]) -> int:
    """The children's journal: their links to observations, and each observation (with its
    media and their files) once no other child is left in it."""
    links = ObservationChild.objects.filter(child__in=child_ids)
    observation_ids = list(links.values_list("observation", flat=True).distinct())
    erased = links.delete()[1].get(_label_cased(ObservationChild), 0)
    Media.children_shown.through.objects.filter(child__in=child_ids).delete()
    orphans = Observation.objects.filter(pk__in=observation_ids).exclude(
        Exists(ObservationChild.objects.filter(observation=OuterRef("pk"))))
    media = Media.objects.filter(observation__in=orphans)
    for name, thumbnail in media.values_list("file", "thumbnail"):
        files.extend([name, thumbnail])
    Notice.objects.filter(Q(observation__in=orphans) | Q(comment__observation__in=orphans)).delete()
    Comment.objects.filter(observation__in=orphans).delete()
    ObservationReturn.objects.filter(observation__in=orphans).delete()
    erased += media.delete()[1].get(_label_cased(Media), 0)
    erased += orphans.delete()[1].get(_label_cased(Observation), 0)
    return erased


ANONYMOUS_FIRST_NAME = "Child"


def is_anonymised(child: Child) -> bool:
    return (child.first_name == ANONYMOUS_FIRST_NAME and child.last_name.startswith("born ")
            and not child.preferred_name)


def _anonymise_children(child_ids: list[int]) -> int:
    """Keep what statistics need, erase who the child is."""
    children = list(Child.objects.filter(pk__in=child_ids))
    for child in children:
        child.first_name = ANONYMOUS_FIRST_NAME
        child.last_name = f"born {child.date_of_birth:%Y-%m}"
        child.preferred_name = ""
        child.date_of_birth = child.date_of_birth.replace(day=1)
        for name in ("home_languages", "gp_name", "gp_practice", "gp_phone", "health_visitor",
                     "health_visitor_phone", "dietary_requirements", "dietary_preferences",
                     "medical_needs", "sen_notes", "other_settings",
                     "religious_cultural_requirements"):
            setattr(child, name, "")
    Child.objects.bulk_update(children, [
        "first_name", "last_name", "preferred_name", "date_of_birth", "home_languages",
        "gp_name", "gp_practice", "gp_phone", "health_visitor", "health_visitor_phone",
        "dietary_requirements", "dietary_preferences", "medical_needs", "sen_notes",
        "other_settings", "religious_cultural_requirements"])
    Outing.children.through.objects.filter(child__in=child_ids).delete()
    return len(children)


def _uuids(keys: Iterable[str]) -> list[uuid_module.UUID]:
    valid = []
    for key in keys:
        try:
            valid.append(uuid_module.UUID(key))
        except ValueError:
            continue
    return valid


# --- Complaints, questionnaires, invitations, accounts, the audit trail ---------------------


def _find_complaints(setting, period, cutoff, holds) -> Batch:
    concerns = _due_concerns(setting, period, cutoff, holds)
    rows = list(concerns.annotate(n_notes=Count("notes", distinct=True),
                                  n_files=Count("attachments", distinct=True))
                .order_by("closed_at").values_list("uuid", "closed_at", "kind", "n_notes",
                                                   "n_files"))
    return Batch("complaints", [str(r[0]) for r in rows],
                 [f"{r[2]} closed {r[1]:%Y-%m-%d}: {1 + r[3] + r[4]}" for r in rows],
                 sum(2 + r[3] + r[4] for r in rows))


def _due_concerns(setting, period, cutoff, holds, keys=None) -> models.QuerySet:
    qs = Concern.objects.filter(setting=setting, status=Concern.Status.CLOSED,
                                closed_at__lt=_end_of(boundary(period, cutoff))) \
        if period is not None else Concern.objects.filter(setting=setting,
                                                         status=Concern.Status.CLOSED)
    if keys is not None:
        qs = qs.filter(uuid__in=_uuids(keys))
    held = holds.uuids_of(_label(Concern)) | holds.uuids_of("complaints")
    return (qs.exclude(uuid__in=_uuids(held)).exclude(child__in=holds.child_ids)
            .exclude(complainant__in=holds.user_ids))


def _erase_complaints(setting, keys, holds) -> int:
    concerns = _due_concerns(setting, None, None, holds, keys)
    files = list(Attachment.objects.filter(concern__in=concerns).values_list("file", flat=True))
    erased = 0
    for model in (Note, Attachment, Outcome):
        erased += model.objects.filter(concern__in=concerns).delete()[0]
    erased += concerns.delete()[0]
    _after_commit_delete(files)
    return erased


def _due_questionnaires(setting, period, cutoff, holds, keys=None) -> models.QuerySet:
    qs = Questionnaire.objects.filter(setting=setting, closed_at__isnull=False)
    if period is not None:
        qs = qs.filter(closed_at__lt=_end_of(boundary(period, cutoff)))
    if keys is not None:
        qs = qs.filter(uuid__in=_uuids(keys))
    held = holds.uuids_of(_label(Questionnaire)) | holds.uuids_of("questionnaires")
    return qs.exclude(uuid__in=_uuids(held)).filter(
        Exists(Response.objects.filter(questionnaire=OuterRef("pk")))
        | Exists(HasAnswered.objects.filter(questionnaire=OuterRef("pk"))))


def _find_questionnaires(setting, period, cutoff, holds) -> Batch:
    rows = list(_due_questionnaires(setting, period, cutoff, holds)
                .annotate(n=Count("responses", distinct=True))
                .values_list("uuid", "title", "n"))
    return Batch("questionnaires", [str(r[0]) for r in rows],
                 [f"{r[1]}: {r[2]}" for r in rows], sum(r[2] for r in rows))


def _erase_questionnaires(setting, keys, holds) -> int:
    questionnaires = _due_questionnaires(setting, None, None, holds, keys)
    Answer.objects.filter(response__questionnaire__in=questionnaires).delete()
    HasAnswered.objects.filter(questionnaire__in=questionnaires).delete()
    return Response.objects.filter(questionnaire__in=questionnaires).delete()[0]


def _due_invitations(setting, period, cutoff, holds, keys=None) -> models.QuerySet:
    qs = Invitation.objects.filter(setting=setting, accepted_at__isnull=True)
    if period is not None:
        qs = qs.filter(expires_at__lt=_end_of(boundary(period, cutoff)))
    else:
        qs = qs.filter(expires_at__lt=timezone.now())
    if keys is not None:
        qs = qs.filter(uuid__in=_uuids(keys))
    held = holds.uuids_of(_label(Invitation)) | holds.uuids_of("invitations")
    return qs.exclude(uuid__in=_uuids(held))


def _find_invitations(setting, period, cutoff, holds) -> Batch:
    rows = list(_due_invitations(setting, period, cutoff, holds).values_list("uuid", "expires_at"))
    return Batch("invitations", [str(r[0]) for r in rows],
                 [f"expired {r[1]:%Y-%m-%d}" for r in rows], len(rows))


def _erase_invitations(setting, keys, holds) -> int:
    invitations = _due_invitations(setting, None, None, holds, keys)
    ChildAdult.objects.filter(invitation__in=invitations).update(invitation=None)
    return invitations.delete()[0]


def _find_audit(setting, period, cutoff, holds) -> Batch:
    last = boundary(period, cutoff)
    events, looks, uses = _audit_rows(setting, last, holds)
    count = events.count() + looks.count() + uses.count()
    if not count:
        return Batch("audit", [], [], 0)
    return Batch("audit", [last.isoformat()], [f"before {last:%Y-%m-%d}: {count}"], count)


def _audit_rows(setting, last: date, holds: Holds):
    """The audit trail's three parts: the events, the looks at records and the calls made
    with API tokens."""
    end = _end_of(last)
    events = (AuditEvent.objects.filter(setting=setting, created_at__lt=end)
              .exclude(actor__in=holds.user_ids)
              .exclude(object_id__in={key for _, key in holds.records}))
    looks = (RecordView.objects.filter(setting=setting, at__lt=end)
             .exclude(child__in=holds.child_ids).exclude(viewer__in=holds.user_ids))
    uses = (ApiTokenUse.objects.filter(token__setting=setting, at__lt=end)
            .exclude(token__user__in=holds.user_ids))
    return events, looks, uses


def _erase_audit(setting, keys, holds) -> int:
    erased = 0
    for key in keys:
        try:
            last = date.fromisoformat(key)
        except ValueError:
            continue
        # The audit trail's retention is counted from the entry: never more recent than six
        # years, whatever key is passed.
        last = min(last, boundary(Period("after_entry", years=6), timezone.localdate()))
        events, looks, uses = _audit_rows(setting, last, holds)
        erased += (events.erase_at_end_of_retention() + looks.erase_at_end_of_retention()
                   + uses.erase_at_end_of_retention())
    return erased


# Accounts. Users belong to no one setting: an account is due when the person has no current
# link anywhere and their last link (a membership ended, a child of theirs left) ended before
# the boundary; the setting lists those it had a link with.

KEPT_NAME_REFERENCES = (
    (MedicationPermission, "requested_by"), (MedicationDose, "given_by"),
    (MedicationDose, "witnessed_by"), (Accident, "recorded_by"),
    (Concern, "complainant"),
)
ANONYMOUS_NAME = "Former member"


def _due_accounts(setting, period, cutoff, holds, keys=None) -> models.QuerySet:
    in_setting = (Q(Exists(Membership.objects.filter(user=OuterRef("pk"), setting=setting)))
                  | Q(Exists(ChildAdult.objects.filter(user=OuterRef("pk"),
                                                       child__setting=setting))))
    current = (Q(Exists(Membership.objects.filter(user=OuterRef("pk"), ended_at__isnull=True)))
               | Q(Exists(ChildAdult.objects.filter(user=OuterRef("pk"),
                                                    child__leaving_date__isnull=True))))
    qs = User.objects.filter(in_setting).exclude(current).filter(is_superuser=False)
    qs = qs.exclude(email__endswith=ERASED_EMAIL_DOMAIN)
    if period is not None:
        last = _end_of(boundary(period, cutoff))
        qs = qs.annotate(
            last_membership=Max("memberships__ended_at"),
        ).exclude(last_membership__gte=last).exclude(
            Exists(ChildAdult.objects.filter(
                user=OuterRef("pk"), child__leaving_date__gte=boundary(period, cutoff))))
    if keys is not None:
        qs = qs.filter(uuid__in=_uuids(keys))
    held = holds.uuids_of(_label(User)) | holds.uuids_of("accounts")
    return qs.exclude(pk__in=holds.user_ids).exclude(uuid__in=_uuids(held)).exclude(
        Exists(ChildAdult.objects.filter(user=OuterRef("pk"), child__in=holds.child_ids)))


def _find_accounts(setting, period, cutoff, holds) -> Batch:
    rows = list(_due_accounts(setting, period, cutoff, holds).values_list("uuid", "full_name"))
    return Batch("accounts", [str(r[0]) for r in rows], [r[1] for r in rows], len(rows))


ERASED_EMAIL_DOMAIN = "@erased.invalid"


def anonymise_accounts(users: models.QuerySet) -> int:
    """Erase who the people are: contact details, sign-in, devices, preferences; their name
    stays only where a kept record still names them."""
    people = list(users)
    ids = [user.pk for user in people]
    named: set[int] = set()
    for model, column in KEPT_NAME_REFERENCES:
        named.update(model.objects.filter(**{f"{column}__in": ids})
                     .values_list(column, flat=True))
    for user in people:
        user.email = f"{user.uuid}{ERASED_EMAIL_DOMAIN}"
        if user.pk not in named:
            user.full_name = ANONYMOUS_NAME
        user.phone = ""
        user.is_active = False
        user.set_unusable_password()
    User.objects.bulk_update(people, ["email", "full_name", "phone", "is_active", "password"])
    EmailAddress.objects.filter(user__in=ids).delete()
    PushSubscription.objects.filter(user__in=ids).delete()
    Preference.objects.filter(user__in=ids).delete()
    QuietHours.objects.filter(user__in=ids).delete()
    _delete_sessions_and_devices(ids)
    return len(people)


def _delete_sessions_and_devices(user_ids: list[int]) -> None:
    Authenticator.objects.filter(user__in=user_ids).delete()


def _erase_accounts(setting, keys, holds) -> int:
    return anonymise_accounts(_due_accounts(setting, None, None, holds, keys))


OTHER_TYPES: dict[str, tuple[Callable[..., Batch], Callable[..., int]]] = {
    "complaints": (_find_complaints, _erase_complaints),
    "questionnaires": (_find_questionnaires, _erase_questionnaires),
    "invitations": (_find_invitations, _erase_invitations),
    "accounts": (_find_accounts, _erase_accounts),
    "audit": (_find_audit, _erase_audit),
}

ERASABLE: set[str] = set(CHILD_TYPES) | set(OTHER_TYPES)


def find(record_type: str, setting, period: Period, cutoff: date, holds: Holds) -> Batch:
    """What of ``record_type`` in ``setting`` is due at ``cutoff`` and not held.

    ``period`` is the setting's period for the type (its default, or what the manager set).
    A fixed number of queries whatever the number of records.
    """
    with setting_scope(setting):
        if record_type in CHILD_TYPES:
            return _find_children(CHILD_TYPES[record_type], setting, period, cutoff, holds)
        return OTHER_TYPES[record_type][0](setting, period, cutoff, holds)


def erase(record_type: str, setting, keys: list[str], holds: Holds) -> int:
    """Erase (or anonymise) what ``keys`` name, checking the holds again; the number of rows.

    Runs in ``retention_run()``: the database's own guards let it through and nothing else.
    Stored files are deleted after the transaction commits.
    """
    with setting_scope(setting), retention_run():
        if record_type in CHILD_TYPES:
            return _erase_children(CHILD_TYPES[record_type], setting, keys, holds)
        return OTHER_TYPES[record_type][1](setting, keys, holds)
