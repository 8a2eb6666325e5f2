"""Operations on a child's record. Every change is kept as a RecordChange (who changed what,
from what, to what) and in the audit trail; nothing is silently overwritten."""

from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from families.agreement import DEFAULT_TEXT, DEFAULT_TITLE
from families.models import (
    AgreementSignature,
    Allergy,
    Child,
    ChildAdult,
    PartnershipAgreement,
    RecordChange,
)
from preschool.i18n import SOURCE_LANGUAGE
from preschool.models import Membership, Role, log_action
from preschool.permissions import membership_in
from preschool.services import ServiceError, invite_person

# Changes made by families to these areas are flagged for the key person and the manager.
FLAGGED_AREAS = {RecordChange.Area.HEALTH, RecordChange.Area.ALLERGIES,
                 RecordChange.Area.CONTACTS}


def _display(value):
    if value is None or value == "":
        return ""
    if hasattr(value, "pk"):
        return str(value)
    return value if isinstance(value, bool | int) else str(value)


def form_changes(form) -> dict:
    """{field label: [before, after]} for the fields a bound, valid ModelForm changed; in the
    portal's source language, as the record is read by every member of staff."""
    with translation.override(SOURCE_LANGUAGE):
        return _form_changes(form)


def _form_changes(form) -> dict:
    changes = {}
    for name in form.changed_data:
        field = form.fields[name]
        before = form.initial.get(name)
        if hasattr(field, "queryset") and before is not None and not hasattr(before, "pk"):
            before = field.queryset.model.objects.filter(pk=before).first()
        after = form.cleaned_data.get(name)
        if hasattr(field, "choices") and not hasattr(field, "queryset"):
            labels = dict(field.choices)
            before, after = labels.get(before, before), labels.get(after, after)
        changes[str(field.label or name)] = [_display(before), _display(after)]
    return changes


def record_change(actor, child, area, summary, changes=None) -> RecordChange:
    """Keep one change to a child's record; flag it when a family changed something staff
    must notice (contacts, allergies, health)."""
    membership = membership_in(actor, child.setting)
    by_family = membership is None or not membership.is_staff_member
    change = RecordChange.objects.create(
        setting=child.setting, child=child, area=area, summary=summary[:300],
        changes=changes or {}, changed_by=actor,
        needs_review=by_family and area in FLAGGED_AREAS,
    )
    log_action(actor, f"child.{area}.changed", child, changes=changes or {},
               label=f"{child.full_name}: {summary}"[:300])
    return change


@transaction.atomic
def create_child(actor, setting, form) -> Child:
    child = form.save(commit=False)
    child.setting = setting
    child.save()
    record_change(actor, child, RecordChange.Area.ENROLMENT, "Child added to the roll",
                  form_changes(form))
    return child


@transaction.atomic
def update_child(actor, child, form, area) -> RecordChange | None:
    """Save a section of the child's record from a valid form, keeping what changed."""
    if child.has_left:
        raise ServiceError(f"{child.full_name} has left; their record can no longer change.")
    changes = form_changes(form)
    if not changes:
        return None
    form.save()
    label = RecordChange.Area(area).label
    return record_change(actor, child, area, f"{label} updated", changes)


@transaction.atomic
def add_adult(actor, child, form, *, invite: bool) -> ChildAdult:
    """Add an adult to the child's record; optionally invite them to the portal."""
    adult = form.save(commit=False)
    adult.child = child
    adult.email = (adult.email or "").strip().lower()
    if adult.email and (child.adults.filter(email__iexact=adult.email).exists()
                        or child.adults.filter(user__email__iexact=adult.email).exists()):
        raise ServiceError(_("%(email)s is already linked to %(name)s.")
                           % {"email": adult.email, "name": child.known_as})
    if invite:
        if not adult.email:
            raise ServiceError(_("Give their email address to invite them."))
        existing = (Membership.objects.active().filter(setting=child.setting,
                                                       user__email__iexact=adult.email)
                    .select_related("user").first())
        if existing is not None:
            # Already has an account here (a parent of a brother or sister): link at once.
            adult.user = existing.user
        else:
            adult.invitation = invite_person(actor, child.setting, email=adult.email,
                                             role=Role.PARENT, full_name=adult.name)
    adult.save()
    record_change(actor, child, RecordChange.Area.CONTACTS,
                  f"Added {adult.name} ({adult.relationship})", form_changes(form))
    return adult


@transaction.atomic
def update_adult(actor, adult, form) -> RecordChange | None:
    changes = form_changes(form)
    if not changes:
        return None
    form.save()
    return record_change(actor, adult.child, RecordChange.Area.CONTACTS,
                         f"Changed {adult.name}'s details", changes)


def link_invited_adult(invitation, user) -> None:
    """On accepting an invitation, the account becomes the adult the manager entered."""
    ChildAdult.objects.filter(invitation=invitation, user__isnull=True).update(user=user)


@transaction.atomic
def add_allergy(actor, child, form) -> Allergy:
    if child.has_left:
        raise ServiceError(_("%(name)s has left; their record can no longer change.")
                           % {"name": child.full_name})
    allergy = form.save(commit=False)
    allergy.child = child
    allergy.save()
    with translation.override(SOURCE_LANGUAGE):  # the record's summary, read by all staff
        summary = f"Allergy added: {allergy}"
    record_change(actor, child, RecordChange.Area.ALLERGIES, summary, form_changes(form))
    return allergy


@transaction.atomic
def end_allergy(actor, allergy) -> None:
    """An allergy that no longer applies is ended, never deleted."""
    if allergy.ended_at is not None:
        raise ServiceError(_("This allergy was already removed."))
    allergy.ended_at = timezone.now()
    allergy.save(update_fields=["ended_at"])
    with translation.override(SOURCE_LANGUAGE):  # the record's summary, read by all staff
        record_change(actor, allergy.child, RecordChange.Area.ALLERGIES,
                      f"Allergy no longer applies: {allergy}",
                      {"Allergy": [str(allergy), "no longer applies"]})


def current_agreement(setting) -> PartnershipAgreement:
    agreement = PartnershipAgreement.objects.current_for(setting)
    if agreement is None:
        agreement, _created = PartnershipAgreement.objects.get_or_create(
            setting=setting, version=1, defaults={"title": DEFAULT_TITLE, "text": DEFAULT_TEXT})
    return agreement


def registration_problems(child) -> list[str]:
    """What still stops the registration being complete (EYFS child record: a person with
    parental responsibility, and emergency contacts; more than one is recommended)."""
    problems = []
    adults = list(child.adults.all())
    if not any(a.has_parental_responsibility for a in adults):
        problems.append(_("Add at least one adult with parental responsibility."))
    if sum(1 for a in adults if a.is_emergency_contact) < 2:
        problems.append(_("Give at least two emergency contacts, with their phone numbers."))
    if any(a.is_emergency_contact and not (a.phone or a.user_id) for a in adults):
        problems.append(_("Every emergency contact needs a phone number."))
    return problems


@transaction.atomic
def sign_agreement(actor, child, agreement, typed_name: str) -> AgreementSignature:
    """The parent signs the partnership agreement, completing the registration."""
    child = Child.objects.select_for_update().get(pk=child.pk)
    problems = registration_problems(child)
    if problems:
        raise ServiceError(" ".join(problems))
    if AgreementSignature.objects.filter(agreement=agreement, child=child, user=actor).exists():
        raise ServiceError(_("You have already signed this version of the agreement."))
    signature = AgreementSignature.objects.create(
        agreement=agreement, child=child, user=actor, typed_name=typed_name.strip(),
        signed_on=date.today())
    if child.registration_completed_at is None:
        child.registration_completed_at = timezone.now()
        child.save(update_fields=["registration_completed_at"])
    log_action(actor, "agreement.signed", child,
               changes={"agreement": f"{agreement.title} v{agreement.version}",
                        "typed_name": signature.typed_name})
    return signature


@transaction.atomic
def mark_left(actor, child, leaving_date: date) -> None:
    """The child leaves: off the register, their records kept, read-only."""
    if child.start_date and leaving_date < child.start_date:
        raise ServiceError(_("The leaving date is before the start date."))
    before = child.leaving_date
    child.leaving_date = leaving_date
    child.save(update_fields=["leaving_date"])
    record_change(actor, child, RecordChange.Area.ENROLMENT,
                  f"Leaving date {leaving_date:%d %b %Y}",
                  {"Leaving date": [_display(before), str(leaving_date)]})


@transaction.atomic
def mark_change_seen(actor, change) -> None:
    RecordChange.objects.filter(pk=change.pk, reviewed_at__isnull=True).update(
        reviewed_by=actor, reviewed_at=timezone.now())
    log_action(actor, "child.change.seen", change.child, label=change.summary)
