"""Consents, medicines and accidents: every answer to a consent form (withdrawals included,
with the wording answered), the outings the child went on, every medication permission and
dose (corrections included, and the family's acknowledgements), every accident record (each
version, the acknowledgement and the notification to Ofsted). They are the child's records.

Withheld: a manager's review of a dose flagged as a possible double dose (an internal
investigation of staff's practice); the other children of an outing.
"""

from django.db.models import Count
from django.utils.translation import gettext, ngettext

from consents.models import Accident, ConsentAnswer, MedicationDose, MedicationPermission, Outing
from subject_access.collect.rows import linked_children, row, value, with_people
from subject_access.parts import Part


def _answer(answer) -> dict:
    form = answer.form
    return row(answer, skip=("child", "form"), record_type="consent_answer",
               form_title=form.title, form_kind=form.kind, form_kind_display=str(
                   form.get_kind_display()), form_version=form.version, wording=form.wording)


def _dose(dose) -> dict:
    acknowledgement = getattr(dose, "acknowledgement", None)
    return row(dose, skip=("child", "permission", "corrects"), record_type="medication_dose",
               warnings_display=[str(label) for label in dose.warning_labels()],
               corrects_given_at=value(dose.corrects.given_at) if dose.corrects else None,
               acknowledged_by=acknowledgement.acknowledged_by.full_name
               if acknowledgement else "",
               acknowledged_at=value(acknowledgement.acknowledged_at)
               if acknowledgement else None)


def _accident(accident) -> dict:
    acknowledgement = getattr(accident, "acknowledgement", None)
    ofsted = getattr(accident, "ofsted_notification", None)
    return row(accident, skip=("child", "corrects", "original"), record_type="accident",
               is_correction=accident.corrects_id is not None,
               acknowledgement=row(acknowledgement, skip=("accident",))
               if acknowledgement else None,
               ofsted_notification=row(ofsted, skip=("original",)) if ofsted else None)


def for_child(child, recipient) -> Part:
    part = Part("consents", gettext("Consents, medicines and accidents"))
    part.records += [_answer(a) for a in
                     ConsentAnswer.objects.filter(child=child).select_related(
                         "form", "answered_by")]
    # Counted before the filter: the count is of every child who went, not of this one.
    outings = list(with_people(Outing.objects.annotate(going=Count("children"))
                               .filter(children=child)))
    part.records += [row(o, record_type="outing", other_children=o.going - 1) for o in outings]

    part.records += [row(p, skip=("child", "replaces"), record_type="medication_permission")
                     for p in with_people(MedicationPermission.objects.filter(child=child))]
    doses = list(with_people(MedicationDose.objects.filter(child=child),
                             "corrects", "acknowledgement__acknowledged_by",
                             "double_dose_review"))
    part.records += [_dose(d) for d in doses]
    reviews = sum(1 for d in doses if getattr(d, "double_dose_review", None) is not None)

    part.records += [_accident(a) for a in with_people(
        Accident.objects.filter(child=child),
        "acknowledgement__acknowledged_by", "ofsted_notification__recorded_by")]

    if reviews:
        part.withheld.append(ngettext(
            "%(count)d manager's review of a possible double dose withheld: an internal "
            "review of staff's practice.",
            "%(count)d managers' reviews of possible double doses withheld: internal "
            "reviews of staff's practice.", reviews) % {"count": reviews})
    if any(o.going > 1 for o in outings):
        part.withheld.append(gettext("The other children who went on each outing are not "
                                     "named: only how many."))
    return part


def for_adult(user, setting) -> Part:
    part = Part("consents", gettext("Consents, medicines and accidents"))
    own = linked_children(user, setting)
    part.records += [_answer(a) | {"child": a.child.full_name} for a in
                     ConsentAnswer.objects.filter(answered_by=user, child__in=own)
                     .select_related("form", "answered_by", "child")]
    part.records += [row(p, skip=("child", "replaces"), record_type="medication_permission",
                         child=p.child.full_name)
                     for p in with_people(MedicationPermission.objects.filter(
                         requested_by=user, child__in=own), "child")]
    part.records += [row(d, skip=("child", "permission", "corrects"),
                         record_type="dose_acknowledged", child=d.child.full_name,
                         acknowledged_at=value(d.acknowledgement.acknowledged_at))
                     for d in with_people(MedicationDose.objects.filter(
                         acknowledgement__acknowledged_by=user, child__in=own),
                         "child", "acknowledgement")]
    part.records += [row(a, skip=("child", "corrects", "original"),
                         record_type="accident_acknowledged", child=a.child.full_name,
                         acknowledgement=row(a.acknowledgement, skip=("accident",)))
                     for a in with_people(Accident.objects.filter(
                         acknowledgement__acknowledged_by=user, child__in=own),
                         "child", "acknowledgement__acknowledged_by")]
    return part
