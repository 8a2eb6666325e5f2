"""Authorization matrix: the whole-setting export's URLs (see tests/test_authorization_matrix.py).

Only those who manage a setting export it: Mona for Acorn, Bea for Riverside; anyone else in a
setting gets 403, and the superuser, who belongs to none, too. Asking for an export and
downloading one need the password again (a fresh sign-in): 302 to the reauthentication page.
The export is Acorn's: Bea's own setting has no such export (404), before any password.
"""

from setting_export.models import SettingExport
from tests.authz import expect
from tests.setting_export.factories import built_export

MANAGERS_REAUTH = expect(403, manager=302, other_setting=302)


def _export(world):
    return {"export_uuid": SettingExport.objects.create(
        setting=world.setting_a, requested_by=world.users["manager"]).uuid}


def _built(world):
    return {"export_uuid": built_export(world).uuid}


MATRIX = {
    "setting-export": ("get", None, MANAGERS_REAUTH),
    "setting-export-start": ("post", None, MANAGERS_REAUTH),
    # The progress partial is polled while the export is built: no password again.
    "setting-export-progress": ("get", _export, expect(403, manager=200, other_setting=404)),
    "setting-export-download": ("get", _built, expect(403, manager=302, other_setting=404)),
}
