"""Authorization matrix: the retention app's URLs (see tests/test_authorization_matrix.py).

Managers only: each manager sees their own setting's schedule, holds and lists (Bea, of
Riverside, hers); everyone else in a setting gets 403, the superuser too (no setting). A
hold of Acorn is 404 for Bea, as a missing one.
"""

from retention import services
from tests.authz import expect

MANAGERS = expect(403, manager=200, other_setting=200)


def _hold(world):
    hold = services.place_hold(world.users["manager"], world.setting_a, child=world.child,
                               reason="claim", details="A claim is expected.")
    return {"hold_uuid": hold.uuid}


MATRIX = {
    "retention-schedule": ("get", None, MANAGERS),
    "retention-rule-change": ("get", lambda world: {"record_type": "journal"}, MANAGERS),
    "retention-holds": ("get", None, MANAGERS),
    "retention-hold-new": ("get", None, MANAGERS),
    "retention-hold-lift": ("get", _hold, expect(403, manager=200, other_setting=404,
                                                  superuser=404)),
    "retention-due": ("get", None, MANAGERS),
    "retention-log": ("get", None, MANAGERS),
}
