"""Who may see and do what in the learning journal.

- Staff of a setting (``Membership.can_record_observations``) see every child's journal,
  drafts included, and write observations. The author of a draft, or a manager, changes it.
  A manager (``can_manage_setting``) approves observations when the setting asks for review,
  and chooses that option.
- A child's family - adults linked to the child with the right to receive information - see
  the child's published observations (with only the photos learning_journal.visibility allows
  them), add wow moments from home, comment, write in the diary, read the room's daily board,
  read the progress check once it is sent to them, add their comments and download it.
  Anyone else linked to the child (a childminder without that right) sees nothing: 404.
- The progress check at two is written by the child's key person or back-up or a manager, and
  signed off by a manager (``can_sign_off_progress_checks``).
- A child who has left is read-only: no new observations, comments or diary entries.

Answers follow the portal's convention (preschool/permissions.py): another setting's object, or
one the person may not see, is 404; something visible that they may not change is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from families.access import (
    access_child,
    family_child_ids,
    is_informed_family,
    is_manager_of_child,
    is_staff_of_child,
)
from keyperson.permissions import is_key_person_or_backup
from preschool.permissions import capability, parse_uuid

can_record_observations = capability("can_record_observations", "learning_journal")
can_manage_setting = capability("can_manage_setting", "learning_journal")
can_sign_off_progress_checks = capability("can_sign_off_progress_checks", "learning_journal")
records_journal_of_child = is_staff_of_child & can_record_observations


def is_journal_staff(user, setting) -> bool:
    return can_record_observations(user, setting)


def is_journal_manager(user, setting) -> bool:
    return can_manage_setting(user, setting)


# Per setting.
rules.add_perm("learning_journal.record_observations", can_record_observations)
rules.add_perm("learning_journal.review_observations", can_manage_setting)
rules.add_perm("learning_journal.change_journal_settings", can_manage_setting)
rules.add_perm("learning_journal.write_daily_board", can_record_observations)
rules.add_perm("learning_journal.view_check_list", can_record_observations)
rules.add_perm("learning_journal.sign_off_checks", can_sign_off_progress_checks)
# Per child.
rules.add_perm("learning_journal.add_wow_moment", is_informed_family)
rules.add_perm("learning_journal.comment", records_journal_of_child | is_informed_family)
rules.add_perm("learning_journal.write_diary", records_journal_of_child | is_informed_family)
rules.add_perm("learning_journal.write_check", is_manager_of_child | is_key_person_or_backup)
rules.add_perm("learning_journal.request_keepsake", is_informed_family | records_journal_of_child)


def can_change_observation(user, observation) -> bool:
    """The author of an unpublished staff observation, or a manager, may change it."""
    if not observation.is_editable or observation.is_from_family:
        return False
    if not is_journal_staff(user, observation.setting):
        return False
    return observation.author_id == user.pk or is_journal_manager(user, observation.setting)


def can_annotate_observation(user, observation, children) -> bool:
    """Linking a published observation to areas and writing next steps (a family's wow moment
    included): its author if staff, a manager, or the key person or back-up of a child it is
    about."""
    setting = observation.setting
    if not is_journal_staff(user, setting):
        return False
    if is_journal_manager(user, setting):
        return True
    if observation.author_id == user.pk:
        return True
    return any(is_key_person_or_backup(user, child) for child in children)


def access_observation(request, observation_uuid, *, for_change: bool = False):
    """An observation of the current setting, in full (every child, every thread), for staff
    of the setting; anyone else gets 404 (families read observations in their own child's
    journal, through ``access_journal_observation``). ``for_change``: 403 unless the person may
    change it (``can_change_observation``)."""
    from learning_journal.models import Observation

    observation = (Observation.objects.for_setting(request.setting)
                   .filter(uuid=parse_uuid(observation_uuid))
                   .select_related("setting", "author", "published_by").first())
    if observation is None or not is_journal_staff(request.user, request.setting):
        raise Http404
    if for_change and not can_change_observation(request.user, observation):
        raise PermissionDenied
    return observation


def access_journal_observation(request, child_uuid, observation_uuid):
    """The child (``access_child``) and an observation in their journal: for staff, any
    observation about the child; for the child's family, a published one. Else 404."""
    from learning_journal.models import Observation

    child = access_child(request, child_uuid)
    staff = is_journal_staff(request.user, request.setting)
    observation = (Observation.objects.in_journal_of(child, staff=staff)
                   .filter(uuid=parse_uuid(observation_uuid))
                   .select_related("setting", "author").first())
    if observation is None:
        raise Http404
    return child, observation


def observation_viewable(user, observation) -> bool:
    """Staff of its setting see any observation; a family sees a published one about one of
    their children (with the right to receive information)."""
    if is_journal_staff(user, observation.setting):
        return True
    if not observation.is_published:
        return False
    mine = family_child_ids(user, observation.setting)
    return bool(mine) and observation.child_links.filter(child_id__in=mine).exists()


def access_media_for_staff(request, media_uuid):
    """A photo or video of the current setting that has not been removed, for staff of the
    setting (to say who is in it, or remove it); anyone else gets 404."""
    from learning_journal.models import Media

    media = (Media.objects.filter(setting=request.setting, uuid=parse_uuid(media_uuid),
                                  removed_at__isnull=True)
             .select_related("observation__setting").first())
    if media is None or not is_journal_staff(request.user, request.setting):
        raise Http404
    return media


def access_check(request, check_uuid):
    """A progress check of the current setting: staff of the setting see it at any stage; the
    child's family (with the right to receive information) once it has been sent to them.
    Else 404."""
    from learning_journal.models import ProgressCheck

    check = (ProgressCheck.objects.for_setting(request.setting)
             .filter(uuid=parse_uuid(check_uuid))
             .select_related("child__setting", "child__room", "setting", "written_by",
                             "signed_off_by", "family_commented_by", "senco__user", "corrects")
             .first())
    if check is None:
        raise Http404
    if is_journal_staff(request.user, request.setting):
        return check
    if check.is_shared_with_family and is_informed_family(request.user, check.child):
        return check
    raise Http404


def access_keepsake(request, keepsake_uuid):
    """A keepsake, for the person it was made for (it holds what they may see), while they
    still have the right to the child's information; staff of the setting may download the
    ones they asked for. Anyone else: 404."""
    from learning_journal.models import Keepsake

    keepsake = (Keepsake.objects.filter(setting=request.setting,
                                        uuid=parse_uuid(keepsake_uuid))
                .select_related("child__setting").first())
    if keepsake is None or keepsake.requested_by_id != request.user.pk:
        raise Http404
    if not (is_journal_staff(request.user, request.setting)
            or is_informed_family(request.user, keepsake.child)):
        raise Http404
    return keepsake
