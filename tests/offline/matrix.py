"""Authorization matrix: the offline capture's URLs (see tests/test_authorization_matrix.py).

A device key is handed to staff only, each of their own setting (Bea of Riverside too);
families and the superuser (no setting) get 404, a signed-out browser 401 (JSON: the page
says "sign in again"). The signed-out page is everyone's: it only wipes the device.
"""

from tests.authz import expect

MATRIX = {
    "offline-key": ("post", None, expect(404, manager=200, key_person=200, practitioner=200,
                                         other_setting=200, anonymous=401)),
    "offline-signed-out": ("get", None, expect(200, anonymous=200)),
}
