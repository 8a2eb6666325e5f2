"""The child's record: details, health, the adults around them, allergies, All About Me, the
partnership agreement signed, and the record's history. For an adult: their links to
children and the agreements they signed.

Withheld: an adult linked under a court or safeguarding restriction (the pages never show
one to a family), and the record's changes about them; the contact details of the other
adults (a third party's phone, email and address).
"""

from django.utils.translation import gettext, ngettext

from families.models import AgreementSignature, AllAboutMe, Child, ChildAdult, RecordChange
from subject_access.collect.rows import linked_children, name_of, row, with_people
from subject_access.parts import Part

CONTACT_DETAILS = ("phone", "email", "address")


def _link(link, *, own: bool) -> dict:
    skip = ("user", "invitation") + (() if own else CONTACT_DETAILS)
    return row(link, skip=skip, record_type="adult", account=name_of(link.user))


def _signature(signature) -> dict:
    return row(signature, skip=("agreement", "child"), record_type="agreement_signature",
               agreement=signature.agreement.title, agreement_version=signature.agreement.version,
               agreement_text=signature.agreement.text)


def for_child(child, recipient) -> Part:
    part = Part("record", gettext("The child's record"))
    record = Child.objects.select_related("room", "senco__user").get(pk=child.pk)
    part.records.append(row(record, record_type="child"))

    links = list(ChildAdult.objects.filter(child=child).select_related("user"))
    withheld = [link for link in links if link.restriction]
    others = 0
    for link in links:
        if link.restriction:
            continue
        own = recipient is not None and link.user_id == recipient.pk
        others += 0 if own or not (link.phone or link.email or link.address) else 1
        part.records.append(_link(link, own=own))

    part.records += [row(a, skip=("child",), record_type="allergy")
                     for a in child.allergies.all()]
    about = AllAboutMe.objects.filter(child=child).select_related("updated_by").first()
    if about is not None:
        part.records.append(row(about, skip=("child",), record_type="all_about_me"))
    part.records += [_signature(s) for s in
                     AgreementSignature.objects.filter(child=child)
                     .select_related("user", "agreement")]

    hidden_names = [link.name for link in withheld]
    hidden_changes = 0
    for change in with_people(RecordChange.objects.filter(child=child)):
        if any(name and name in change.summary for name in hidden_names):
            hidden_changes += 1
            continue
        changes = {field: pair for field, pair in (change.changes or {}).items()
                   if field != "restriction"}
        part.records.append(row(change, skip=("child",), record_type="record_change",
                                changes=changes))

    if withheld or hidden_changes:
        count = len(withheld) + hidden_changes
        part.withheld.append(ngettext(
            "%(count)d entry withheld where disclosing it could cause harm (safeguarding).",
            "%(count)d entries withheld where disclosing them could cause harm (safeguarding).",
            count) % {"count": count})
    if others:
        part.withheld.append(ngettext(
            "The contact details of %(count)d other adult withheld: they are that person's "
            "data.",
            "The contact details of %(count)d other adults withheld: they are those people's "
            "data.", others) % {"count": others})
    return part


def for_adult(user, setting) -> Part:
    part = Part("record", gettext("Your links to children"))
    links = (ChildAdult.objects.filter(user=user, child__setting=setting, restriction="")
             .select_related("user", "child"))
    for link in links:
        part.records.append(_link(link, own=True) | {"child": link.child.full_name})
    part.records += [_signature(s) | {"child": s.child.full_name} for s in
                     AgreementSignature.objects.filter(user=user, child__setting=setting)
                     .select_related("user", "agreement", "child")]
    part.records += [row(change, skip=("child",), record_type="record_change",
                         child=change.child.full_name,
                         changes={f: p for f, p in (change.changes or {}).items()
                                  if f != "restriction"})
                     for change in with_people(RecordChange.objects.filter(
                         setting=setting, changed_by=user,
                         child__in=linked_children(user, setting)), "child")]
    return part
