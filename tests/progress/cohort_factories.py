"""Children of a cohort for the cohort view's tests (the personas: tests/conftest.py)."""

from datetime import timedelta

from django.utils import timezone

from progress.models import Judgement
from tests.factories import ChildFactory
from tests.progress.factories import recorded

ON, TOWARDS, NOT_YET = (Judgement.Status.ON_TRACK, Judgement.Status.WORKING_TOWARDS,
                        Judgement.Status.NOT_YET)


def children(world, count: int, *, room=None, **fields) -> list:
    """``count`` children of Acorn (in ``room``, or Ava's), three years old unless
    ``date_of_birth`` is given, with ``fields`` (sex, sen_status, ...)."""
    fields.setdefault("date_of_birth", timezone.localdate() - timedelta(days=3 * 365 + 40))
    return [ChildFactory(setting=world.setting_a, room=room or world.room, **fields)
            for _ in range(count)]


def assess(world, kids, point, on_track: int, *, area: str = "CL", share=True):
    """Shared assessments of ``kids`` at ``point``: every area on track, but ``area`` on
    track for the first ``on_track`` of them only (the others working towards)."""
    return [recorded(world, kid, point, by="manager", share=share,
                     statuses={area: ON if n < on_track else TOWARDS})
            for n, kid in enumerate(kids)]
