"""Authorization matrix: the managers' progress options (see tests/progress/matrix.py).

Managers of the current setting only; Bea, Riverside's manager, has her own options page but
another setting's point or statement answers 404 to her.
"""

from learning_journal.models import Area
from progress import services
from progress.frameworks import ensure_frameworks
from tests.authz import expect
from tests.progress.factories import points

MANAGER_PAGES = expect(403, manager=200, other_setting=200)
# A POST that saves (or, empty, re-shows the form: 200) for a manager.
MANAGER_FORMS = expect(403, manager=200, other_setting=200)


def _point(world):
    return {"point_uuid": points(world)[1].uuid}


def _statement(world):
    ensure_frameworks()
    statement = services.add_statement(world.users["manager"], world.setting_a,
                                       area=Area.objects.get(code="CL"), aspect=None, band=None,
                                       text="Listens to a story in a small group")
    return {"statement_uuid": statement.uuid}


MATRIX = {
    "progress-options": ("get", None, MANAGER_PAGES),
    "progress-point-new": ("get", None, MANAGER_PAGES),
    "progress-point-edit": ("get", _point, expect(403, manager=200, other_setting=404)),
    "progress-point-retire": ("post", _point, expect(403, manager=302, other_setting=404)),
    "progress-statement-new": ("get", None, MANAGER_PAGES),
    "progress-statement-retire": ("post", _statement,
                                  expect(403, manager=302, other_setting=404)),
}
