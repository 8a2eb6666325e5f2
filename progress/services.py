"""Recording, sharing and commenting on a child's progress, and a setting's choices.

Each service takes the acting user, checks the rule in progress/permissions.py, runs in a
transaction and writes the audit trail. Bad input raises ``ServiceError`` with a message for
the person, and changes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import rules
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from families.models import Child
from learning_journal.models import Area, Aspect, Observation
from preschool.models import log_action
from progress.models import (
    Assessment,
    AssessmentPoint,
    Band,
    Framework,
    Judgement,
    JudgementEvidence,
    ProgressOptions,
    SettingStatement,
)
from progress.points import band_for_age


class ServiceError(Exception):
    """A rule was broken: the message says what to do, in the person's language."""


@dataclass
class JudgementInput:
    """What the form says of one area (``aspect_id`` None) or one aspect."""

    area_id: int
    aspect_id: int | None = None
    status: str = ""
    band_id: int | None = None
    comment: str = ""
    evidence_ids: list[int] = field(default_factory=list)


def _may_record(actor, child) -> bool:
    return rules.has_perm("progress.record", actor, child)


def judged_areas(options: ProgressOptions) -> list[tuple[Area, Aspect | None]]:
    """What a setting's assessment asks for: each area, and with ``judge_aspects`` each of its
    aspects after it (two queries)."""
    areas = list(Area.objects.order_by("order"))
    if not options.judge_aspects:
        return [(area, None) for area in areas]
    aspects: dict[int, list[Aspect]] = {}
    for aspect in Aspect.objects.order_by("area__order", "order"):
        aspects.setdefault(aspect.area_id, []).append(aspect)
    rows: list[tuple[Area, Aspect | None]] = []
    for area in areas:
        rows.append((area, None))
        rows.extend((area, aspect) for aspect in aspects.get(area.pk, []))
    return rows


@transaction.atomic
def start_assessment(actor, child: Child, point: AssessmentPoint) -> Assessment:
    """The child's assessment at ``point`` (the one there is, or a new draft), each judgement
    prefilled from the child's latest earlier assessment: the key person changes what moved."""
    if not _may_record(actor, child):
        raise ServiceError(_("The child's key person or a manager records their progress."))
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting.") % {"name": child.known_as})
    if point.setting_id != child.setting_id or point.retired_at is not None:
        raise ServiceError(_("Choose one of the setting's assessment points."))
    Child.objects.select_for_update().filter(pk=child.pk).first()  # one start at a time
    existing = Assessment.objects.filter(child=child, point=point).first()
    if existing is not None:
        return existing
    options = ProgressOptions.of(child.setting)
    today = timezone.localdate()
    assessment = Assessment.objects.create(
        setting=child.setting, child=child, point=point, framework=options.framework,
        band=band_for_age(options.framework, child, today), assessed_on=today,
        age_months=child.age_in_months(today), room_id=child.room_id,
        recorded_by=actor)
    previous = (Assessment.objects.filter(child=child).exclude(pk=assessment.pk)
                .order_by("-assessed_on", "-created_at").first())
    before = ({(j.area_id, j.aspect_id): j for j in previous.judgements.all()}
              if previous is not None else {})
    judgements = []
    for area, aspect in judged_areas(options):
        last = before.get((area.pk, aspect.pk if aspect else None))
        judgements.append(Judgement(
            assessment=assessment, area=area, aspect=aspect,
            status=last.status if last else "",
            band_id=last.band_id if last and previous
            and previous.framework_id == options.framework_id else None,
            comment=last.comment if last else ""))
    Judgement.objects.bulk_create(judgements)
    log_action(actor, "progress.assessment_started", assessment,
               changes={"point": point.name,
                        "prefilled_from": str(previous.uuid) if previous else None})
    return assessment


def _evidence_allowed(child, ids: Iterable[int]) -> set[int]:
    """Of ``ids``, the published observations in the child's journal (what the family can
    read too)."""
    return set(Observation.objects.in_journal_of(child, staff=False).filter(pk__in=list(ids))
               .values_list("pk", flat=True))


@transaction.atomic
def save_assessment(actor, assessment: Assessment, inputs: list[JudgementInput], *,
                    assessed_on: date | None = None) -> Assessment:
    """Save the judgements (a draft's, or a correction of a shared one: every change of a
    shared assessment goes in the audit trail with what it was)."""
    assessment = (Assessment.objects.select_for_update()
                  .select_related("child__setting", "framework").get(pk=assessment.pk))
    child = assessment.child
    if not _may_record(actor, child):
        raise ServiceError(_("The child's key person or a manager records their progress."))
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting.") % {"name": child.known_as})
    if assessed_on is not None and assessed_on > timezone.localdate():
        raise ServiceError(_("The date of the assessment cannot be in the future."))
    existing = {(j.area_id, j.aspect_id): j for j in assessment.judgements.all()}
    valid_bands = set(Band.objects.filter(framework=assessment.framework)
                      .values_list("pk", flat=True))
    wanted = {pk for i in inputs for pk in i.evidence_ids}
    allowed = _evidence_allowed(child, wanted)
    if wanted - allowed:
        raise ServiceError(_("Link only published observations from %(name)s's journal.")
                           % {"name": child.known_as})
    changes: dict[str, list] = {}
    linked: dict[int, set[int]] = {}
    for judgement_id, observation_id in JudgementEvidence.objects.filter(
            judgement__assessment=assessment).values_list("judgement_id", "observation_id"):
        linked.setdefault(judgement_id, set()).add(observation_id)
    unlinked, added = Q(), []
    for given in inputs:
        judgement = existing.get((given.area_id, given.aspect_id))
        if judgement is None:
            raise ServiceError(_("The form is out of date: open the assessment again."))
        if given.status and given.status not in Judgement.Status.values:
            raise ServiceError(_("Choose a judgement from the list."))
        if given.band_id is not None and given.band_id not in valid_bands:
            raise ServiceError(_("Choose a range from the list."))
        new = {"status": given.status, "band_id": given.band_id,
               "comment": given.comment.strip()}
        old = {"status": judgement.status, "band_id": judgement.band_id,
               "comment": judgement.comment}
        if new != old:
            for name, value in new.items():
                setattr(judgement, name, value)
            judgement.save(update_fields=list(new))
            key = judgement.aspect.name if judgement.aspect else judgement.area.code
            changes[key] = [old, new]
        ids, current = set(given.evidence_ids), linked.get(judgement.pk, set())
        if current - ids:
            unlinked |= Q(judgement=judgement, observation_id__in=current - ids)
        added += [JudgementEvidence(judgement=judgement, observation_id=pk)
                  for pk in ids - current]
    # The evidence in one read above and at most two writes, whatever the number of areas.
    if unlinked:
        JudgementEvidence.objects.filter(unlinked).delete()
    if added:
        JudgementEvidence.objects.bulk_create(added)
    if assessed_on is not None and assessed_on != assessment.assessed_on:
        changes["assessed_on"] = [str(assessment.assessed_on), str(assessed_on)]
        assessment.assessed_on = assessed_on
        assessment.band = band_for_age(assessment.framework, child, assessed_on)
        assessment.age_months = child.age_in_months(assessed_on)
    assessment.save()
    if changes:
        log_action(actor, "progress.assessment_corrected" if assessment.is_shared
                   else "progress.assessment_saved", assessment, changes=changes)
    return assessment


def missing_judgements(assessment: Assessment) -> list[str]:
    """The areas (and aspects) not yet judged, by name: an assessment is shared complete."""
    return [j.aspect.name if j.aspect else j.area.name
            for j in assessment.judgements.select_related("area", "aspect")
            if not j.status or (assessment.framework.uses_ranges and not j.band_id)]


@transaction.atomic
def share_assessment(actor, assessment: Assessment) -> Assessment:
    """Share a complete assessment with the child's family (they read it in plain words)."""
    assessment = (Assessment.objects.select_for_update()
                  .select_related("child__setting", "framework", "point").get(pk=assessment.pk))
    if not _may_record(actor, assessment.child):
        raise ServiceError(_("The child's key person or a manager records their progress."))
    if assessment.is_shared:
        return assessment
    missing = missing_judgements(assessment)
    if missing:
        raise ServiceError(_("Judge every area before sharing: %(areas)s.")
                           % {"areas": ", ".join(_(name) for name in missing)})
    assessment.status = Assessment.Status.SHARED
    assessment.shared_at = timezone.now()
    assessment.shared_by = actor
    assessment.room_id = assessment.child.room_id
    assessment.save(update_fields=["status", "shared_at", "shared_by", "room", "updated_at"])
    log_action(actor, "progress.assessment_shared", assessment)
    from progress.notify import assessment_shared

    assessment_shared(actor, assessment)
    return assessment


@transaction.atomic
def add_family_comment(actor, assessment: Assessment, text: str) -> Assessment:
    """The family's comment on a shared assessment of their child (a later one replaces it)."""
    assessment = (Assessment.objects.select_for_update().select_related("child__setting")
                  .get(pk=assessment.pk))
    if not rules.has_perm("progress.comment", actor, assessment.child):
        raise ServiceError(_("Only the child's family comments on their progress."))
    if not assessment.is_shared:
        raise ServiceError(_("This assessment has not been shared with you yet."))
    text = text.strip()
    if not text:
        raise ServiceError(_("Write your comment first."))
    old = assessment.family_comment
    assessment.family_comment = text
    assessment.family_commented_by = actor
    assessment.family_commented_at = timezone.now()
    assessment.save(update_fields=["family_comment", "family_commented_by",
                                   "family_commented_at", "updated_at"])
    log_action(actor, "progress.family_commented", assessment,
               changes={"comment": [old, text]} if old else None)
    from progress.notify import family_commented

    family_commented(actor, assessment)
    return assessment


# --- A setting's choices ----------------------------------------------------------------------


def _require_manager(actor, setting):
    if not rules.has_perm("progress.manage_options", actor, setting):
        raise ServiceError(_("Only a manager changes how progress is assessed."))


@transaction.atomic
def save_options(actor, setting, *, framework: Framework, judge_aspects: bool
                 ) -> ProgressOptions:
    _require_manager(actor, setting)
    options = ProgressOptions.of(setting)
    old = {"framework": options.framework.code, "judge_aspects": options.judge_aspects}
    options.framework = framework
    options.judge_aspects = judge_aspects
    options.updated_by = actor
    options.save()
    new = {"framework": framework.code, "judge_aspects": judge_aspects}
    if new != old:
        log_action(actor, "progress.options_changed", setting=setting,
                   changes={k: [old[k], new[k]] for k in new if new[k] != old[k]})
    return options


@transaction.atomic
def add_point(actor, setting, *, kind: str, name: str, starts_on: date,
              ends_on: date | None) -> AssessmentPoint:
    _require_manager(actor, setting)
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the point a name."))
    if kind == AssessmentPoint.Kind.ENTRY:
        ends_on = None
        if AssessmentPoint.objects.for_setting(setting).in_use().filter(kind=kind).exists():
            raise ServiceError(_("The setting has its point on entry already."))
    elif ends_on is None or ends_on < starts_on:
        raise ServiceError(_("A dated point ends on or after the day it starts."))
    point = AssessmentPoint.objects.create(setting=setting, kind=kind, name=name,
                                           starts_on=starts_on, ends_on=ends_on,
                                           created_by=actor)
    log_action(actor, "progress.point_added", point,
               changes={"name": name, "from": str(starts_on), "until": str(ends_on)})
    return point


@transaction.atomic
def change_point(actor, point: AssessmentPoint, *, name: str, starts_on: date,
                 ends_on: date | None) -> AssessmentPoint:
    _require_manager(actor, point.setting)
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the point a name."))
    if point.is_entry:
        ends_on = None
    elif ends_on is None or ends_on < starts_on:
        raise ServiceError(_("A dated point ends on or after the day it starts."))
    old = {"name": point.name, "from": str(point.starts_on), "until": str(point.ends_on)}
    point.name, point.starts_on, point.ends_on = name, starts_on, ends_on
    point.save(update_fields=["name", "starts_on", "ends_on"])
    new = {"name": name, "from": str(starts_on), "until": str(ends_on)}
    log_action(actor, "progress.point_changed", point,
               changes={k: [old[k], new[k]] for k in new if old[k] != new[k]})
    return point


@transaction.atomic
def retire_point(actor, point: AssessmentPoint) -> AssessmentPoint:
    """Take a point out of use: its assessments are kept and still shown to families."""
    _require_manager(actor, point.setting)
    if point.retired_at is None:
        point.retired_at = timezone.now()
        point.save(update_fields=["retired_at"])
        log_action(actor, "progress.point_retired", point)
    return point


@transaction.atomic
def add_statement(actor, setting, *, area: Area, aspect: Aspect | None, band: Band | None,
                  text: str) -> SettingStatement:
    _require_manager(actor, setting)
    options = ProgressOptions.of(setting)
    text = text.strip()
    if not text:
        raise ServiceError(_("Write the statement first."))
    if aspect is not None and aspect.area_id != area.pk:
        raise ServiceError(_("Choose an aspect of the area chosen."))
    if band is not None and band.framework_id != options.framework_id:
        raise ServiceError(_("Choose a band of the setting's framework."))
    statement = SettingStatement.objects.create(
        setting=setting, framework=options.framework, band=band, area=area, aspect=aspect,
        text=text, added_by=actor)
    log_action(actor, "progress.statement_added", statement, changes={"text": text})
    return statement


@transaction.atomic
def retire_statement(actor, statement: SettingStatement) -> SettingStatement:
    _require_manager(actor, statement.setting)
    if statement.retired_at is None:
        statement.retired_at = timezone.now()
        statement.retired_by = actor
        statement.save(update_fields=["retired_at", "retired_by"])
        log_action(actor, "progress.statement_retired", statement)
    return statement
