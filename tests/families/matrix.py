"""Authorization matrix: families' URLs."""

from tests.authz import expect

MATRIX = {
    "child-list": ("get", None, expect(200)),
    "child-detail": ("get", lambda w: {"child_uuid": w.child.uuid},
                     expect(404, manager=200, key_person=200, practitioner=200, parent=200)),
}
