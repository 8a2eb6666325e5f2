"""The audit trail stays append-only in the database, except from the retention run.

Six years after an entry (shared reference retention.md) the retention run erases it
(``AuditEventQuerySet.erase_at_end_of_retention``); the trigger of 0002 now lets a DELETE
through only inside that run's transaction, which sets ``portal.retention`` for itself alone
(SET LOCAL). An entry is still never changed.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION preschool_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('portal.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""
PREVIOUS = """
CREATE OR REPLACE FUNCTION preschool_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("preschool", "0005_known_devices")]
    operations = [migrations.RunPython(forward, reverse)]
