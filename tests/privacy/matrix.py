"""Authorization matrix: the privacy app's URLs: the bulk-access alarm's here, who looked's in
matrix_looks.py (see tests/test_authorization_matrix.py).

The alert is about Perry the practitioner of Acorn. Acorn's manager reviews it; everyone else
in Acorn may not (403); Riverside's manager is told it does not exist (404), like anyone with
no setting. The options page asks for a fresh sign-in first (302 to the reauthentication
page).
"""

from privacy.models import AccessAlert
from tests.authz import expect
from tests.privacy.matrix_looks import MATRIX as LOOKS


def _alert(world):
    from privacy import alarm
    from tests.privacy.factories import children, looks

    existing = AccessAlert.objects.filter(membership=world.memberships["practitioner"]).first()
    if existing is None:
        looks(world, "practitioner", children(world, 25))
        existing = alarm.check(world.setting_a, world.users["practitioner"].pk)
    return {"alert_uuid": existing.uuid}


REVIEW = expect(403, manager=200, other_setting=200, superuser=403)
ONE_ALERT = expect(403, manager=200, other_setting=404, superuser=404)

MATRIX = {
    "privacy-alert-list": ("get", None, REVIEW),
    "privacy-alert-detail": ("get", _alert, ONE_ALERT),
    # An empty decision comes back with its errors (400), nothing changed.
    "privacy-alert-decide": ("post", _alert, expect(403, manager=400, other_setting=404,
                                                    superuser=404)),
    "privacy-options": ("get", None, expect(403, manager=302, other_setting=302)),
    **LOOKS,
}
