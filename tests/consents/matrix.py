"""Authorization matrix: consents, medicines, accidents and outings (see
tests/test_authorization_matrix.py).

Ava's family is Pat (parental responsibility, right to information). Casey is linked to Ava
without the right to information: she sees nothing of Ava's (404). Olly is another child's
parent; Bea manages another setting; the superuser belongs to no setting.
"""

from tests.authz import expect
from tests.consents.factories import accident, calpol, default_forms, dose, outing

SEE_AVA = {"manager": 200, "key_person": 200, "practitioner": 200, "parent": 200}
STAFF_A = {"manager": 200, "key_person": 200, "practitioner": 200}
# Pages every manager has in their own setting (Bea sees her own setting's page).
MANAGERS = expect(403, manager=200, other_setting=200)
STAFF_PAGES = expect(403, manager=200, key_person=200, practitioner=200, other_setting=200)
# Ava's records that only her family (with parental responsibility) may act on.
FAMILY_ACTS = expect(404, manager=403, key_person=403, practitioner=403, parent=200)
STAFF_ACTS = expect(404, manager=200, key_person=200, practitioner=200, parent=403)


def _ava(w):
    return {"child_uuid": w.child.uuid}


def _form(w):
    return {"form_uuid": default_forms(w.setting_a)["photos_public"].uuid}


def _permission(w):
    return {"permission_uuid": calpol(w, status="requested").uuid}


def _dose(w):
    return {"dose_uuid": dose(w).uuid}


def _flagged_dose(w):
    """A dose flagged as a possible double dose (Kim and Perry recorded the same one)."""
    first = dose(w)
    return {"dose_uuid": dose(w, first.permission, possible_double_dose=True,
                              warnings=["double"]).uuid}


def _accident(w):
    return {"accident_uuid": accident(w, serious=True).uuid}


def _outing(w):
    return {"outing_uuid": outing(w).uuid}


MATRIX = {
    "consents-overview": ("get", None, expect(200)),
    "consents-chase": ("post", None, expect(403, manager=302, other_setting=302)),
    "consents-forms": ("get", None, MANAGERS),
    "consents-form-new": ("get", None, MANAGERS),
    "consents-form-edit": ("get", _form, expect(
        404, manager=200, key_person=403, practitioner=403, parent=403, carer_no_info=403,
        other_parent=403)),
    "consents-form-retire": ("post", _form, expect(
        404, manager=302, key_person=403, practitioner=403, parent=403, carer_no_info=403,
        other_parent=403)),
    "consents-child": ("get", _ava, expect(404, **SEE_AVA)),
    "consents-answer": ("get", _ava, FAMILY_ACTS),
    "consents-permission-new": ("get", _ava, FAMILY_ACTS),
    "consents-dose-new": ("get", _ava, STAFF_ACTS),
    "consents-medication-pdf": ("get", _ava, expect(404, **SEE_AVA)),
    "consents-accident-new": ("get", _ava, STAFF_ACTS),
    "consents-outings": ("get", None, STAFF_PAGES),
    "consents-outing-new": ("get", None, STAFF_PAGES),
    "consents-outing": ("get", _outing, expect(404, **STAFF_A)),
    "consents-medication": ("get", None, STAFF_PAGES),
    "consents-medication-policy": ("get", None, MANAGERS),
    "consents-permission": ("get", _permission, expect(404, **SEE_AVA)),
    "consents-permission-accept": ("post", _permission, expect(
        404, manager=302, key_person=302, practitioner=302, parent=403)),
    "consents-permission-decline": ("post", _permission, expect(
        404, manager=302, key_person=302, practitioner=302, parent=403)),
    "consents-permission-end": ("post", _permission, expect(
        404, manager=302, key_person=302, practitioner=302, parent=302)),
    "consents-dose-correct": ("get", _dose, STAFF_ACTS),
    "consents-double-doses": ("get", None, MANAGERS),
    # Only a manager of the dose's setting reviews it; Ava's family sees the dose (403).
    "consents-dose-review": ("get", _flagged_dose, expect(
        404, manager=200, key_person=403, practitioner=403, parent=403)),
    "consents-dose-ack": ("post", _dose, expect(
        404, manager=403, key_person=403, practitioner=403, parent=302)),
    "consents-accident": ("get", _accident, expect(404, **SEE_AVA)),
    "consents-accident-correct": ("get", _accident, STAFF_ACTS),
    "consents-accident-ack": ("post", _accident, expect(
        404, manager=403, key_person=403, practitioner=403, parent=302)),
    "consents-accident-ofsted": ("post", _accident, expect(
        404, manager=302, key_person=403, practitioner=403, parent=403)),
    "consents-accident-pdf": ("get", _accident, expect(404, **SEE_AVA)),
}
