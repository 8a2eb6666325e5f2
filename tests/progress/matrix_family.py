"""Authorization matrix: see tests/progress/matrix.py.

What the family reads: Pat reads Ava's shared summaries and comments on them; staff of Acorn
read the same pages but do not comment for the family (403); everyone else: 404.
"""

from progress.models import Judgement
from tests.authz import expect
from tests.progress.factories import points, recorded


def _child(world):
    return {"child_uuid": world.child.uuid}


def _shared(world):
    point = points(world)[-1]
    return {"assessment_uuid": recorded(world, world.child, point,
                                        status=Judgement.Status.ON_TRACK).uuid}


READ = expect(404, manager=200, key_person=200, practitioner=200, parent=200)

MATRIX = {
    "progress-child-summaries": ("get", _child, READ),
    "progress-summary": ("get", _shared, READ),
    # An empty comment: the page again with the message (200) for Pat; nothing is saved.
    "progress-summary-comment": ("post", _shared, expect(
        404, manager=403, key_person=403, practitioner=403, parent=200)),
}
