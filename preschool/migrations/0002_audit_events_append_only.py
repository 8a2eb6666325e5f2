"""Make the audit trail append-only in the database itself, not only in the ORM."""

from django.db import migrations

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION preschool_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER preschool_auditevent_append_only
    BEFORE UPDATE OR DELETE ON preschool_auditevent
    FOR EACH ROW EXECUTE FUNCTION preschool_auditevent_append_only();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS preschool_auditevent_append_only ON preschool_auditevent;
DROP FUNCTION IF EXISTS preschool_auditevent_append_only();
"""
# SQLite: updates only. Django's test runner empties tables with DELETE on SQLite (PostgreSQL
# uses TRUNCATE, which row triggers do not see), so a delete trigger would break the tests.
SQLITE_FORWARD = """
CREATE TRIGGER preschool_auditevent_append_only BEFORE UPDATE ON preschool_auditevent
BEGIN SELECT RAISE(ABORT, 'Audit events are append-only'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS preschool_auditevent_append_only;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("preschool", "0001_settings_people_and_audit")]
    operations = [migrations.RunPython(forward, reverse)]
