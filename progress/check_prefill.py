"""The progress check at two, prefilled from the child's latest progress (issue item 5).

For each prime area (eyfs.md, "Progress check at age two": CL, PD and PSED), the judgement of
the child's latest SHARED assessment (by the day it was made): on track is progress "as
expected"; working towards or not yet on track is "less than expected"; its comment becomes
the area's strengths, for the key person to rewrite. A draft is never used: it may still
change. The journal asks through ``learning_journal.registry`` (it may not import progress);
``register`` is called once from the progress app's ``ready()``.
"""

from learning_journal.eyfs import CHECK_AREA_CODES
from learning_journal.models import CheckArea
from learning_journal.registry import register_check_prefill
from progress.models import Assessment, Judgement

CHECK_PROGRESS = {
    Judgement.Status.ON_TRACK: CheckArea.Progress.EXPECTED,
    Judgement.Status.WORKING_TOWARDS: CheckArea.Progress.LESS,
    Judgement.Status.NOT_YET: CheckArea.Progress.LESS,
}


def prefill_check(child) -> dict[str, dict[str, str]]:
    """``{area code: {"progress": ..., "strengths": ...}}`` for the prime areas judged in the
    child's latest shared assessment, or ``{}`` (two queries)."""
    latest = (Assessment.objects.filter(child=child, setting_id=child.setting_id).shared()
              .order_by("-assessed_on", "-created_at").only("pk").first())
    if latest is None:
        return {}
    found: dict[str, dict[str, str]] = {}
    for judgement in (Judgement.objects.filter(assessment=latest, aspect__isnull=True,
                                               area__code__in=CHECK_AREA_CODES)
                      .select_related("area")):
        progress = CHECK_PROGRESS.get(judgement.status)  # type: ignore[call-overload]
        if progress is None and not judgement.comment:
            continue
        found[judgement.area.code] = {"progress": str(progress or ""),
                                      "strengths": judgement.comment}
    return found


def register() -> None:
    """Put ``prefill_check`` in the journal's registry (idempotent)."""
    register_check_prefill(prefill_check)
