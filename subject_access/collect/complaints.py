"""Concerns and complaints: what the family raised about the child (or, for an adult, what
they raised), its acknowledgement and outcome, as the family was told them.

Withheld: the investigation's notes and actions and the files kept with a concern (staff
only, the pages never show them to a family), and a concern about the child raised by someone
outside the child's family (that person's own words).
"""

from django.db.models import Count
from django.utils.translation import gettext, ngettext

from complaints.models import Concern
from families.models import ChildAdult
from subject_access.collect.rows import row, with_people
from subject_access.parts import Part

SKIP = ("child", "complainant", "assigned_to", "shared_with_staff_at", "shared_by")


def _concern(concern, skip=SKIP) -> dict:
    outcome = getattr(concern, "outcome", None)
    return row(concern, skip=skip, record_type="concern",
               raised_by=concern.complainant_label,
               child=concern.child.full_name if concern.child else "",
               outcome=row(outcome, skip=("concern",)) if outcome else None)


def _concerns(queryset):
    return (with_people(queryset, "child", "outcome__decided_by")
            .annotate(note_count=Count("notes", distinct=True),
                      attachment_count=Count("attachments", distinct=True)))


def _withhold(part, concerns) -> None:
    notes = sum(c.note_count for c in concerns)
    files = sum(c.attachment_count for c in concerns)
    if notes:
        part.withheld.append(ngettext(
            "%(count)d investigation note withheld: staff's internal notes.",
            "%(count)d investigation notes withheld: staff's internal notes.", notes)
            % {"count": notes})
    if files:
        part.withheld.append(ngettext(
            "%(count)d file kept by staff with a concern withheld.",
            "%(count)d files kept by staff with a concern withheld.", files) % {"count": files})


def for_child(child, recipient) -> Part:
    part = Part("complaints", gettext("Concerns and complaints"))
    family = list(ChildAdult.objects.filter(child=child, restriction="")
                  .values_list("user_id", "name", "email"))
    users = {u for u, _n, _e in family if u is not None}
    names = {n.lower() for _u, n, _e in family if n}
    emails = {e.lower() for _u, _n, e in family if e}
    concerns, others = [], 0
    for concern in _concerns(Concern.objects.filter(child=child)):
        if (concern.complainant_id in users or concern.complainant_name.lower() in names
                or (concern.complainant_email and concern.complainant_email.lower() in emails)):
            concerns.append(concern)
        else:
            others += 1
    # The contact details typed in are the complainant's own: in their own bundle only.
    part.records += [_concern(c, SKIP + ("complainant_email", "complainant_phone"))
                     for c in concerns]
    _withhold(part, concerns)
    if others:
        part.withheld.append(ngettext(
            "%(count)d concern about the child raised by someone outside the family withheld: "
            "it is that person's account.",
            "%(count)d concerns about the child raised by people outside the family withheld: "
            "they are those people's accounts.", others) % {"count": others})
    return part


def for_adult(user, setting) -> Part:
    part = Part("complaints", gettext("Concerns and complaints"))
    concerns = list(_concerns(Concern.objects.filter(setting=setting, complainant=user)))
    part.records += [_concern(c) for c in concerns]
    _withhold(part, concerns)
    return part
