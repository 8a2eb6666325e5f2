"""Register rows stay kept by the database, except from the retention run.

Three years after the child leaves (shared reference retention.md) the retention run erases
the register rows; the trigger of 0003 now lets a DELETE or UPDATE through only inside that
run's transaction.
"""

import importlib

from django.db import migrations

KEPT = importlib.import_module("attendance.migrations.0003_register_rows_kept_by_the_database")

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


# The function alone: its trigger stays as 0003 made it.
FUNCTIONS = [KEPT.FORWARD.split("CREATE TRIGGER")[0]]


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
    dependencies = [("attendance", "0003_register_rows_kept_by_the_database")]
    operations = [migrations.RunPython(forward, reverse)]
