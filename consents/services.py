"""Consents, medicines, accidents and outings: the questions other features ask, and the
operations with side effects.

``has_consent`` and ``children_with_consent`` are what other apps call (the journal's photo
sharing, the progress check's sharing with the health visitor, outings). The operations take
the acting user, run in a transaction, write the audit trail with log_action and queue emails
on commit (preschool.lib.reminders.schedule). A ServiceError carries a message for the person.
Medication and accident records are never changed or deleted: a correction is a new entry that
points at the one it corrects.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consents import constants
from consents.defaults import DEFAULT_FORMS, MEDICATION_DECLARATION
from consents.models import (
    Accident,
    AccidentAcknowledgement,
    ConsentAnswer,
    ConsentForm,
    ConsentKind,
    DoseAcknowledgement,
    DoubleDoseReview,
    MedicationDose,
    MedicationPermission,
    MedicationPolicy,
    OfstedNotification,
    Outing,
)
from consents.permissions import records_medication_of_child
from families.access import has_parental_responsibility, is_carer_of_child
from families.models import HEARS, Child, ChildAdult
from notifications.models import Category
from notifications.services import done, notify
from preschool.lib.reminders import Due, schedule, schedule_many
from preschool.models import Membership, log_action
from preschool.services import ServiceError

# --- What other features ask ---------------------------------------------------------------


def has_consent(child, kind: str) -> bool:
    """True only when the latest answer for ``child`` to the setting's current form of
    ``kind`` is yes. No form, no answer, a no, a withdrawal, or an answer to an older
    version of the wording all mean no consent (written consent is needed first)."""
    form = ConsentForm.objects.filter(setting_id=child.setting_id, kind=kind,
                                      is_current=True).first()
    if form is None:
        return False
    latest = (ConsentAnswer.objects.filter(child=child, form=form)
              .order_by("-answered_at", "-id").values_list("given", flat=True).first())
    return bool(latest)


def children_with_consent(children, kind: str) -> set:
    """The ids of those ``children`` with consent of ``kind``: one query, whatever the number
    of children."""
    return children_with_consents(children, [kind])[kind]


def children_with_consents(children, kinds) -> dict[str, set]:
    """For each of ``kinds``, the ids of those ``children`` whose latest answer to their
    setting's current form of that kind is yes (the rule of ``has_consent``). One query,
    whatever the number of children and kinds: every page with photos asks it."""
    kinds = list(kinds)
    result: dict[str, set] = {kind: set() for kind in kinds}
    ids = [getattr(child, "pk", child) for child in children]
    if not ids or not kinds:
        return result
    answers = (ConsentAnswer.objects
               .filter(form__kind__in=kinds, form__is_current=True, child_id__in=ids)
               .order_by("form__kind", "child_id", "-answered_at", "-id")
               .values_list("form__kind", "child_id", "given"))
    latest: dict[tuple[str, int], bool] = {}
    for kind, child_id, given in answers:
        latest.setdefault((kind, child_id), given)  # the first row is the latest answer
    for (kind, child_id), given in latest.items():
        if given:
            result[kind].add(child_id)
    return result


# --- Who hears about a child ---------------------------------------------------------------

def _family_links(children, *, parental_responsibility_only: bool):
    """Links of adults with an account, the right to information and an active membership of
    the child's setting; with parental responsibility (consents), or also living with the
    child (acknowledging records)."""
    links = (ChildAdult.objects.filter(HEARS, child__in=children, user__isnull=False,
                                       user__is_active=True)
             .filter(user__memberships__setting_id=F("child__setting_id"),
                     user__memberships__ended_at__isnull=True)
             .select_related("user", "child"))
    if parental_responsibility_only:
        return links.filter(has_parental_responsibility=True)
    return links.filter(Q(has_parental_responsibility=True) | Q(lives_with_child=True))


def _stamp(moment) -> str:
    return moment.strftime("%Y%m%d%H%M")


# --- Consent forms -------------------------------------------------------------------------

KIND_ORDER = {kind: index for index, kind in enumerate(ConsentKind.values)}


def ensure_default_forms(setting, actor=None) -> int:
    """Create the standard consent forms a new setting starts with (consents.defaults), each
    as version 1. Idempotent: a kind the setting already has (in any version, even one it
    stopped asking) is left alone. Returns how many forms were created.

    For the demo, demo/worlds.py calls ``ensure_default_forms(setting)`` for each setting.
    """
    with transaction.atomic():
        have = set(ConsentForm.objects.filter(setting=setting).exclude(kind=ConsentKind.OTHER)
                   .values_list("kind", flat=True))
        created = 0
        for kind, title, wording in DEFAULT_FORMS:
            if kind in have:
                continue
            try:
                with transaction.atomic():
                    form = ConsentForm.objects.create(setting=setting, kind=kind, title=title,
                                                      wording=wording, created_by=actor)
            except IntegrityError:
                continue  # created at the same moment by another request
            log_action(actor, "consent_form.created", form, changes={"version": 1})
            created += 1
    return created


def current_forms(setting) -> list[ConsentForm]:
    forms = list(ConsentForm.objects.for_setting(setting).current())
    return sorted(forms, key=lambda f: (KIND_ORDER.get(f.kind, 99), f.title.lower()))


@transaction.atomic
def add_form(actor, setting, *, title: str, wording: str) -> ConsentForm:
    """A consent the setting adds of its own (kind "other"); families are asked for it."""
    form = ConsentForm.objects.create(setting=setting, kind=ConsentKind.OTHER,
                                      title=title.strip(), wording=wording.strip(),
                                      created_by=actor)
    log_action(actor, "consent_form.created", form, changes={"version": 1})
    _ask_families(setting)
    _tell_families_to_answer(setting)
    return form


@transaction.atomic
def publish_new_version(actor, form, *, title: str, wording: str) -> ConsentForm:
    """New wording for a form: a new version becomes current and families are asked again.
    The old version and every answer to it stay on record."""
    form = ConsentForm.objects.select_for_update().get(pk=form.pk)
    if not form.is_current:
        raise ServiceError(_("A newer version of this form exists already; change that one."))
    title, wording = title.strip(), wording.strip()
    if title == form.title and wording == form.wording:
        raise ServiceError(_("Nothing has changed: the title and wording are the same."))
    ConsentForm.objects.filter(pk=form.pk).update(is_current=False)
    new = ConsentForm.objects.create(setting=form.setting, kind=form.kind, title=title,
                                     wording=wording, version=form.version + 1,
                                     series=form.series, replaces=form, created_by=actor)
    log_action(actor, "consent_form.new_version", new,
               changes={"version": [form.version, new.version],
                        "wording_changed": wording != form.wording})
    _ask_families(form.setting)
    _tell_families_to_answer(form.setting)
    return new


@transaction.atomic
def stop_asking(actor, form) -> None:
    """The setting no longer asks for this consent: the form and its answers stay on record,
    and has_consent for its kind is then False for every child."""
    updated = ConsentForm.objects.filter(pk=form.pk, is_current=True).update(is_current=False)
    if not updated:
        raise ServiceError(_("This form is no longer asked already."))
    log_action(actor, "consent_form.retired", form)


class Status:
    GIVEN = "given"
    REFUSED = "refused"
    NOT_ANSWERED = "not_answered"
    OUTDATED = "outdated"
    LABELS = {GIVEN: gettext_lazy("Given"), REFUSED: gettext_lazy("Refused"),
              NOT_ANSWERED: gettext_lazy("Not answered"),
              OUTDATED: gettext_lazy("Outdated version")}


@dataclass
class Cell:
    form: ConsentForm
    status: str = Status.NOT_ANSWERED
    answered_at: datetime | None = None
    withdrawn: bool = False
    previous_given: bool | None = None  # for an outdated one: what they said to the old wording

    @property
    def label(self) -> str | Promise:
        if self.withdrawn and self.status == Status.REFUSED:
            return gettext_lazy("Withdrawn")
        return Status.LABELS[self.status]

    @property
    def needs_answer(self) -> bool:
        return self.status in (Status.NOT_ANSWERED, Status.OUTDATED)


@dataclass
class Row:
    child: Child
    cells: list = field(default_factory=list)

    @property
    def unanswered(self) -> list:
        return [c for c in self.cells if c.needs_answer]


def consent_grid(setting, children, forms=None) -> tuple[list, list]:
    """For each child and each current form: given, refused (or withdrawn), not answered, or
    answered only to an older version of the wording. Two queries (forms, answers), whatever
    the number of children."""
    children = list(children)
    forms = current_forms(setting) if forms is None else forms
    by_series = {f.series: f for f in forms}
    state: dict[tuple[int, UUID], Cell] = {}
    if children and forms:
        answers = (ConsentAnswer.objects
                   .filter(child__in=children, form__series__in=list(by_series))
                   .order_by("answered_at", "id")
                   .values_list("child_id", "form_id", "form__series", "given", "answered_at",
                                "is_withdrawal"))
        for child_id, form_id, series, given, at, withdrawal in answers:
            form = by_series[series]
            cell = state.setdefault((child_id, series), Cell(form))
            if form_id == form.pk:
                cell.status = Status.GIVEN if given else Status.REFUSED
                cell.answered_at, cell.withdrawn = at, withdrawal
            elif cell.status in (Status.NOT_ANSWERED, Status.OUTDATED):
                cell.status, cell.answered_at, cell.previous_given = Status.OUTDATED, at, given
    rows = [Row(child, [state.get((child.pk, f.series)) or Cell(f) for f in forms])
            for child in children]
    return forms, rows


def child_consents(child) -> list[Cell]:
    _, rows = consent_grid(child.setting, [child])
    return rows[0].cells


@transaction.atomic
def answer_consents(actor, child, answers: dict, *, note: str = "") -> list[ConsentAnswer]:
    """Record ``answers`` ({form: True/False}) for ``child`` by an adult with parental
    responsibility. An answer that says the same as the latest one to the same wording is not
    repeated. A "no" after a "yes" is a withdrawal: it takes effect at once (has_consent reads
    the latest answer) and staff see it. Earlier answers stay on record."""
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting; consents can no longer "
                             "be changed.") % {"name": child.known_as})
    if not has_parental_responsibility(actor, child):
        raise ServiceError(_("Only an adult with parental responsibility for "
                             "%(name)s can give or withdraw consent. Nothing has been "
                             "changed.") % {"name": child.known_as})
    Child.objects.select_for_update().filter(pk=child.pk).first()  # one answer at a time
    created = []
    for form, given in answers.items():
        if form.setting_id != child.setting_id or not form.is_current:
            raise ServiceError(_("The form “%(title)s” has been changed or is no longer "
                                 "asked. Reload the page and answer again.")
                               % {"title": form.title})
        latest = (ConsentAnswer.objects.filter(child=child, form=form)
                  .order_by("-answered_at", "-id").first())
        if latest is not None and latest.given == given:
            continue
        answer = ConsentAnswer.objects.create(
            form=form, child=child, given=given, answered_by=actor, note=note[:300],
            is_withdrawal=bool(latest and latest.given and not given))
        action = ("consent.withdrawn" if answer.is_withdrawal
                  else "consent.given" if given else "consent.refused")
        log_action(actor, action, answer, setting=child.setting,
                   label=f"{child.full_name}: {form.title} (v{form.version})",
                   changes={"kind": form.kind, "version": form.version, "given": given})
        created.append(answer)
    done(reverse("consents-overview"), user=actor)
    return created


def recent_withdrawals(setting, days: int = constants.RECENT_WITHDRAWAL_DAYS, children=None):
    since = timezone.now() - timedelta(days=days)
    qs = (ConsentAnswer.objects.filter(form__setting=setting, is_withdrawal=True,
                                       answered_at__gte=since)
          .select_related("child", "form", "answered_by").order_by("-answered_at"))
    if children is not None:
        qs = qs.filter(child__in=children)
    return qs


def families_to_chase(setting, user=None) -> dict:
    """{user: [(child, [forms to answer])]} for adults with parental responsibility and the
    right to information whose current children have forms not answered, or answered only to
    older wording. A constant number of queries per setting. With ``user``, only that adult's
    children are looked at (one email's worth, not the whole setting's grid)."""
    children = Child.objects.for_setting(setting).current().order_by("first_name")
    if user is not None:
        children = children.filter(pk__in=_family_links(
            children, parental_responsibility_only=True).filter(user=user).values("child_id"))
    children = list(children)
    forms, rows = consent_grid(setting, children)
    waiting = {row.child.pk: (row.child, [c.form for c in row.unanswered])
               for row in rows if row.unanswered}
    if not waiting:
        return {}
    result = defaultdict(list)
    links = _family_links([c for c, _ in waiting.values()], parental_responsibility_only=True)
    for link in links.order_by("user_id", "child__first_name"):
        result[link.user].append(waiting[link.child_id])
    return dict(result)


def _ask_families(setting, due_at=None) -> int:
    """Schedule an email to each family with forms to answer (at most one a day each)."""
    return schedule_many("consents-chase", [
        Due(object_key=str(setting.uuid), recipient_email=user.email, recipient=user,
            setting=setting, due_at=due_at) for user in families_to_chase(setting)])


def _tell_families_to_answer(setting) -> None:
    """The notification centre: families with forms to answer (emailed by consents-chase)."""
    _notify_in_their_language(
        list(families_to_chase(setting)), lambda: _("Consent forms to answer"),
        setting=setting, category=Category.CONSENT, url=reverse("consents-overview"),
        emailed_by_app=True)


def _notify_in_their_language(recipients, title, **kwargs) -> None:
    """notify() with ``title()`` made lazily: notify() stores it in each recipient's language
    (a notification's title is stored for its recipient)."""
    notify(recipients=recipients, title=lazy(title, str)(), **kwargs)


def dose_url(dose) -> str:
    """Where a family sees and acknowledges a dose (a notification's link)."""
    return reverse("consents-child", args=[dose.child.uuid]) + f"#dose-{dose.uuid}"


@transaction.atomic
def chase_unanswered(actor, setting) -> int:
    """The manager asks every family with unanswered forms now (one email a day at most:
    the reminder's key is the setting, the family and the day)."""
    count = _ask_families(setting)
    log_action(actor, "consent.chased", setting=setting,
               changes={"families": count})
    return count


# --- Outings ------------------------------------------------------------------------------

@transaction.atomic
def create_outing(actor, setting, *, kind, date, place, purpose="", leaves_at=None,
                  returns_at=None, children=()) -> Outing:
    children = list(children)
    if not children:
        raise ServiceError(_("Choose the children who are going."))
    if any(c.setting_id != setting.pk for c in children):
        raise ServiceError(_("Only children of this setting can go on its outings."))
    if leaves_at and returns_at and returns_at <= leaves_at:
        raise ServiceError(_("The return time must be after the time of leaving."))
    outing = Outing.objects.create(setting=setting, kind=kind, date=date, place=place.strip(),
                                   purpose=purpose.strip(), leaves_at=leaves_at,
                                   returns_at=returns_at, created_by=actor)
    outing.children.set(children)
    log_action(actor, "outing.created", outing,
               changes={"children": len(children), "place": outing.place})
    return outing


def outing_roster(outing) -> list[dict]:
    """Each child going, whether they may (consent of the outing's kind, read now: a
    withdrawal counts at once) and whether emergency treatment consent is given. Two
    queries whatever the number of children."""
    children = list(outing.children.select_related("room").order_by("first_name", "last_name"))
    consents = children_with_consents(children, [outing.kind, ConsentKind.EMERGENCY_TREATMENT])
    may_go, emergency = consents[outing.kind], consents[ConsentKind.EMERGENCY_TREATMENT]
    return [{"child": c, "may_go": c.pk in may_go, "emergency": c.pk in emergency}
            for c in children]


# --- Medicines ---------------------------------------------------------------------------

@transaction.atomic
def set_medication_policy(actor, setting, *, accepts_non_prescribed: bool) -> MedicationPolicy:
    policy, _ = MedicationPolicy.objects.select_for_update().get_or_create(setting=setting)
    if policy.accepts_non_prescribed != accepts_non_prescribed:
        log_action(actor, "medication_policy.changed", policy, changes={
            "accepts_non_prescribed": [policy.accepts_non_prescribed, accepts_non_prescribed]})
        policy.accepts_non_prescribed = accepts_non_prescribed
        policy.updated_by = actor
        policy.save()
    return policy


def permission_problems(setting, *, medicine: str, contains_aspirin: bool, prescribed: bool,
                        prescriber: str) -> list[str]:
    """Why the setting may not accept this medicine (EYFS, "Medicines"; the setting's policy).
    Empty when it may."""
    problems = []
    aspirin = contains_aspirin or "aspirin" in medicine.lower()
    if prescribed and prescriber not in dict(constants.PRESCRIBERS):
        problems.append(_("Say who prescribed it: a doctor, dentist, nurse or pharmacist."))
    if aspirin and not (prescribed and prescriber == constants.ASPIRIN_PRESCRIBER):
        problems.append(_("We can only give a medicine containing aspirin if a doctor "
                          "prescribed it."))
    if not prescribed and not MedicationPolicy.of(setting).accepts_non_prescribed:
        problems.append(_("%(setting)s only gives medicines prescribed by a doctor, dentist, "
                          "nurse or pharmacist.") % {"setting": setting.name})
    return problems


@transaction.atomic
def request_permission(actor, child, data: dict, *, replaces=None) -> MedicationPermission:
    """A parent's written permission for one medicine (EYFS: for each and every medicine,
    before it is given). ``data`` holds the form's fields. With ``replaces``, the earlier
    permission for the child is ended and the new one points at it (permissions are never
    edited)."""
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting.") % {"name": child.known_as})
    if not has_parental_responsibility(actor, child):
        raise ServiceError(_("Only an adult with parental responsibility for "
                             "%(name)s can give permission for a medicine. Nothing has "
                             "been saved.") % {"name": child.known_as})
    if data["end_date"] < data["start_date"]:
        raise ServiceError(_("The end date is before the start date."))
    problems = permission_problems(child.setting, medicine=data["medicine"],
                                   contains_aspirin=data.get("contains_aspirin", False),
                                   prescribed=data.get("prescribed", False),
                                   prescriber=data.get("prescriber", ""))
    if problems:
        raise ServiceError(" ".join(problems))
    if replaces is not None:
        replaces = MedicationPermission.objects.select_for_update().get(pk=replaces.pk)
        if replaces.child_id != child.pk or not replaces.is_open:
            raise ServiceError(_("That permission has already ended or been replaced."))
    fields = {k: v for k, v in data.items() if k not in ("declaration_agreed",)}
    if "aspirin" in fields["medicine"].lower():
        fields["contains_aspirin"] = True
    if not fields.get("prescribed"):
        fields["prescriber"], fields["prescriber_name"] = "", ""
    permission = MedicationPermission.objects.create(
        setting=child.setting, child=child, requested_by=actor, replaces=replaces,
        declaration=str(MEDICATION_DECLARATION), **fields)
    if replaces is not None:
        _end(actor, replaces, MedicationPermission.Status.REPLACED,
             "Replaced by a new permission.")
    log_action(actor, "medication_permission.requested", permission,
               changes={"medicine": permission.medicine, "dose": permission.dose_display,
                        "replaces": str(replaces.uuid) if replaces else None})
    return permission


def _require_staff(actor, child):
    if not records_medication_of_child(actor, child):
        raise ServiceError(_("Only staff of the setting can do this."))


@transaction.atomic
def accept_permission(actor, permission, *, label_checked: bool,
                      note: str = "") -> MedicationPermission:
    """A member of staff has checked the medicine's label against the permission (the
    child's name, the medicine, the dose, in date, the prescriber) and accepts it."""
    _require_staff(actor, permission.child)
    permission = MedicationPermission.objects.select_for_update().get(pk=permission.pk)
    if permission.status != MedicationPermission.Status.REQUESTED:
        raise ServiceError(_("This permission has already been checked, ended or replaced."))
    if not label_checked:
        raise ServiceError(_("Check the label against the permission before accepting it."))
    problems = permission_problems(permission.setting, medicine=permission.medicine,
                                   contains_aspirin=permission.contains_aspirin,
                                   prescribed=permission.prescribed,
                                   prescriber=permission.prescriber)
    if problems:
        raise ServiceError(" ".join(problems) + " " + _("Decline it instead."))
    now = timezone.now()
    MedicationPermission.objects.filter(pk=permission.pk).update(
        status=MedicationPermission.Status.ACCEPTED, checked_by=actor, checked_at=now,
        check_note=note[:300])
    permission.refresh_from_db()
    log_action(actor, "medication_permission.accepted", permission,
               changes={"label_checked": True, "note": note[:300]})
    return permission


@transaction.atomic
def decline_permission(actor, permission, *, reason: str):
    _require_staff(actor, permission.child)
    permission = MedicationPermission.objects.select_for_update().get(pk=permission.pk)
    if permission.status != MedicationPermission.Status.REQUESTED:
        raise ServiceError(_("This permission has already been checked, ended or replaced."))
    if not reason.strip():
        raise ServiceError(_("Say why it is declined: the family sees this."))
    MedicationPermission.objects.filter(pk=permission.pk).update(
        status=MedicationPermission.Status.DECLINED, checked_by=actor,
        checked_at=timezone.now(), check_note=reason.strip()[:300])
    permission.refresh_from_db()
    log_action(actor, "medication_permission.declined", permission,
               changes={"reason": reason.strip()[:300]})
    return permission


def _end(actor, permission, status, reason):
    MedicationPermission.objects.filter(pk=permission.pk).update(
        status=status, ended_by=actor, ended_at=timezone.now(), end_reason=reason[:300])
    permission.refresh_from_db()
    log_action(actor, "medication_permission.ended", permission,
               changes={"status": status, "reason": reason[:300]})


@transaction.atomic
def end_permission(actor, permission, *, reason: str = ""):
    """No more doses under this permission (a parent or staff member ends it). It stays on
    record with its doses."""
    from consents.permissions import can

    if not can(actor, "consents.end_medication", permission.child):
        raise ServiceError(_("Only staff, or an adult with parental responsibility, can end a "
                             "permission."))
    permission = MedicationPermission.objects.select_for_update().get(pk=permission.pk)
    if not permission.is_open:
        raise ServiceError(_("This permission has already ended."))
    _end(actor, permission, MedicationPermission.Status.ENDED,
         reason.strip() or "Ended.")
    return permission


def is_far_from_permitted_times(permission, given_at) -> bool:
    """The dose is given more than constants.DOSE_TIME_TOLERANCE_MINUTES from every time of day
    the permission names (never, when it names none)."""
    times = permission.permitted_times()
    if not times:
        return False
    local = timezone.localtime(given_at)
    tolerance = timedelta(minutes=constants.DOSE_TIME_TOLERANCE_MINUTES)
    return all(abs(local - local.replace(hour=t.hour, minute=t.minute, second=0,
                                         microsecond=0)) > tolerance for t in times)


def dose_warnings(child, *, permission, medicine: str, given_at, dose_amount: Decimal,
                  dose_unit: str, ignore=None) -> list[str]:
    """What is outside the written permission about this dose (empty when nothing is):
    no permission, not accepted, before its start or after its end date, more than the dose,
    far from the time of day it names, too soon after the last dose or too many today, or
    another dose of the same medicine recorded moments before (a possible double dose).
    ``ignore`` is a dose being corrected."""
    W = MedicationDose.Warning
    warnings = []
    day = timezone.localdate(given_at)
    if permission is None:
        warnings.append(W.NO_PERMISSION)
    else:
        if permission.status != MedicationPermission.Status.ACCEPTED:
            warnings.append(W.NOT_ACCEPTED)
        if day < permission.start_date:
            warnings.append(W.BEFORE_START)
        if day > permission.end_date:
            warnings.append(W.AFTER_END)
        if dose_unit != permission.dose_unit:
            warnings.append(W.OTHER_UNIT)
        elif dose_amount > permission.dose_amount:
            warnings.append(W.TOO_MUCH)
        if is_far_from_permitted_times(permission, given_at):
            warnings.append(W.OFF_TIME)
    same = MedicationDose.objects.current().filter(child=child)
    if ignore is not None:
        same = same.exclude(pk=ignore.pk)
    same = same.filter(Q(permission=permission) if permission is not None
                       else Q(medicine__iexact=medicine.strip()))
    window = timedelta(minutes=constants.DOUBLE_DOSE_MINUTES)
    if same.filter(given_at__gt=given_at - window, given_at__lt=given_at + window).exists():
        warnings.append(W.DOUBLE)
    if permission is not None:
        gap = timedelta(hours=float(permission.min_hours_between))
        if same.filter(given_at__gt=given_at - gap, given_at__lt=given_at + gap).exists():
            warnings.append(W.TOO_SOON)
        if permission.max_doses_per_day:
            start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
            today = same.filter(given_at__gte=start, given_at__lt=start + timedelta(days=1))
            if today.count() + 1 > permission.max_doses_per_day:
                warnings.append(W.TOO_MANY)
    return [str(w) for w in warnings]


# Warnings the form shows before saving, which need a reason. The ones that depend on other
# doses can also appear only at the moment of saving (two staff recording at once): the dose is
# then kept and flagged as a possible double dose rather than refused.
DOSE_DEPENDENT = {MedicationDose.Warning.DOUBLE, MedicationDose.Warning.TOO_SOON,
                  MedicationDose.Warning.TOO_MANY}


def _staff_member(user, setting) -> bool:
    return Membership.objects.active().staff().filter(user=user, setting=setting).exists()


@transaction.atomic
def record_dose(actor, child, *, permission, medicine: str, given_at, dose_amount,
                dose_unit: str, given_by, witnessed_by, reason: str = "", notes: str = "",
                corrects=None, correction_reason: str = "") -> MedicationDose:
    """Record that a medicine was given (EYFS: a written record each time), with a witness.

    A dose outside the permission needs a reason. Doses of one child are recorded one at a
    time (the child's row is locked), so when two staff record the same dose at the same
    moment the second sees the first: both are kept, and the second is flagged as a possible
    double dose. With ``corrects``, the new entry corrects an earlier one, which stays on
    record. The family is told by email after commit and acknowledges it on their home page.
    """
    _require_staff(actor, child)
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting.") % {"name": child.known_as})
    for person, message in (
            (given_by, gettext_lazy("Choose a member of staff as who gave it.")),
            (witnessed_by, gettext_lazy("Choose a member of staff as the witness."))):
        if person is None or not _staff_member(person, child.setting):
            raise ServiceError(str(message))
    if given_by.pk == witnessed_by.pk:
        raise ServiceError(_("The witness must be another member of staff than the person who "
                             "gave the medicine."))
    if given_at > timezone.now() + timedelta(minutes=5):
        raise ServiceError(_("The time given is in the future: record a dose once it is given."))
    if dose_amount is None or dose_amount <= 0:
        raise ServiceError(_("Enter the dose as a number greater than 0."))
    if permission is not None and permission.child_id != child.pk:
        raise ServiceError(_("That permission is for another child."))
    if permission is None and not medicine.strip():
        raise ServiceError(_("Name the medicine."))
    if corrects is not None and not correction_reason.strip():
        raise ServiceError(_("Say what was wrong in the record you are correcting."))
    # Serialise doses for this child: a second recorder waits here, then sees the first dose.
    Child.objects.select_for_update().filter(pk=child.pk).first()
    if corrects is not None and MedicationDose.objects.filter(corrects=corrects).exists():
        raise ServiceError(_("This record has already been corrected; correct the latest "
                             "version instead."))
    medicine = permission.medicine if permission is not None else medicine.strip()
    warnings = dose_warnings(child, permission=permission, medicine=medicine, given_at=given_at,
                             dose_amount=dose_amount, dose_unit=dose_unit, ignore=corrects)
    needs_reason = [w for w in warnings if w not in DOSE_DEPENDENT]
    if needs_reason and not reason.strip():
        labels = "; ".join(str(MedicationDose.Warning(w).label).lower() for w in needs_reason)
        raise ServiceError(_("This dose is outside the written permission (%(labels)s). Say why "
                             "it was given to record it.") % {"labels": labels})
    double = (MedicationDose.Warning.DOUBLE in warnings
              or (not reason.strip() and any(w in DOSE_DEPENDENT for w in warnings)))
    dose = MedicationDose.objects.create(
        setting=child.setting, child=child, permission=permission, medicine=medicine,
        given_at=given_at, dose_amount=dose_amount, dose_unit=dose_unit, given_by=given_by,
        witnessed_by=witnessed_by, notes=notes.strip()[:300], warnings=warnings,
        reason=reason.strip(), possible_double_dose=double, corrects=corrects,
        correction_reason=correction_reason.strip()[:300], recorded_by=actor)
    log_action(actor, "medication.corrected" if corrects else "medication.given", dose, changes={
                   "medicine": medicine, "dose": dose.dose_display,
                   "given_at": given_at.isoformat(), "warnings": warnings,
                   "possible_double_dose": double,
                   "corrects": str(corrects.uuid) if corrects else None})
    links = list(_family_links([child], parental_responsibility_only=False))
    for link in links:
        schedule("consents-dose-given", object_key=str(dose.uuid),
                 recipient_email=link.user.email, recipient=link.user, setting=child.setting)
    _notify_in_their_language(
        [link.user for link in links],
        lambda: _("%(name)s was given %(medicine)s: please acknowledge it")
        % {"name": child.known_as, "medicine": medicine},
        setting=child.setting, category=Category.MEDICATION, child=child, url=dose_url(dose),
        emailed_by_app=True)
    return dose


def _acknowledge(actor, record, model, field, **extra):
    child = record.child
    dose = field == "dose"
    if not is_carer_of_child(actor, child):
        raise ServiceError(
            (_("Only %(name)s's parents or carers can acknowledge this medication record.")
             if dose else
             _("Only %(name)s's parents or carers can acknowledge this accident record."))
            % {"name": child.known_as})
    if record.__class__.objects.filter(corrects=record).exists():
        raise ServiceError(
            _("This medication record has been corrected: acknowledge the corrected one.")
            if dose else
            _("This accident record has been corrected: acknowledge the corrected one."))
    existing = model.objects.filter(**{field: record}).select_related("acknowledged_by").first()
    if existing is not None:
        moment = timezone.localtime(existing.acknowledged_at)
        raise ServiceError(_("Already acknowledged by %(name)s on %(date)s at %(time)s. "
                             "Nothing has changed.")
                           % {"name": existing.acknowledged_by.full_name,
                              "date": date_format(moment, "d F Y"),
                              "time": date_format(moment, "H:i")})
    try:
        with transaction.atomic():
            ack = model.objects.create(acknowledged_by=actor, **{field: record}, **extra)
    except IntegrityError:
        raise ServiceError(
            _("This medication record has just been acknowledged by someone else. Nothing "
              "has changed.") if dose else
            _("This accident record has just been acknowledged by someone else. Nothing "
              "has changed.")) from None
    log_action(actor, f"{'medication' if field == 'dose' else 'accident'}.acknowledged",
               record)
    # One acknowledgement signs the record for the family: nobody's notification still asks.
    done(dose_url(record) if field == "dose"
         else reverse("consents-accident", args=[record.uuid]))
    return ack


@transaction.atomic
def acknowledge_dose(actor, dose) -> DoseAcknowledgement:
    """The family has seen the dose: the digital signature of the medication record."""
    return _acknowledge(actor, dose, DoseAcknowledgement, "dose")


@transaction.atomic
def review_double_dose(actor, dose, *, note: str) -> DoubleDoseReview:
    """A manager records what they found about a dose flagged as a possible double dose: a
    new entry with who, when and the note. The dose itself is not changed; each dose is
    reviewed once (a second review, of the same dose by anyone, is refused)."""
    from consents.permissions import can

    if not can(actor, "consents.review_double_doses", dose.setting):
        raise ServiceError(_("Only a manager of the setting reviews possible double doses. "
                             "Nothing has been saved."))
    note = note.strip()
    if not note:
        raise ServiceError(_("Write what you found and what was done. Nothing has been saved."))
    if not dose.possible_double_dose:
        raise ServiceError(_("This dose is not flagged as a possible double dose. Nothing has "
                             "been saved."))
    if MedicationDose.objects.filter(corrects=dose).exists():
        raise ServiceError(_("This record has been corrected: review the corrected one. Nothing "
                             "has been saved."))
    existing = (DoubleDoseReview.objects.filter(dose=dose).select_related("reviewed_by")
                .first())
    if existing is not None:
        moment = timezone.localtime(existing.reviewed_at)
        raise ServiceError(_("Already reviewed by %(name)s on %(date)s at %(time)s. "
                             "Nothing has changed.")
                           % {"name": existing.reviewed_by.full_name,
                              "date": date_format(moment, "d F Y"),
                              "time": date_format(moment, "H:i")})
    try:
        with transaction.atomic():
            review = DoubleDoseReview.objects.create(dose=dose, note=note, reviewed_by=actor)
    except IntegrityError:
        raise ServiceError(_("This dose has just been reviewed by someone else. Nothing has "
                             "changed.")) from None
    log_action(actor, "medication.double_dose_reviewed", dose,
               changes={"note": note})
    return review


# --- Accidents ---------------------------------------------------------------------------

ACCIDENT_FIELDS = ("kind", "happened_at", "location", "what_happened", "injury",
                   "body_position", "first_aid", "first_aid_by", "witnesses",
                   "parent_explanation", "serious")


@transaction.atomic
def record_accident(actor, child, data: dict, *, corrects=None,
                    correction_reason: str = "") -> Accident:
    """Record an accident, incident or an injury seen on arrival (EYFS: recorded, parents told
    the same day). A serious one is flagged for notification to Ofsted within 14 days and the
    manager is reminded until it is marked notified. With ``corrects``, the new entry
    corrects an earlier one, which stays on record."""
    _require_staff(actor, child)
    data = {k: data.get(k) for k in ACCIDENT_FIELDS if k in data}
    if data["happened_at"] > timezone.now() + timedelta(minutes=5):
        raise ServiceError(_("The time is in the future."))
    if data.get("first_aid_by") is not None and not _staff_member(data["first_aid_by"],
                                                                  child.setting):
        raise ServiceError(_("First aid is given by a member of staff of the setting."))
    if corrects is not None:
        if not correction_reason.strip():
            raise ServiceError(_("Say what was wrong in the record you are correcting."))
        corrects = Accident.objects.select_for_update().get(pk=corrects.pk)
        if Accident.objects.filter(corrects=corrects).exists():
            raise ServiceError(_("This record has already been corrected; correct the latest "
                                 "version instead."))
    accident = Accident.objects.create(
        setting=child.setting, child=child, recorded_by=actor, corrects=corrects,
        original=(corrects.original or corrects) if corrects else None,
        correction_reason=correction_reason.strip()[:300], **data)
    log_action(actor, "accident.corrected" if corrects else "accident.recorded", accident,
               changes={"kind": accident.kind, "serious": accident.serious,
                                         "corrects": str(corrects.uuid) if corrects else None})
    links = list(_family_links([child], parental_responsibility_only=False))
    for link in links:
        schedule("consents-accident-recorded", object_key=str(accident.uuid),
                 recipient_email=link.user.email, recipient=link.user, setting=child.setting)
    _notify_in_their_language(
        [link.user for link in links],
        lambda: _("An accident record for %(name)s: please acknowledge it")
        % {"name": child.known_as},
        setting=child.setting, category=Category.ACCIDENT, child=child,
        url=reverse("consents-accident", args=[accident.uuid]), emailed_by_app=True)
    if accident.serious and not OfstedNotification.objects.filter(
            original_id=accident.original_id or accident.pk).exists():
        original = accident.original or accident
        for manager in _managers(child.setting):
            schedule("consents-ofsted", object_key=str(original.uuid),
                     recipient_email=manager.email, recipient=manager, setting=child.setting)
    return accident


def _managers(setting):
    return [m.user for m in Membership.objects.active().for_setting(setting)
            .select_related("user") if m.can_manage_consents and m.user.is_active]


@transaction.atomic
def acknowledge_accident(actor, accident, *, comment: str = "") -> AccidentAcknowledgement:
    return _acknowledge(actor, accident, AccidentAcknowledgement, "accident",
                        comment=comment.strip()[:300])


@transaction.atomic
def record_ofsted_notification(actor, accident, *, notified_on, reference: str = "",
                               note: str = "") -> OfstedNotification:
    """The manager has notified Ofsted of a serious accident (EYFS: within 14 days); the
    reminders stop."""
    from consents.permissions import can

    if not can(actor, "consents.notify_ofsted", accident.setting):
        raise ServiceError(_("Only a manager records that Ofsted has been notified."))
    original = accident.original or accident
    if notified_on > timezone.localdate():
        raise ServiceError(_("The date Ofsted was notified cannot be in the future."))
    if notified_on < timezone.localdate(original.happened_at):
        raise ServiceError(_("Ofsted cannot have been notified before the accident happened."))
    try:
        with transaction.atomic():
            notification = OfstedNotification.objects.create(
                original=original, notified_on=notified_on, reference=reference.strip(),
                note=note.strip()[:300], recorded_by=actor)
    except IntegrityError:
        raise ServiceError(_("Ofsted's notification of this accident is already recorded.")) \
            from None
    log_action(actor, "accident.ofsted_notified", original,
               changes={"notified_on": notified_on.isoformat(), "reference": reference})
    return notification
