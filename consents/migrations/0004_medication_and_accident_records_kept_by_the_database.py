"""The database itself keeps medication and accident records as written (EYFS: a written
record of each medicine given and of each accident, parents informed the same day).

Doses, accidents, the families' acknowledgements, the reviews of possible double doses and the
Ofsted notifications are never changed or deleted: a correction is a new row. A medication
permission is never edited either, but the setting records on it, once each, its check
(accepted or declined) and its end (ended or replaced): only those columns may change, only
in that order. PostgreSQL only; on SQLite (the local demo) the application's rules stand alone.

The portal erases nothing yet. Erasure at the end of the retention period (shared reference
retention.md) will need its own recorded way past these triggers, in its own migration.
"""

from django.db import migrations

APPEND_ONLY = [
    "consents_medicationdose",
    "consents_doseacknowledgement",
    "consents_doubledosereview",
    "consents_accident",
    "consents_accidentacknowledgement",
    "consents_ofstednotification",
]

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION consents_record_kept() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Rows of % are kept as recorded: record a correction instead',
        TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""

PERMISSION_FUNCTION = """
CREATE OR REPLACE FUNCTION consents_medicationpermission_kept() RETURNS trigger AS $$
DECLARE
    check_columns text[] := ARRAY['checked_by_id', 'checked_at', 'check_note'];
    end_columns text[] := ARRAY['ended_by_id', 'ended_at', 'end_reason'];
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Medication permissions are kept: end or replace one instead';
    END IF;
    IF to_jsonb(NEW) - check_columns - end_columns - 'status'
            IS DISTINCT FROM to_jsonb(OLD) - check_columns - end_columns - 'status' THEN
        RAISE EXCEPTION 'A medication permission is never edited: a change is a new permission';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
            (OLD.status = 'requested' AND NEW.status IN ('accepted', 'declined', 'ended',
                                                         'replaced'))
            OR (OLD.status = 'accepted' AND NEW.status IN ('ended', 'replaced'))) THEN
        RAISE EXCEPTION 'A medication permission cannot go from % to %', OLD.status, NEW.status;
    END IF;
    IF OLD.checked_at IS NOT NULL AND (NEW.checked_at, NEW.checked_by_id, NEW.check_note)
            IS DISTINCT FROM (OLD.checked_at, OLD.checked_by_id, OLD.check_note) THEN
        RAISE EXCEPTION 'A medication permission is checked once';
    END IF;
    IF OLD.ended_at IS NOT NULL AND (NEW.ended_at, NEW.ended_by_id, NEW.end_reason)
            IS DISTINCT FROM (OLD.ended_at, OLD.ended_by_id, OLD.end_reason) THEN
        RAISE EXCEPTION 'A medication permission ends once';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # No parameters: the functions' RAISE messages hold % placeholders of their own.
    schema_editor.execute(APPEND_ONLY_FUNCTION, params=None)
    for table in APPEND_ONLY:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_kept BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION consents_record_kept()")
    schema_editor.execute(PERMISSION_FUNCTION, params=None)
    schema_editor.execute(
        "CREATE TRIGGER consents_medicationpermission_kept BEFORE UPDATE OR DELETE "
        "ON consents_medicationpermission "
        "FOR EACH ROW EXECUTE FUNCTION consents_medicationpermission_kept()")


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in [*APPEND_ONLY, "consents_medicationpermission"]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_kept ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS consents_record_kept()")
    schema_editor.execute("DROP FUNCTION IF EXISTS consents_medicationpermission_kept()")


class Migration(migrations.Migration):
    dependencies = [("consents", "0003_double_dose_reviews_and_list_indexes")]
    operations = [migrations.RunPython(forward, reverse)]
