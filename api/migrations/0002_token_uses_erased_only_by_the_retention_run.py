"""The database keeps the uses of API tokens (``ApiTokenUse``) as it keeps the audit trail and
the looks at records: a use is deleted only by the retention run, six years after it (shared
reference retention.md), inside the run's transaction, which sets ``portal.retention`` for
itself alone (SET LOCAL). The ORM already refuses any other change
(``ExpiringAppendOnlyQuerySet``).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION api_apitokenuse_kept() RETURNS trigger AS $$
BEGIN
    IF current_setting('portal.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Uses of API tokens are kept: the retention run alone erases them';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER api_apitokenuse_kept BEFORE DELETE ON api_apitokenuse
    FOR EACH ROW EXECUTE FUNCTION api_apitokenuse_kept();
"""
REVERSE = """
DROP TRIGGER IF EXISTS api_apitokenuse_kept ON api_apitokenuse;
DROP FUNCTION IF EXISTS api_apitokenuse_kept();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_tokens_and_idempotency")]
    operations = [migrations.RunPython(forward, reverse)]
