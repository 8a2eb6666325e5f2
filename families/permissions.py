"""Who may see and change a child's record.

Seeing: staff of the child's setting, and adults linked to the child with the right to receive
information (preschool.permissions.access_child). Changing: staff, and those linked adults
who have parental responsibility or live with the child. Some parts are staff-only: the
enrolment details (room, dates, SEN, looked after) and court or safeguarding restrictions.
A child who has left is read-only for everyone.
"""

import rules
from django.core.exceptions import PermissionDenied

from preschool.permissions import access_child, membership_in


def family_link(user, child):
    """The adult record linking ``user`` to ``child`` with the right to information, if any."""
    return next((a for a in child.adults.all()
                 if a.user_id == user.pk and a.may_receive_information), None)


def family_may_hear(user, child) -> bool:
    """Whether an email about ``child`` may still go to ``user`` when it is sent (reminders are
    delivered later than they are scheduled): an active account, still linked to the child with
    the right to receive information, still a member of the child's setting. Reads the
    database afresh."""
    if user is None or not user.is_active:
        return False
    return (child.adults.filter(user=user, may_receive_information=True).exists()
            and user.memberships.active().filter(setting=child.setting_id).exists())


@rules.predicate
def is_staff_of_child(user, child):
    membership = membership_in(user, child.setting)
    return bool(membership and membership.is_staff_member)


@rules.predicate
def is_carer_of_child(user, child):
    link = family_link(user, child)
    return bool(link and (link.has_parental_responsibility or link.lives_with_child))


@rules.predicate
def is_manager_of_child(user, child):
    membership = membership_in(user, child.setting)
    return bool(membership and membership.can_manage_setting)


rules.add_perm("families.change_child", is_staff_of_child | is_carer_of_child)
rules.add_perm("families.change_enrolment", is_staff_of_child)
rules.add_perm("families.mark_left", is_manager_of_child)
rules.add_perm("families.view_history", is_staff_of_child)
rules.add_perm("families.create_child", rules.predicate(
    lambda user, setting: bool(membership_in(user, setting)
                               and membership_in(user, setting).can_manage_setting)))


def access_child_for_change(request, child_uuid, perm="families.change_child"):
    """The child, for someone who may change this part of the record.

    404 when the person may not see the child at all; 403 when they may see it but not
    change it (a carer without parental responsibility, a staff-only part, a child who has
    left).
    """
    child = access_child(request, child_uuid)
    if child.has_left or not rules.has_perm(perm, request.user, child):
        raise PermissionDenied
    return child
