"""Progress: the child's assessments shared with the family, each judgement (area or aspect)
with its words for families, its range, the key person's comment and the days of the published
observations that are its evidence (those observations are in the learning journal's part),
and the family's comment.

Withheld: assessments not yet shared with the family (staff's working drafts), for whoever the
bundle goes to, as the family's own pages do.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext, ngettext

from learning_journal.models import Observation
from progress.models import Assessment, Judgement, JudgementEvidence
from progress.summary import plain_words
from subject_access.collect.rows import linked_children, row, value, with_people
from subject_access.parts import Part


def _judgement(judgement, evidence: dict[int, list[str]]) -> dict:
    return row(judgement, skip=("assessment", "area", "aspect", "band"),
               record_type="judgement", area=judgement.area.label,
               aspect=judgement.aspect.label if judgement.aspect else "",
               range=judgement.band.label if judgement.band else "",
               in_plain_words=plain_words(judgement.status),
               evidence_observed_on=evidence.get(judgement.pk, []))


def for_child(child, recipient) -> Part:
    part = Part("progress", gettext("Progress"))
    judgements = Judgement.objects.select_related("area", "aspect", "band")
    assessments = list(with_people(Assessment.objects.filter(child=child),
                                   "point", "framework", "band")
                       .order_by("assessed_on", "created_at")
                       .prefetch_related(Prefetch("judgements", queryset=judgements)))
    shared = [a for a in assessments if a.is_shared]
    evidence: dict[int, list[str]] = {}
    for link in (JudgementEvidence.objects
                 .filter(judgement__assessment__in=shared,
                         observation__status=Observation.Status.PUBLISHED)
                 .select_related("observation").order_by("observation__observed_on")):
        evidence.setdefault(link.judgement_id, []).append(value(link.observation.observed_on))
    for assessment in shared:
        part.records.append(row(
            assessment, skip=("child", "point", "framework", "band"),
            record_type="assessment", point=assessment.point.name,
            framework=assessment.framework.label,
            band=assessment.band.label if assessment.band else "",
            judgements=[_judgement(j, evidence) for j in assessment.judgements.all()]))
    drafts = len(assessments) - len(shared)
    if drafts:
        part.withheld.append(ngettext(
            "%(count)d assessment not yet shared with the family withheld: staff's working "
            "draft.",
            "%(count)d assessments not yet shared with the family withheld: staff's working "
            "drafts.", drafts) % {"count": drafts})
    return part


def for_adult(user, setting) -> Part:
    """What the adult wrote about their own children's progress: their comments on shared
    assessments (a child under a restriction on the adult's link is not theirs here)."""
    part = Part("progress", gettext("Progress"))
    own = linked_children(user, setting)
    part.records += [{"record_type": "family_comment", "child": a.child.full_name,
                      "point": a.point.name, "comment": a.family_comment,
                      "commented_at": value(a.family_commented_at)}
                     for a in Assessment.objects.filter(family_commented_by=user, child__in=own,
                                                        setting=setting)
                     .select_related("child", "point")]
    return part
