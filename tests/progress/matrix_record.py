"""Authorization matrix: the key person's progress pages (see tests/progress/matrix.py).

Staff of Acorn see Ava's progress; her key person Kim and the manager record it, Perry sees it
but may not change it (403). Families, even Ava's own, get 404: they read her summary on their
own pages. Riverside's manager sees nothing of Acorn's (404), but has a caseload page of her
own setting.
"""

from progress.models import Judgement
from tests.authz import expect
from tests.progress.factories import points, recorded

STAFF_A = {"manager": 200, "key_person": 200, "practitioner": 200}
STAFF_PAGES = expect(403, manager=200, key_person=200, practitioner=200, other_setting=200)
# Recording Ava's progress: her key person and the manager (a redirect: the edit page, or the
# child's page with a message); Perry sees her progress but does not record it.
RECORD = {"manager": 302, "key_person": 302, "practitioner": 403}


def _child(world):
    points(world)
    return {"child_uuid": world.child.uuid}


def _shared(world):
    _entry, term1, _term2 = points(world)
    return {"assessment_uuid": recorded(world, world.child, term1).uuid}


def _draft(world):
    _entry, _term1, term2 = points(world)
    assessment = recorded(world, world.child, term2, Judgement.Status.WORKING_TOWARDS,
                          share=False)
    return {"assessment_uuid": assessment.uuid}


MATRIX = {
    "progress-caseload": ("get", None, STAFF_PAGES),
    "progress-child": ("get", _child, expect(404, **STAFF_A)),
    # No point chosen: the child's page again, with the message.
    "progress-start": ("post", _child, expect(404, **RECORD)),
    "progress-assessment": ("get", _shared, expect(404, **STAFF_A)),
    "progress-assessment-edit": ("get", _draft, expect(
        404, manager=200, key_person=200, practitioner=403)),
    "progress-assessment-share": ("post", _draft, expect(404, **RECORD)),
}
