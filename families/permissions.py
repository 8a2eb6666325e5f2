"""Who may see and change a child's record.

Seeing: staff of the child's setting, and adults linked to the child with the right to receive
information (families.access.access_child). Changing: staff, and those linked adults
who have parental responsibility or live with the child (``access_child(request, uuid,
"families.change_child")``). Some parts are staff-only: the
enrolment details (room, dates, SEN, looked after) and court or safeguarding restrictions.
A child who has left is read-only for everyone.
"""

import rules

from families.access import is_carer_of_child, is_manager_of_child, is_staff_of_child
from preschool.permissions import membership_in

rules.add_perm("families.change_child", is_staff_of_child | is_carer_of_child)
rules.add_perm("families.change_enrolment", is_staff_of_child)
rules.add_perm("families.mark_left", is_manager_of_child)
rules.add_perm("families.view_history", is_staff_of_child)
rules.add_perm("families.create_child", rules.predicate(
    lambda user, setting: bool(membership_in(user, setting)
                               and membership_in(user, setting).can_manage_setting)))

