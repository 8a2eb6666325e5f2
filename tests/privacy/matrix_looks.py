"""Authorization matrix: the "who looked" pages (see tests/test_authorization_matrix.py).

Managers of Acorn see who looked at Ava's record, and the setting-wide page; Ava's parent sees
her page (roles, not names); other staff get 403 on Ava's page (they see Ava but not the log);
anyone who may not see Ava (the carer without the right to information, another family,
another setting): 404, as for a child who does not exist.
"""

from tests.authz import expect


def _ava(world):
    return {"child_uuid": world.child.uuid}


MATRIX = {
    "privacy-looks": ("get", None, expect(403, manager=200, other_setting=200)),
    "privacy-looks-child": ("get", _ava, expect(404, manager=200, key_person=403,
                                                practitioner=403, parent=200)),
}
