"""An adult's right to erasure, where the law allows (UK GDPR article 17).

A manager records a request (received in any form) and the portal shows, before anything is
done, what will be erased and what must be kept and why:

- erased: the account's details (email, phone, password), devices and two-factor keys,
  notification preferences, links to children who have left, and what the person wrote that
  is not a kept record (diary entries, journal comments);
- kept, each with the rule of ``retention.schedule`` that keeps it (stated once a rule) and
  until when: their name on medication permissions and doses, on accidents, on complaints they
  raised, on messages, on consents and agreements signed while the child's record is kept, in
  the audit trail; a link recording a court or safeguarding restriction;
- refused, until something changes: a legal hold on the person, a current membership of the
  setting, a current link to a child on roll (the setting needs a contact while the child
  attends: end the link first).

Processing (``process``, after a re-authentication) erases what may go in one transaction,
records what was kept and why on the request (counts and dates, never content), writes the
audit trail without content, and emails the person, in their language, what was done and what
is kept. The email goes directly after commit rather than through a reminder: the address is
erased by the same transaction, and a reminder row would keep it.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from collection.models import AuthorisedCollector
from complaints.models import Concern
from consents.models import (
    Accident,
    AccidentAcknowledgement,
    ConsentAnswer,
    MedicationDose,
    MedicationPermission,
)
from families.models import AgreementSignature, Child, ChildAdult
from learning_journal.checks import add_months
from learning_journal.models import Comment, DiaryEntry, Notice
from messaging.models import Message
from notifications.models import Notification
from preschool.i18n import override_for
from preschool.lib.emails import render_email, send_message
from preschool.models import AuditEvent, Membership, Setting, User, log_action
from preschool.services import ServiceError
from preschool.tenancy import setting_scoped
from retention import erasers
from retention.schedule import BY_KEY, Period

logger = logging.getLogger(__name__)


class AdultErasure(models.Model):
    """A request from an adult to erase their data, and what processing it did and kept."""

    class ReceivedHow(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        EMAIL = "email", _("By email")
        LETTER = "letter", _("By letter")
        PORTAL = "portal", _("Through the portal")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting to be processed")
        DONE = "done", _("Processed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    received_at = models.DateField(_("received on"), default=timezone.localdate)
    received_how = models.CharField(_("how it was received"), max_length=10,
                                    choices=ReceivedHow.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.PENDING)
    processed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    processed_at = models.DateTimeField(null=True, blank=True)
    # What was erased and kept: kinds, counts and dates, never content.
    erased = models.JSONField(default=dict, blank=True)
    kept = models.JSONField(default=list, blank=True,
                            help_text="[{type, count, until}] of what was kept, by rule.")

    objects = setting_scoped()

    class Meta:
        app_label = "retention"
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"Erasure request {self.uuid}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == self.Outcome.PENDING


# --- What will happen --------------------------------------------------------------------


@dataclass
class KeptLine:
    text: str
    count: int
    until: date | None  # None: "while the hold or the link lasts"


@dataclass
class KeptGroup:
    record_type: str
    label: str
    why: str
    lines: list[KeptLine] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(line.count for line in self.lines)

    @property
    def until(self) -> date | None:
        dates = [line.until for line in self.lines if line.until is not None]
        return max(dates) if dates else None


@dataclass
class Plan:
    """What processing the request would do now."""

    erased: list[tuple[str, int]]
    kept: list[KeptGroup]
    refusals: list[str]
    account_stays: bool  # the person still uses the account elsewhere

    @property
    def may_proceed(self) -> bool:
        return not self.refusals


def _after(period: Period, start: date | None) -> date | None:
    if start is None:
        return None
    return add_months(start, period.years * 12 + period.months) + timedelta(days=period.days)


def legal_holds(setting) -> erasers.Holds:
    """The setting's legal holds, as the erasers take them: read from the retention models'
    ``LegalHold.holds_of(setting)`` where they are installed, else none."""
    try:
        legal_hold = apps.get_model("retention", "LegalHold")
    except LookupError:
        return erasers.Holds()
    return legal_hold.holds_of(setting)


def plan_for(user, setting, holds: erasers.Holds | None = None) -> Plan:
    """What erasing ``user``'s data in ``setting`` would erase, keep (and why) or refuse.

    A fixed number of queries, whatever the number of records.
    """
    holds = holds if holds is not None else legal_holds(setting)
    today = timezone.localdate()
    refusals: list[str] = []
    kept: dict[str, KeptGroup] = {}

    def group(key: str) -> KeptGroup:
        if key not in kept:
            record_type = BY_KEY[key]
            kept[key] = KeptGroup(key, str(record_type.label), str(record_type.why))
        return kept[key]

    if user.pk in holds.user_ids:
        refusals.append(str(_("A legal hold is recorded on this person: nothing about them "
                              "may be erased until it is lifted.")))
    if Membership.objects.filter(user=user, setting=setting, ended_at__isnull=True).exists():
        refusals.append(str(_("They are a current member of the setting: end their "
                              "membership on People first.")))
    links = list(ChildAdult.objects.filter(user=user, child__setting=setting)
                 .select_related("child"))
    for link in links:
        if link.child.leaving_date is None or link.child.leaving_date > today:
            refusals.append(str(_(
                "%(child)s is on roll and this person is one of their contacts: the setting "
                "needs a contact while the child attends. End the link first.")
                % {"child": link.child}))

    for link in links:
        if link.restriction:
            group("safeguarding").lines.append(KeptLine(
                str(_("The link to %(child)s, which records a restriction")
                    % {"child": link.child}), 1,
                _after(BY_KEY["safeguarding"].default, link.child.date_of_birth)))

    child_columns = ("child__first_name", "child__preferred_name", "child__last_name",
                     "child__date_of_birth", "child__leaving_date")
    per_child = [
        (MedicationPermission.objects.filter(setting=setting, requested_by=user), "",
         "medication", True, lambda n, child: ngettext(
             "Their name on %(count)d medication permission for %(child)s",
             "Their name on %(count)d medication permissions for %(child)s", n)
         % {"count": n, "child": child}),
        (MedicationDose.objects.filter(Q(given_by=user) | Q(witnessed_by=user)
                                       | Q(recorded_by=user), setting=setting), "",
         "medication", True, lambda n, child: ngettext(
             "Their name on %(count)d medicine given to %(child)s",
             "Their name on %(count)d medicines given to %(child)s", n)
         % {"count": n, "child": child}),
        (Accident.objects.filter(Q(recorded_by=user) | Q(first_aid_by=user), setting=setting),
         "", "accidents", True, lambda n, child: ngettext(
             "Their name on %(count)d accident record of %(child)s",
             "Their name on %(count)d accident records of %(child)s", n)
         % {"count": n, "child": child}),
        (AccidentAcknowledgement.objects.filter(acknowledged_by=user,
                                                accident__setting=setting), "accident__",
         "accidents", True, lambda n, child: ngettext(
             "Their acknowledgement of %(count)d accident of %(child)s",
             "Their acknowledgements of %(count)d accidents of %(child)s", n)
         % {"count": n, "child": child}),
        (ConsentAnswer.objects.filter(answered_by=user, child__setting=setting), "",
         "child_record", False, lambda n, child: ngettext(
             "%(count)d consent answer for %(child)s",
             "%(count)d consent answers for %(child)s", n) % {"count": n, "child": child}),
        (AgreementSignature.objects.filter(user=user, child__setting=setting), "",
         "child_record", False, lambda n, child: ngettext(
             "%(count)d signed partnership agreement for %(child)s",
             "%(count)d signed partnership agreements for %(child)s", n)
         % {"count": n, "child": child}),
        (Message.objects.filter(sender=user, conversation__setting=setting,
                                conversation__child__isnull=False), "conversation__",
         "messages", False, lambda n, child: ngettext(
             "%(count)d message about %(child)s",
             "%(count)d messages about %(child)s", n) % {"count": n, "child": child}),
    ]
    for rows, prefix, key, from_birth, text in per_child:
        period = BY_KEY[key].default
        for row in (rows.order_by().values(*(prefix + c for c in child_columns))
                    .annotate(n=Count("pk"))):
            start = row[prefix + ("child__date_of_birth" if from_birth
                                  else "child__leaving_date")]
            name = (row[prefix + "child__preferred_name"]
                    or row[prefix + "child__first_name"]) + " " + row[prefix + "child__last_name"]
            group(key).lines.append(KeptLine(text(row["n"], name.strip()), row["n"],
                                             _after(period, start)))

    complaints = (Concern.objects.filter(setting=setting, complainant=user)
                  .aggregate(n=Count("pk"), last=Max("closed_at"),
                             open=Count("pk", filter=~Q(status=Concern.Status.CLOSED))))
    if complaints["n"]:
        last = complaints["last"]
        group("complaints").lines.append(KeptLine(
            ngettext("%(n)d concern or complaint they raised",
                     "%(n)d concerns or complaints they raised", complaints["n"])
            % {"n": complaints["n"]}, complaints["n"],
            None if complaints["open"] or last is None else _after(
                BY_KEY["complaints"].default, timezone.localdate(last))))

    audit = AuditEvent.objects.filter(setting=setting, actor=user).aggregate(
        n=Count("pk"), last=Max("created_at"), first=Min("created_at"))
    if audit["n"]:
        group("audit").lines.append(KeptLine(
            ngettext("%(n)d entry of the audit trail naming them",
                     "%(n)d entries of the audit trail naming them", audit["n"])
            % {"n": audit["n"]}, audit["n"],
            _after(BY_KEY["audit"].default, timezone.localdate(audit["last"]))))

    erased = [
        (str(_("Account details: email address, phone, password")), 1),
        (str(_("Devices, two-factor keys and notification preferences")), 1),
    ]
    left_links = [link for link in links if not link.restriction
                  and link.child.leaving_date is not None and link.child.leaving_date <= today]
    if left_links:
        erased.append((str(_("Links to children who have left")), len(left_links)))
    diary = DiaryEntry.objects.filter(setting=setting, author=user).count()
    if diary:
        erased.append((str(_("Diary entries they wrote")), diary))
    comments = Comment.objects.filter(setting=setting, author=user).count()
    if comments:
        erased.append((str(_("Comments they wrote in the journal")), comments))
    account_stays = _uses_account_elsewhere(user, setting)
    if account_stays:
        erased = erased[2:]
    return Plan(erased, list(kept.values()), refusals, account_stays)


def _uses_account_elsewhere(user, setting) -> bool:
    return (Membership.objects.filter(user=user, ended_at__isnull=True)
            .exclude(setting=setting).exists()
            or ChildAdult.objects.filter(user=user, child__leaving_date__isnull=True)
            .exclude(child__setting=setting).exists())


# --- Recording and processing --------------------------------------------------------------


def record_request(actor, setting, user, *, received_at: date, received_how: str) -> AdultErasure:
    with transaction.atomic():
        erasure = AdultErasure.objects.create(setting=setting, user=user,
                                              received_at=received_at, received_how=received_how,
                                              recorded_by=actor)
        log_action(actor, "adult_erasure.received", erasure, label=str(erasure),
                   changes={"received_how": received_how})
    return erasure


def process(actor, erasure: AdultErasure) -> Plan:
    """Erase what may go, record what was kept and why, tell the person. Refused (nothing
    changed) while anything of ``Plan.refusals`` stands or once processed."""
    setting, user = erasure.setting, erasure.user
    with transaction.atomic():
        locked = AdultErasure.objects.select_for_update().get(pk=erasure.pk)
        if not locked.is_pending:
            raise ServiceError(_("This request has already been processed."))
        plan = plan_for(user, setting)
        if not plan.may_proceed:
            raise ServiceError(" ".join(plan.refusals))
        address, email = user.email, _email_to(user, setting)
        with erasers.retention_run():
            erased = _erase(user, setting, plan)
        locked.outcome = AdultErasure.Outcome.DONE
        locked.processed_by = actor
        locked.processed_at = timezone.now()
        locked.erased = erased
        locked.kept = [{"type": g.record_type, "count": g.count,
                        "until": g.until.isoformat() if g.until else None} for g in plan.kept]
        locked.save()
        log_action(actor, "adult_erasure.processed", locked, label=str(locked),
                   changes={"erased": erased, "kept": locked.kept})
        transaction.on_commit(lambda: _send(address, email))
    erasure.refresh_from_db()
    return plan


def _erase(user, setting, plan: Plan) -> dict[str, int]:
    today = timezone.localdate()
    links = ChildAdult.objects.filter(user=user, child__setting=setting, restriction="",
                                      child__leaving_date__lte=today)
    files = list(AuthorisedCollector.objects.filter(child_adult__in=links).exclude(photo="")
                 .values_list("photo", flat=True))
    AuthorisedCollector.objects.filter(child_adult__in=links).delete()
    erased = {"links": links.delete()[0]}
    comments = Comment.objects.filter(setting=setting, author=user)
    Notice.objects.filter(comment__in=comments).delete()
    erased["journal_comments"] = comments.delete()[0]
    erased["diary_entries"] = DiaryEntry.objects.filter(setting=setting, author=user).delete()[0]
    erased["notifications"] = Notification.objects.filter(setting=setting,
                                                          recipient=user).delete()[0]
    if not plan.account_stays:
        erasers.anonymise_accounts(type(user).objects.filter(pk=user.pk))
        erased["account"] = 1
    erasers._after_commit_delete(files)
    return erased


def _email_to(user, setting) -> tuple[str, str, str | None]:
    """The email telling the person what was erased and kept, in their language: written
    before the erasure (from the same plan), sent after commit."""
    with override_for(user):
        plan = plan_for(user, setting)
        return render_email("retention_adult_erased", {
            "setting": setting, "erased": plan.erased, "kept": plan.kept,
            "account_stays": plan.account_stays})


def _send(address: str, email: tuple[str, str, str | None]) -> None:
    """The erasure stands if the email cannot be sent: the failure is logged, for the
    manager to tell the person another way."""
    subject, text, html = email
    try:
        send_message([address], subject, text, html)
    except Exception as exc:
        # The exception's type only: a mail server's refusal names the address.
        logger.error("The email telling a person of their erasure could not be sent (%s).",
                     type(exc).__name__)


def people_of(setting) -> models.QuerySet:
    """Adults whose data a request may be about: anyone with a membership of the setting or a
    link to one of its children."""
    return User.objects.filter(
        Q(memberships__setting=setting) | Q(child_links__child__setting=setting)).distinct()


def children_of(user, setting) -> models.QuerySet:
    return Child.objects.filter(setting=setting, adults__user=user)
