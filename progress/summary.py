"""What a family reads of their child's progress: each judgement in plain words, what they can
do at home, and the evidence (docs/architecture.md, "Progress").

A summary is about one child: never a league table, another child or a group's figures. Its
reads run a fixed number of queries, however many areas, next steps or observations there are.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning_journal.models import Area, Observation, ObservationChild
from progress.models import Assessment, Band, Judgement, JudgementEvidence

# What each judgement means, in a sentence a parent understands (no codes, no jargon).
PLAIN_WORDS = {
    Judgement.Status.ON_TRACK: gettext_lazy("Developing well for their age"),
    Judgement.Status.WORKING_TOWARDS: gettext_lazy("Getting there: we are helping with this"),
    Judgement.Status.NOT_YET: gettext_lazy(
        "Needs some extra help: we will talk with you about how we support this"),
}
# How many of the child's latest next steps "What you can do at home" shows for each area.
NEXT_STEPS_PER_AREA = 3


def plain_words(status: str) -> str:
    """The judgement as a parent reads it ("" when the area is not judged)."""
    words = PLAIN_WORDS.get(status)  # type: ignore[call-overload]
    return str(words) if words is not None else ""


def range_words(band: Band | None, total: int, framework_name: str) -> str:
    """A Birth to 5 Matters range said plainly: "Range 3 (of 6) in Birth to 5 Matters"."""
    if band is None:
        return ""
    return _("%(range)s (of %(total)d) in %(framework)s") % {
        "range": band.label, "total": total, "framework": _(framework_name)}


@dataclass
class NextStep:
    text: str
    observed_on: date


@dataclass
class Evidence:
    observation: Observation


@dataclass
class AspectRow:
    name: str
    words: str
    range: str
    comment: str
    status: str = ""
    band: Band | None = None
    evidence: list[Observation] = field(default_factory=list)


@dataclass
class AreaRow:
    """One area of the summary."""

    area: Area
    words: str = ""
    status: str = ""
    band: Band | None = None
    range: str = ""
    comment: str = ""
    aspects: list[AspectRow] = field(default_factory=list)
    next_steps: list[NextStep] = field(default_factory=list)
    evidence: list[Observation] = field(default_factory=list)


def next_steps_by_area(child, *, per_area: int = NEXT_STEPS_PER_AREA
                       ) -> dict[int, list[NextStep]]:
    """The child's latest next steps in the journal for each area: ``ObservationChild.
    next_step`` of the child's published observations tagged with the area, newest first,
    ``per_area`` of each (one query: a window numbers them within each area)."""
    rows = (ObservationChild.objects
            .filter(child=child, observation__setting_id=child.setting_id,
                    observation__status=Observation.Status.PUBLISHED,
                    observation__areas__isnull=False)
            .exclude(next_step="")
            .annotate(area_id=F("observation__areas"),
                      observed_on=F("observation__observed_on"),
                      rank=Window(RowNumber(), partition_by=[F("observation__areas")],
                                  order_by=[F("observation__observed_on").desc(),
                                            F("observation__created_at").desc()]))
            .filter(rank__lte=per_area)
            .values_list("area_id", "next_step", "observed_on")
            .order_by("area_id", "rank"))
    found: dict[int, list[NextStep]] = {}
    for area_id, text, observed_on in rows:
        found.setdefault(area_id, []).append(NextStep(text=text, observed_on=observed_on))
    return found


def evidence_by_judgement(assessment: Assessment, *, staff: bool = False
                          ) -> dict[int, list[Observation]]:
    """The observations linked to each judgement as evidence, newest first, that are in the
    child's journal as the reader sees it (``Observation.objects.in_journal_of``): for the
    family only published ones (a draft or an observation taken back is never shown); with
    ``staff``, drafts and those waiting for review too. One query."""
    seen = Observation.objects.in_journal_of(assessment.child, staff=staff)
    links = (JudgementEvidence.objects
             .filter(judgement__assessment=assessment, observation__in=seen)
             .select_related("observation")
             .order_by("-observation__observed_on", "-observation__created_at"))
    found: dict[int, list[Observation]] = {}
    for link in links:
        found.setdefault(link.judgement_id, []).append(link.observation)
    return found


def summary_of(assessment: Assessment, *, staff: bool = False) -> list[AreaRow]:
    """The summary of an assessment, area by area (four queries: the judgements, the number of
    ranges, the evidence, the next steps). An area's ``evidence`` is that of its judgement and
    of its aspects'; with ``staff``, observations not published yet are among it
    (``evidence_by_judgement``)."""
    framework = assessment.framework
    judgements = list(assessment.judgements.select_related("area", "aspect", "band"))
    total = (Band.objects.filter(framework=framework).count() if framework.uses_ranges else 0)
    evidence = evidence_by_judgement(assessment, staff=staff)
    steps = next_steps_by_area(assessment.child)
    rows: dict[int, AreaRow] = {}
    for judgement in judgements:
        row = rows.get(judgement.area_id)
        if row is None:
            row = rows[judgement.area_id] = AreaRow(
                area=judgement.area, next_steps=steps.get(judgement.area_id, []))
        ranged = range_words(judgement.band, total, framework.name) if total else ""
        linked = evidence.get(judgement.pk, [])
        if judgement.aspect is None:
            row.status = judgement.status
            row.words = plain_words(judgement.status)
            row.band = judgement.band if total else None
            row.range = ranged
            row.comment = judgement.comment
        else:
            row.aspects.append(AspectRow(name=judgement.aspect.label,
                                         words=plain_words(judgement.status), range=ranged,
                                         comment=judgement.comment, status=judgement.status,
                                         band=judgement.band if total else None,
                                         evidence=linked))
        row.evidence += linked
    return sorted(rows.values(), key=lambda r: r.area.order)


def child_assessments(child, *, drafts: bool):
    """The child's assessments, newest first, with their points and frameworks: those shared
    with the family, and with ``drafts`` (for staff) those being written too."""
    found = Assessment.objects.filter(child=child, setting_id=child.setting_id)
    if not drafts:
        found = found.shared()
    return found.select_related("point", "framework").order_by("-assessed_on", "-created_at")


def shared_assessments(child):
    """The child's assessments shared with the family, newest first, with their points (what
    the family reads; staff see the same list)."""
    return child_assessments(child, drafts=False)


def commenter_name(assessment: Assessment) -> str:
    """Who in the family commented (one query, only when someone has)."""
    if not assessment.family_commented_by_id:
        return ""
    return (get_user_model().objects.filter(pk=assessment.family_commented_by_id)
            .values_list("full_name", flat=True).first() or "")


def latest_for_family(children) -> dict[int, Assessment]:
    """For each of ``children``, the shared assessment the family should open: the newest one
    they have not commented on yet, else the newest (one query)."""
    newest = (Assessment.objects.filter(child=OuterRef("child")).shared()
              .order_by("-assessed_on", "-created_at"))
    uncommented = newest.filter(family_commented_at__isnull=True)
    ids = (Assessment.objects.filter(child__in=children).shared()
           .annotate(first_open=Subquery(uncommented.values("pk")[:1]),
                     first_any=Subquery(newest.values("pk")[:1]))
           .filter(Q(first_open=F("pk")) | Q(first_open__isnull=True, first_any=F("pk"))))
    return {a.child_id: a for a in ids.select_related("child", "point")}
