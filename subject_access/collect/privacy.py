"""Who looked: every look at a sensitive part of the child's record (``families.RecordView``),
by role and when; the names of staff only where the setting chose to show them to families
(``PrivacyOptions.show_staff_names_to_families``). For an adult: the looks they made at their
own children's records.

Withheld: where a look came from (address and session), and the names of staff unless the
setting shows them.
"""

from django.utils.translation import gettext

from families.models import RecordView
from preschool.models import STAFF_ROLES, Role
from privacy.models import PrivacyOptions
from subject_access.collect.rows import linked_children, value
from subject_access.parts import Part


def _look(look, *, name: str = "") -> dict:
    role = Role(look.viewer_role).label if look.viewer_role in Role.values else look.viewer_role
    entry = {"record_type": "look", "at": value(look.at), "what": look.what,
             "what_display": str(look.get_what_display()), "viewer_role": look.viewer_role,
             "viewer_role_display": str(role)}
    if name:
        entry["viewer"] = name
    return entry


def for_child(child, recipient) -> Part:
    part = Part("looks", gettext("Who looked at the record"))
    names = PrivacyOptions.of(child.setting).show_staff_names_to_families
    looks = RecordView.objects.filter(child=child)
    if names:
        looks = looks.select_related("viewer")
    part.records += [_look(look, name=look.viewer.full_name
                           if names and look.viewer_role in STAFF_ROLES else "")
                     for look in looks]
    if not names:
        part.withheld.append(gettext("The names of the staff who looked: the setting shows "
                                     "families their roles only."))
    return part


def for_adult(user, setting) -> Part:
    part = Part("looks", gettext("Records you looked at"))
    part.records += [_look(look) | {"child": look.child.full_name if look.child else ""}
                     for look in RecordView.objects.filter(
                         viewer=user, setting=setting,
                         child__in=linked_children(user, setting)).select_related("child")]
    return part
