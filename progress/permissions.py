"""Who may see and do what with children's progress.

- Staff of the setting (``can_record_observations``) see every child's assessments, drafts
  included, as they see every journal.
- A child's assessment is recorded and shared by their key person or back-up, or a manager
  (``is_manager_of_child | is_key_person_or_backup``, the rule of the progress check at two).
- The child's family (adults linked with the right to information and no restriction,
  ``is_informed_family``) read the shared assessments of their own child, in plain words, and
  add their comment. Nobody else linked to the child sees anything: 404. Families never see
  another child's, or any group's, figures.
- Managers (``can_manage_setting``) open the cohort view and its exports, and choose the
  framework, the points and the setting's own statements.
- A child who has left is read-only.

Answers follow the portal's convention (preschool/permissions.py): another setting's object, or
one the person may not see, is 404; something visible that they may not change is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from families.access import access_child, is_informed_family, is_manager_of_child
from keyperson.permissions import is_key_person_or_backup
from learning_journal.permissions import records_journal_of_child
from preschool.permissions import capability, parse_uuid
from progress.models import Assessment, AssessmentPoint, SettingStatement

can_manage_setting = capability("can_manage_setting", "progress")
can_record_observations = capability("can_record_observations", "progress")
records_progress_of_child = is_manager_of_child | is_key_person_or_backup

# Per setting.
rules.add_perm("progress.view_caseload", can_record_observations)
rules.add_perm("progress.view_cohort", can_manage_setting)
rules.add_perm("progress.manage_options", can_manage_setting)
# Per child.
rules.add_perm("progress.view_child", records_journal_of_child)
rules.add_perm("progress.record", records_progress_of_child)
rules.add_perm("progress.read_summary", is_informed_family)
rules.add_perm("progress.comment", is_informed_family)


def may(user, perm: str, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)


def access_progress_child(request, child_uuid, perm: str = "progress.view_child", **kwargs):
    """The child (``families.access.access_child``: 404 for anyone who may not see them),
    then ``perm`` (403 for someone who sees the child but does not hold it)."""
    return access_child(request, child_uuid, perm=perm, **kwargs)


def reads_as_staff(user, child) -> bool:
    """Staff who see the child read every assessment of theirs, drafts included."""
    return may(user, "progress.view_child", child)


def access_progress_reader(request, child_uuid):
    """The child whose progress the person reads, and whether they read it as staff: staff who
    see the child (``progress.view_child``: drafts too), or the child's informed family
    (``progress.read_summary``: shared assessments only). 404 for anyone else. A child who
    has left is still read."""
    child = access_child(request, child_uuid)
    staff = reads_as_staff(request.user, child)
    if not staff and not may(request.user, "progress.read_summary", child):
        raise Http404
    return child, staff


def may_comment(user, assessment: Assessment) -> bool:
    """The family comments on a shared assessment of their child while the child is on roll
    (staff read it, but the comment is the family's)."""
    return (assessment.is_shared and not assessment.child.has_left
            and may(user, "progress.comment", assessment.child))


def access_assessment(request, assessment_uuid, *, for_change: bool = False) -> Assessment:
    """An assessment of a child the person may see: staff of the setting any; the child's
    informed family a shared one (a draft is 404 to them). ``for_change``: only those who
    record the child's progress (403 for other staff), and never once the child has left."""
    found = (Assessment.objects.filter(uuid=parse_uuid(assessment_uuid),
                                       setting=request.setting)
             .select_related("child__room", "child__setting", "point", "framework", "band")
             .first())
    if found is None:
        raise Http404
    child = access_child(request, found.child.uuid, allow_left=not for_change)
    found.child = child
    if not may(request.user, "progress.view_child", child) and not (
            found.is_shared and may(request.user, "progress.read_summary", child)):
        raise Http404
    if for_change and not may(request.user, "progress.record", child):
        raise PermissionDenied
    return found


def _setting_object(request, model, object_uuid):
    """A row of ``model`` of the current setting, for its managers: 403 for anyone else, 404
    for another setting's or a missing one."""
    if not may(request.user, "progress.manage_options", request.setting):
        raise PermissionDenied
    found = model.objects.filter(uuid=parse_uuid(object_uuid), setting=request.setting).first()
    if found is None:
        raise Http404
    return found


def access_point(request, point_uuid) -> AssessmentPoint:
    """A point of the current setting, for its managers."""
    return _setting_object(request, AssessmentPoint, point_uuid)


def access_statement(request, statement_uuid) -> SettingStatement:
    """One of the current setting's own statements, for its managers."""
    return _setting_object(request, SettingStatement, statement_uuid)
