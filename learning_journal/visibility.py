"""Which photos and videos of an observation a person may see: the ONE place this rule lives.

Used by the journal pages, the view that serves media files (``access_media``), the
keepsake, and photos shown outside the journal (news posts: ``visible_pictures``).

The rule (docs/architecture.md, "Files and PDFs"; consents: PHOTOS_JOURNAL, PHOTOS_OTHER_FAMILIES):

- Staff of the setting see every photo and video that has not been removed.
- A family sees an item only if every child shown in it (``Media.children_shown``; by default
  every child the observation is about) allows it:
  - a child of their own (linked with the right to receive information) always does, for a
    photo the family added themselves; for one staff took, only with consent to photos in the
    learning journal (PHOTOS_JOURNAL);
  - any other child only if that child is not looked after by the local authority (their
    photos are never shared with other families), has consent to photos in the journal, and
    has consent to photos seen by other families (PHOTOS_OTHER_FAMILIES).
  Otherwise the family sees the observation without that item: never a leak.
- Anyone else sees nothing.

A withdrawal of consent takes effect at once: the rule reads the latest answers on every call.
Whatever the number of observations, it runs a fixed number of queries.
"""

from django.http import Http404

from consents.models import ConsentKind
from consents.services import children_with_consents
from families.access import family_child_ids
from families.models import Child
from learning_journal.models import Media
from learning_journal.permissions import is_journal_staff, observation_viewable
from learning_journal.reads import media_of
from preschool.permissions import parse_uuid


def _load(observations, *, consents=True):
    """The items of ``observations`` with who is shown in each (one query) and, unless
    ``consents`` is off, the consents of those children (one more query)."""
    media = media_of(o.pk for o in observations)
    shown = {m.pk: set(m.shown_ids) for m in media}
    if not consents:  # staff see everything: no need to read anyone's consent
        return media, shown, set(), set(), set()
    looked_after = {i for m in media for i in m.looked_after_ids}
    children = {i for ids in shown.values() for i in ids}
    ok = children_with_consents(children,
                                [ConsentKind.PHOTOS_JOURNAL, ConsentKind.PHOTOS_OTHER_FAMILIES])
    return (media, shown, looked_after, ok[ConsentKind.PHOTOS_JOURNAL],
            ok[ConsentKind.PHOTOS_OTHER_FAMILIES])


def _family_may_see(media, shown, own, looked_after, journal_ok, others_ok, family_upload):
    """The rule for one item and one family (``own``: ids of the family's children)."""
    for child_id in shown:
        if child_id in own:
            if not family_upload and child_id not in journal_ok:
                return False
            continue
        if child_id in looked_after or child_id not in journal_ok or child_id not in others_ok:
            return False
    return True


def visible_media_map(observations, viewer) -> dict[int, list]:
    """For each observation (of one setting), the photos and videos ``viewer`` may see, in
    upload order: ``{observation.pk: [Media, ...]}``."""
    observations = list(observations)
    result: dict[int, list] = {o.pk: [] for o in observations}
    if not observations:
        return result
    setting = observations[0].setting
    staff = is_journal_staff(viewer, setting)
    own = set() if staff else family_child_ids(viewer, setting)
    if not staff and not own:
        return result
    media, shown, looked_after, journal_ok, others_ok = _load(observations, consents=not staff)
    by_pk = {o.pk: o for o in observations}
    for item in media:
        observation = by_pk[item.observation_id]
        if staff or _family_may_see(item, shown[item.pk], own, looked_after, journal_ok,
                                    others_ok, family_upload=observation.is_from_family):
            item.observation = observation
            item.shown_ids = shown[item.pk]
            result[observation.pk].append(item)
    return result


def visible_media(observation, viewer) -> list:
    """The photos and videos of ``observation`` that ``viewer`` may see."""
    return visible_media_map([observation], viewer)[observation.pk]


def media_audience(observation, children) -> dict[int, list]:
    """For staff: for each photo or video, the children of ``children`` (those the observation
    is about) whose family sees it, by the same rule. ``{media.pk: [child, ...]}``."""
    media, shown, looked_after, journal_ok, others_ok = _load([observation])
    return {item.pk: [c for c in children if _family_may_see(
        item, shown[item.pk], {c.pk}, looked_after, journal_ok, others_ok,
        family_upload=observation.is_from_family)] for item in media}


def visible_pictures(shown: dict, viewer, setting) -> set:
    """Photos outside the journal that staff took (a news post's): of ``shown``, ``{key: ids
    of the children shown in that photo}``, the keys ``viewer`` may see by this module's rule
    (staff: all; a family: only if every child shown allows it). Two queries for a family,
    whatever the number of photos; none for staff."""
    if not shown:
        return set()
    if is_journal_staff(viewer, setting):
        return set(shown)
    own = family_child_ids(viewer, setting)
    if not own:
        return set()
    children = {i for ids in shown.values() for i in ids}
    looked_after = set(Child.objects.filter(pk__in=children, is_looked_after=True)
                       .values_list("pk", flat=True)) if children else set()
    ok = children_with_consents(children,
                                [ConsentKind.PHOTOS_JOURNAL, ConsentKind.PHOTOS_OTHER_FAMILIES])
    return {key for key, ids in shown.items()
            if _family_may_see(None, ids, own, looked_after, ok[ConsentKind.PHOTOS_JOURNAL],
                               ok[ConsentKind.PHOTOS_OTHER_FAMILIES], family_upload=False)}


def access_media(request, media_uuid):
    """A photo or video of the current setting, for someone allowed to see it: the observation
    must be one they may see and the item one ``visible_media`` gives them. Anyone
    else - a guessed or copied address included - gets 404."""
    media = (Media.objects.filter(setting=request.setting, uuid=parse_uuid(media_uuid),
                                  removed_at__isnull=True)
             .select_related("observation__setting").first())
    if media is None or not observation_viewable(request.user, media.observation):
        raise Http404
    if media.pk not in {m.pk for m in visible_media(media.observation, request.user)}:
        raise Http404
    return media
