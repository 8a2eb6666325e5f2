"""Helpers for the progress tests (people and children: tests/conftest.py's world)."""

from datetime import date, timedelta

from django.utils import timezone

from learning_journal.eyfs import ensure_framework
from progress import services
from progress.constants import BIRTH_TO_5_MATTERS
from progress.frameworks import ensure_frameworks
from progress.models import AssessmentPoint, Framework, Judgement, ProgressOptions


def points(world, setting=None, *, terms: int = 2) -> list[AssessmentPoint]:
    """On entry (for children starting from a year ago) and ``terms`` dated points of about
    three months, the last one holding today."""
    ensure_framework()
    ensure_frameworks()
    setting = setting or world.setting_a
    manager = world.users["manager"] if setting == world.setting_a else world.users[
        "other_setting"]
    today = timezone.localdate()
    made = [services.add_point(manager, setting, kind=AssessmentPoint.Kind.ENTRY,
                               name="On entry", starts_on=today - timedelta(days=365),
                               ends_on=None)]
    for n in range(terms, 0, -1):
        ends = today + timedelta(days=30) - timedelta(days=91 * (n - 1))
        made.append(services.add_point(manager, setting, kind=AssessmentPoint.Kind.DATED,
                                       name=f"Term {terms - n + 1}",
                                       starts_on=ends - timedelta(days=90), ends_on=ends))
    return made


def use_birth_to_5_matters(world, setting=None):
    setting = setting or world.setting_a
    services.save_options(world.users["manager"], setting,
                          framework=Framework.objects.get(code=BIRTH_TO_5_MATTERS),
                          judge_aspects=False)


def recorded(world, child, point, status=Judgement.Status.ON_TRACK, *, by="key_person",
             share=True, statuses: dict | None = None, comment="Doing well",
             assessed_on: date | None = None):
    """An assessment of ``child`` at ``point`` with every area judged ``status`` (or, by area
    code, ``statuses``), shared with the family unless ``share`` is False."""
    actor = world.users[by]
    assessment = services.start_assessment(actor, child, point)
    options = ProgressOptions.of(child.setting)
    bands = list(options.framework.bands.order_by("order"))
    inputs = []
    for judgement in assessment.judgements.select_related("area"):
        chosen = (statuses or {}).get(judgement.area.code, status)
        inputs.append(services.JudgementInput(
            area_id=judgement.area_id, aspect_id=judgement.aspect_id, status=chosen,
            band_id=bands[2].pk if options.framework.uses_ranges else None,
            comment=f"{comment} ({judgement.area.code})"))
    services.save_assessment(actor, assessment, inputs, assessed_on=assessed_on)
    if share:
        services.share_assessment(actor, assessment)
    assessment.refresh_from_db()
    return assessment
