"""The database keeps the looks at records (``RecordView``) as it keeps the audit trail: a look
is deleted only by the retention run, six years after it (shared reference retention.md),
inside the run's transaction, which sets ``portal.retention`` for itself alone (SET LOCAL).

Only deletes are guarded: the child's column is cleared by the database's own SET NULL, and
the ORM already refuses any other change (``RecordViewQuerySet``).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION families_recordview_kept() RETURNS trigger AS $$
BEGIN
    IF current_setting('portal.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Looks at records are kept: the retention run alone erases them';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER families_recordview_kept BEFORE DELETE ON families_recordview
    FOR EACH ROW EXECUTE FUNCTION families_recordview_kept();
"""
REVERSE = """
DROP TRIGGER IF EXISTS families_recordview_kept ON families_recordview;
DROP FUNCTION IF EXISTS families_recordview_kept();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("families", "0004_who_looked_at_a_childs_record")]
    operations = [migrations.RunPython(forward, reverse)]
