"""The learning journal: the child's published observations (with their areas, the child's
next step and the comments of the child's own thread), the photos and videos the photo
consent rule allows, the home and setting diary, the progress checks shared with the family
(each version, with its PDF) and the keepsakes asked for.

Withheld:
- on a group observation, the other children: their names are replaced by "another child" in
  the text, and their next steps and comments are never read;
- photos and videos the rule does not allow (``learning_journal.visibility.visible_media_map``
  for the child's informed family; with no account, only those showing no other child);
- observations not yet published, the manager's notes returning an observation or a check to
  its author, and progress checks not yet shared with the family (staff's working drafts).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext

from learning_journal.models import (
    CheckArea,
    Comment,
    DiaryEntry,
    Keepsake,
    Media,
    Observation,
    ObservationChild,
    ObservationReturn,
    ProgressCheck,
)
from learning_journal.reads import media_of
from learning_journal.visibility import visible_media_map
from subject_access.collect.rows import (
    child_names,
    is_family_recipient,
    linked_children,
    redactor,
    row,
    value,
    with_people,
)
from subject_access.parts import BundleFile, Part


def _media_file(media, observation) -> BundleFile:
    extension = "jpg" if media.is_photo else "mp4"
    return BundleFile(f"journal/{observation.observed_on.isoformat()}-{media.uuid.hex[:8]}"
                      f".{extension}", file=media.file)


def _observations(child):
    links = ObservationChild.objects.select_related("child")
    comments = with_people(Comment.objects.filter(child=child))
    return (with_people(Observation.objects.in_journal_of(child, staff=False))
            .prefetch_related("areas", "aspects", "characteristics",
                              Prefetch("child_links", queryset=links),
                              Prefetch("comments", queryset=comments)))


def _allowed_media(child, recipient, observations) -> dict[int, list]:
    """The items of each observation that go in the bundle (see the top of this module)."""
    if is_family_recipient(child, recipient):
        return visible_media_map(observations, recipient)
    allowed: dict[int, list] = {o.pk: [] for o in observations}
    for item in media_of(o.pk for o in observations):
        if set(item.shown_ids) <= {child.pk}:  # type: ignore[attr-defined]
            allowed[item.observation_id].append(item)
    return allowed


def _check(check) -> dict:
    return row(check, skip=("child", "corrects", "returned_note", "pdf_status"),
               record_type="progress_check",
               corrects_version=check.corrects.version if check.corrects else None,
               areas=[row(area, skip=("check_record", "area"), area=area.area.label)
                      for area in check.areas.all()])


def for_child(child, recipient) -> Part:
    part = Part("journal", gettext("Learning journal"))
    observations = list(_observations(child))
    for observation in observations:
        observation.setting = child.setting  # of the child's setting: no query for it
    allowed = _allowed_media(child, recipient, observations)
    media_total = len(media_of(o.pk for o in observations))
    own_names = child_names(child)
    others = 0
    for observation in observations:
        links = list(observation.child_links.all())
        other_children = [link.child for link in links if link.child_id != child.pk]
        others += bool(other_children)
        redact = redactor([n for c in other_children for n in child_names(c)], keep=own_names)
        own = next((link for link in links if link.child_id == child.pk), None)
        files = [_media_file(m, observation) for m in allowed[observation.pk]]
        part.files += files
        part.records.append(row(
            observation, record_type="observation", text=redact(observation.text),
            areas=[a.label for a in observation.areas.all()],
            aspects=[a.label for a in observation.aspects.all()],
            characteristics=[c.label for c in observation.characteristics.all()],
            next_step=redact(own.next_step) if own else "",
            other_children=len(other_children), files=[f.path for f in files],
            comments=[row(c, skip=("observation", "child"), body=redact(c.body))
                      for c in observation.comments.all()]))

    part.records += [row(d, skip=("child",), record_type="diary_entry")
                     for d in with_people(DiaryEntry.objects.filter(child=child))]
    checks = list(with_people(ProgressCheck.objects.filter(child=child), "corrects")
                  .prefetch_related(Prefetch("areas", queryset=CheckArea.objects
                                             .select_related("area"))))
    for check in checks:
        if not check.is_shared_with_family:
            continue
        part.records.append(_check(check))
        if check.pdf:
            part.files.append(BundleFile(
                f"journal/progress-check-v{check.version}.pdf", file=check.pdf))
    part.records += [row(k, skip=("child",), record_type="keepsake")
                     for k in with_people(Keepsake.objects.filter(child=child))]

    media_left = media_total - sum(len(items) for items in allowed.values())
    unpublished = (Observation.objects.in_journal_of(child, staff=True)
                   .exclude(status=Observation.Status.PUBLISHED).count())
    returns = ObservationReturn.objects.filter(
        observation__in=Observation.objects.in_journal_of(child, staff=True)).count()
    drafts = sum(1 for c in checks if not c.is_shared_with_family)
    drafts += sum(1 for c in checks if c.returned_note)
    if others:
        part.withheld.append(ngettext(
            "%(count)d observation is about other children too: their names are replaced by "
            "\"another child\", and what is written about them alone is left out.",
            "%(count)d observations are about other children too: their names are replaced "
            "by \"another child\", and what is written about them alone is left out.",
            others) % {"count": others})
    if media_left:
        part.withheld.append(ngettext(
            "%(count)d photo or video withheld: it shows another child whose family has not "
            "agreed to it being seen by other families.",
            "%(count)d photos or videos withheld: they show other children whose families have "
            "not agreed to them being seen by other families.", media_left)
            % {"count": media_left})
    internal = unpublished + returns + drafts
    if internal:
        part.withheld.append(ngettext(
            "%(count)d working draft or internal review note of staff withheld.",
            "%(count)d working drafts or internal review notes of staff withheld.", internal)
            % {"count": internal})
    return part


def for_adult(user, setting) -> Part:
    part = Part("journal", gettext("Learning journal"))
    own = linked_children(user, setting)
    moments = list(with_people(Observation.objects.filter(
        setting=setting, author=user, source=Observation.Source.FAMILY,
        child_links__child__in=own).distinct()))
    part.records += [row(o, record_type="wow_moment") for o in moments]
    for item in Media.objects.filter(observation__in=[o.pk for o in moments],
                                     removed_at=None).select_related("observation"):
        part.files.append(_media_file(item, item.observation))
    part.records += [row(c, skip=("observation", "child"), record_type="comment",
                         child=c.child.full_name, observed_on=value(c.observation.observed_on))
                     for c in with_people(Comment.objects.filter(author=user, child__in=own),
                                          "child", "observation")]
    part.records += [row(d, skip=("child",), record_type="diary_entry", child=d.child.full_name)
                     for d in with_people(DiaryEntry.objects.filter(author=user,
                                                                    child__in=own), "child")]
    part.records += [{"record_type": "progress_check_comment", "child": c.child.full_name,
                      "version": c.version, "family_comments": c.family_comments}
                     for c in ProgressCheck.objects.filter(family_commented_by=user,
                                                           child__in=own)
                     .select_related("child")]
    return part
