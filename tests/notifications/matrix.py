"""Authorization matrix: the notification centre's URLs (see tests/test_authorization_matrix.py).

Every page is the person's own in the current setting; the superuser belongs to no setting
(403). A notification is Pat's: Pat opens it (302 to its page); anyone else, including the
other setting's manager, gets 404.
"""

from django_scopes import scope

from notifications.models import Category
from notifications.services import notify
from tests.authz import expect


def _pats(world):
    with scope(setting=world.setting_a):
        made = notify(setting=world.setting_a, recipients=[world.users["parent"]],
                      category=Category.CONSENT, title="Consent forms to answer",
                      url="/consents/", child=world.child)
    return {"notification_uuid": made[0].uuid}


MEMBERS = expect(200, superuser=403)

MATRIX = {
    "notifications-list": ("get", None, MEMBERS),
    "notifications-read-all": ("post", None, expect(302, superuser=403)),
    "notifications-preferences": ("get", None, MEMBERS),
    "notifications-defaults": ("get", None, expect(403, manager=200, other_setting=200)),
    "notifications-open": ("get", _pats, expect(404, parent=302)),
}
