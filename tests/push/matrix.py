"""Authorization matrix: the push app's URLs (see tests/test_authorization_matrix.py).

Every signed-in person has a devices page of their own and may turn push on or off for their
device; the superuser too (they belong to no setting, and are told of nothing). A device is
its owner's alone: Pat's is 404 for everyone else. The manifest and the service worker are
public: a browser fetches them before anyone signs in. The JSON views answer an empty body
with 400 (push is off in the matrix: 409 for turning it on).
"""

from push.models import PushSubscription
from tests.authz import expect


def _pats_device(world):
    device = PushSubscription.objects.create(
        user=world.users["parent"], endpoint="https://fcm.googleapis.com/fcm/send/pats-phone",
        p256dh="BPats", auth="pats-secret", label="Chrome on Android")
    return {"device_uuid": device.uuid}


MATRIX = {
    "push-devices": ("get", None, expect(200)),
    "push-subscribe": ("post", None, expect(409)),
    "push-unsubscribe": ("post", None, expect(400)),
    "push-device-remove": ("post", _pats_device, expect(404, parent=302)),
    "push-manifest": ("get", None, expect(200, anonymous=200)),
    "push-service-worker": ("get", None, expect(200, anonymous=200)),
}
