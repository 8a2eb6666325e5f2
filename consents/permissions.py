"""Who may do what with consents, medicines, accidents and outings.

- Consent answers and medicine permissions are given only by an adult linked to the child with
  parental responsibility AND the right to receive information (an adult without the right to
  information cannot even see the child: 404; one who sees the child without parental
  responsibility, such as a childminder or a foster carer, gets 403 and a message).
- Doses and accident records are acknowledged by the child's family: an adult with the right to
  information who has parental responsibility or lives with the child.
- Staff of the setting (``Membership.can_record_medication``) check labels, record doses,
  accidents and outings; managers (``can_manage_consents``) manage the forms, the medicines
  policy and Ofsted notifications, and review possible double doses.

Answers follow the portal's convention (preschool/permissions.py): another setting's object, or
one the person may not see, is 404; something visible they may not change is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from families.access import (
    access_child,
    has_parental_responsibility,
    is_carer_of_child,
    is_staff_of_child,
)
from preschool.permissions import capability, membership_in, parse_uuid

can_manage_consents = capability("can_manage_consents", "consents")
can_record_medication = capability("can_record_medication", "consents")
records_medication_of_child = is_staff_of_child & can_record_medication

# Per setting.
rules.add_perm("consents.manage_forms", can_manage_consents)
rules.add_perm("consents.manage_medication_policy", can_manage_consents)
rules.add_perm("consents.notify_ofsted", can_manage_consents)
rules.add_perm("consents.chase", can_manage_consents)
rules.add_perm("consents.review_double_doses", can_manage_consents)
rules.add_perm("consents.staff_pages", can_record_medication)
# Per child.
rules.add_perm("consents.answer", has_parental_responsibility)
rules.add_perm("consents.request_medication", has_parental_responsibility)
rules.add_perm("consents.end_medication",
               has_parental_responsibility | records_medication_of_child)
rules.add_perm("consents.acknowledge", is_carer_of_child)
rules.add_perm("consents.record_medication", records_medication_of_child)
rules.add_perm("consents.record_accident", records_medication_of_child)


def can(user, perm: str, obj) -> bool:
    return rules.has_perm(perm, user, obj)


def is_staff(request) -> bool:
    return bool(request.membership and request.membership.can_record_medication)


def access_form(request, form_uuid):
    """A consent form of the current setting, for a person who may manage the forms.

    Another setting's form is 404; a member of this setting without the right gets 403."""
    from consents.models import ConsentForm

    form = ConsentForm.objects.filter(setting=request.setting,
                                      uuid=parse_uuid(form_uuid)).first()
    if form is None or membership_in(request.user, request.setting) is None:
        raise Http404
    if not rules.has_perm("consents.manage_forms", request.user, request.setting):
        raise PermissionDenied
    return form


def _child_record(request, model, object_uuid, related=()):
    """A record about a child of the current setting, for those who may see the child: staff
    of the setting and the child's family with the right to information; 404 for anyone
    else."""
    obj = (model.objects.filter(setting=request.setting, uuid=parse_uuid(object_uuid))
           .select_related("child__setting", "child__room", *related).first())
    if obj is None:
        raise Http404
    access_child(request, obj.child.uuid)  # 404 unless the person may see the child
    return obj


def access_permission(request, permission_uuid):
    """A medicine permission: staff of the setting and the child's informed family; else 404."""
    from consents.models import MedicationPermission

    return _child_record(request, MedicationPermission, permission_uuid,
                         ("requested_by", "checked_by", "ended_by"))


def access_dose(request, dose_uuid):
    """A dose record: staff of the setting and the child's informed family; else 404."""
    from consents.models import MedicationDose

    return _child_record(request, MedicationDose, dose_uuid,
                         ("permission", "given_by", "witnessed_by"))


def access_accident(request, accident_uuid):
    """An accident record: staff of the setting and the child's informed family; else 404."""
    from consents.models import Accident

    return _child_record(request, Accident, accident_uuid, ("first_aid_by", "recorded_by"))


def access_outing(request, outing_uuid):
    """An outing of the current setting, for its staff (families never see the list of who
    goes: other children's names and consents). 404 for other settings and for families."""
    from consents.models import Outing

    outing = Outing.objects.filter(setting=request.setting,
                                   uuid=parse_uuid(outing_uuid)).first()
    if outing is None or not is_staff(request):
        raise Http404
    return outing
