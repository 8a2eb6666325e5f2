"""Authorization matrix: families' URLs."""

from families.models import Allergy, RecordChange
from tests.authz import expect

# Seeing Ava: staff of Acorn and Pat (parental responsibility). Casey (no right to
# information), Olly (another child's parent), Bea (another setting) and the superuser (no
# setting) get 404, as for a child that does not exist.
SEE_AVA = {"manager": 200, "key_person": 200, "practitioner": 200, "parent": 200}
STAFF_OF_A = {"manager": 200, "key_person": 200, "practitioner": 200}


def _ava(w):
    return {"child_uuid": w.child.uuid}


def _allergy(w):
    allergy = Allergy.objects.create(child=w.child, allergen="Peanuts", severity="severe",
                                     action="Call 999; adrenaline pen in the office.")
    return {"child_uuid": w.child.uuid, "allergy_uuid": allergy.uuid}


def _adult(w):
    return {"child_uuid": w.child.uuid,
            "adult_uuid": w.child.adults.get(user=w.users["parent"]).uuid}


def _change(w):
    change = RecordChange.objects.create(
        setting=w.setting_a, child=w.child, area="allergies", summary="Allergy added",
        changed_by=w.users["parent"], needs_review=True)
    return {"change_uuid": change.uuid}


MATRIX = {
    "child-list": ("get", None, expect(200)),
    "child-detail": ("get", _ava, expect(404, **SEE_AVA)),
    "child-create": ("get", None, expect(403, manager=200, other_setting=200)),
    "child-rooms": ("get", None, expect(403, manager=200, other_setting=200)),
    "child-changes": ("get", None, expect(403, **STAFF_OF_A, other_setting=200)),
    "child-change-seen": ("post", _change,
                          expect(404, manager=302, key_person=302, practitioner=302,
                                 parent=403, carer_no_info=403, other_parent=403)),
    "child-edit": ("get", lambda w: {**_ava(w), "section": "details"}, expect(404, **SEE_AVA)),
    "child-allergy-add": ("get", _ava, expect(404, **SEE_AVA)),
    "child-allergy-end": ("post", _allergy,
                          expect(404, manager=302, key_person=302, practitioner=302,
                                 parent=302)),
    "child-adult-add": ("get", _ava, expect(404, **SEE_AVA)),
    "child-adult-edit": ("get", _adult, expect(404, **SEE_AVA)),
    "child-registration": ("get", _ava, expect(404, **SEE_AVA)),
    "child-history": ("get", _ava, expect(404, **STAFF_OF_A, parent=403)),
    "child-leave": ("post", _ava, expect(404, manager=302, key_person=403, practitioner=403,
                                         parent=403)),
}
