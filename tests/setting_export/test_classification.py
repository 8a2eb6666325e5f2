"""Every model of the portal, and every field of an exported one, is classified: exported, or
withheld with a reason (setting_export/classification.py). A model or field added without a
decision fails here, so nothing new leaves with a setting's data, or is left behind, unseen."""

import pytest
from django.apps import apps
from django.db import models

from preschool.models import Setting
from setting_export import classification
from setting_export.archive import path_to_setting, rows_of
from setting_export.classification import EXPORTED, REFERENCE, WITHHELD_FIELDS, WITHHELD_MODELS


def unclassified(all_models, exported, withheld_models, withheld_fields) -> list[str]:
    """What is missing from, or wrong in, the lists: one line each."""
    problems = []
    labels = set()
    for model in all_models:
        label = model._meta.label
        labels.add(label)
        if (label in exported) == (label in withheld_models):
            problems.append(f"{label}: not classified" if label not in exported
                            else f"{label}: both exported and withheld")
            continue
        if label in withheld_models:
            continue
        fields = {f.name for f in model._meta.concrete_fields}
        listed, withheld = set(exported[label]), set(withheld_fields.get(label, {}))
        problems += [f"{label}.{name}: field not classified"
                     for name in sorted(fields - listed - withheld)]
        problems += [f"{label}.{name}: no such field" for name in sorted((listed | withheld)
                                                                       - fields)]
        problems += [f"{label}.{name}: both exported and withheld"
                     for name in sorted(listed & withheld)]
    stale = (set(exported) | set(withheld_models) | set(withheld_fields)) - labels
    problems += [f"{label}: no such model" for label in sorted(stale)]
    return problems


def _every_model() -> list[type[models.Model]]:
    return list(apps.get_models(include_auto_created=True))


def test_it_classifies_every_model_and_field():
    assert unclassified(_every_model(), EXPORTED, WITHHELD_MODELS, WITHHELD_FIELDS) == []


def test_it_notices_a_new_field_and_a_new_model():
    """As if a field and a model had been added to the portal without being classified."""
    exported = {label: fields for label, fields in EXPORTED.items()
                if label != "families.Allergy"}
    exported["families.Child"] = tuple(f for f in EXPORTED["families.Child"] if f != "gp_name")
    problems = unclassified(_every_model(), exported, WITHHELD_MODELS, WITHHELD_FIELDS)
    assert problems == ["families.Child.gp_name: field not classified",
                        "families.Allergy: not classified"]


def test_every_reason_is_given():
    reasons = [*WITHHELD_MODELS.values(),
               *(r for fields in WITHHELD_FIELDS.values() for r in fields.values())]
    assert all(isinstance(r, str) and len(r) > 20 for r in reasons)


@pytest.mark.parametrize("label", sorted(EXPORTED))
def test_every_exported_model_finds_the_settings_rows(label):
    """Each exported model reaches its setting: a setting column, a chain of non-null foreign
    keys to one, the people, or a reference table read whole."""
    model = apps.get_model(label)
    if model is not Setting and label not in REFERENCE and model._meta.label not in (
            "preschool.User", "account.EmailAddress"):
        assert path_to_setting(model), f"{label} has no path to its setting"
    rows_of(model, Setting(pk=1))  # builds its query without error


def test_the_secrets_of_the_brief_are_withheld():
    for label in ("mfa.Authenticator", "sessions.Session", "push.PushSubscription",
                  "account.EmailConfirmation"):
        assert label in WITHHELD_MODELS
    assert "password" in WITHHELD_FIELDS["preschool.User"]
    assert "password_hash" in WITHHELD_FIELDS["collection.CollectionPassword"]
    assert "token_hash" in WITHHELD_FIELDS["events.CalendarFeed"]
    assert classification.SIGN_IN_HASH in WITHHELD_FIELDS["preschool.User"].values()
