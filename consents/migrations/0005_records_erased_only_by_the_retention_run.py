"""Medication and accident records stay kept by the database, except from the retention run.

At the end of their retention period (until the child's 21st birthday and 3 months, or their
25th for serious records: shared reference retention.md) the retention run erases them. The
triggers of 0004 now let a DELETE or UPDATE through only inside that run's transaction.
"""

import importlib

from django.db import migrations

KEPT = importlib.import_module("consents.migrations.0004_medication_and_accident_records_kept_by_the_database")

# The retention run (``retention.erasers.retention_run``) sets ``portal.retention`` for its own
# transaction only (SET LOCAL); then, and only then, a row may be deleted or anonymised.
RETENTION_RUN = """
    IF current_setting('portal.retention', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
"""


def let_the_retention_run_through(function: str) -> str:
    return function.replace("BEGIN\n", "BEGIN\n" + RETENTION_RUN, 1)


FUNCTIONS = [KEPT.APPEND_ONLY_FUNCTION, KEPT.PERMISSION_FUNCTION]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for function in FUNCTIONS:
        schema_editor.execute(let_the_retention_run_through(function), params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for function in FUNCTIONS:
        schema_editor.execute(function, params=None)


class Migration(migrations.Migration):
    dependencies = [("consents", "0004_medication_and_accident_records_kept_by_the_database")]
    operations = [migrations.RunPython(forward, reverse)]
