"""Authorization matrix: the adult's right to erasure (see tests/test_authorization_matrix.py).

Managers of Acorn process requests from the adults of Acorn; the manager of Riverside gets 404
for Acorn's people and requests, as for missing ones; Acorn's other members get 403.
"""

from retention.adults import AdultErasure
from tests.authz import expect


def _person(world):
    return {"user_uuid": world.users["parent"].uuid}


def _erasure(world):
    erasure = AdultErasure.objects.create(
        setting=world.setting_a, user=world.users["parent"], received_how="email",
        recorded_by=world.users["manager"])
    return {"erasure_uuid": erasure.uuid}


MANAGER_ONLY = expect(403, manager=200, other_setting=404, superuser=404)

MATRIX = {
    "retention-adult-erasures": ("get", None, expect(403, manager=200, other_setting=200)),
    "retention-adult-erasure-new": ("get", _person, MANAGER_ONLY),
    "retention-adult-erasure-detail": ("get", _erasure, MANAGER_ONLY),
    # Processing asks for the password again (302 to the reauthentication page).
    "retention-adult-erasure-process": ("post", _erasure,
                                        expect(403, manager=302, other_setting=404,
                                               superuser=404)),
}
