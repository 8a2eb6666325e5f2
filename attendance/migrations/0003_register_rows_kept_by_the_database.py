"""The database itself keeps the register (EYFS daily record: the children cared for and their
hours of attendance; shared reference eyfs.md, "Key person and daily record").

A register row is never deleted. It is written when the child is signed in and completed once,
when the child is signed out (who collected them and how staff knew they could); while it is
open, staff may also note who the family says is collecting. Only those columns may change, and
only while the row is open. Anything else is put right by a new row
(``AttendanceRecord.corrects``). PostgreSQL only; on SQLite (the local demo) the application's
rules stand alone.

The portal erases nothing yet. Erasure at the end of the retention period (shared reference
retention.md) will need its own recorded way past these triggers, in its own migration.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION attendance_attendancerecord_kept() RETURNS trigger AS $$
DECLARE
    open_row_columns text[] := ARRAY['signed_out_at', 'signed_out_by_id', 'collected_by',
                                     'collected_by_relationship', 'collection_check',
                                     'collecting'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Register rows are kept: correct one with a new row';
    END IF;
    IF OLD.signed_out_at IS NOT NULL
            OR to_jsonb(NEW) - open_row_columns IS DISTINCT FROM to_jsonb(OLD) - open_row_columns
            THEN
        RAISE EXCEPTION 'A register row is completed once, at sign-out: correct it with a new row';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER attendance_attendancerecord_kept
    BEFORE UPDATE OR DELETE ON attendance_attendancerecord
    FOR EACH ROW EXECUTE FUNCTION attendance_attendancerecord_kept();
"""
REVERSE = """
DROP TRIGGER IF EXISTS attendance_attendancerecord_kept ON attendance_attendancerecord;
DROP FUNCTION IF EXISTS attendance_attendancerecord_kept();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("attendance", "0002_record_who_the_family_says_is_collecting")]
    operations = [migrations.RunPython(forward, reverse)]
