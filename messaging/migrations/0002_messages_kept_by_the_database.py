"""The database itself keeps messages as written: a message is never deleted, and its words,
file, sender and time never change. Only the withdrawal (once) and the flag to the
safeguarding lead (once) are recorded on it. PostgreSQL only; on SQLite (the local demo) the
application's rules stand alone.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION messaging_message_kept() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Messages are kept: withdraw one instead';
    END IF;
    IF to_jsonb(NEW) - 'withdrawn_at' - 'flagged_at' - 'flagged_by_id'
            IS DISTINCT FROM to_jsonb(OLD) - 'withdrawn_at' - 'flagged_at' - 'flagged_by_id' THEN
        RAISE EXCEPTION 'A message is never edited';
    END IF;
    IF OLD.withdrawn_at IS NOT NULL AND NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at THEN
        RAISE EXCEPTION 'A message is withdrawn once';
    END IF;
    IF OLD.flagged_at IS NOT NULL AND (NEW.flagged_at, NEW.flagged_by_id)
            IS DISTINCT FROM (OLD.flagged_at, OLD.flagged_by_id) THEN
        RAISE EXCEPTION 'A message is flagged once';
    END IF;
    IF OLD.flagged_at IS NOT NULL AND OLD.withdrawn_at IS NULL
            AND NEW.withdrawn_at IS NOT NULL THEN
        RAISE EXCEPTION 'A message flagged to the safeguarding lead is never withdrawn';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute("CREATE TRIGGER messaging_message_kept BEFORE UPDATE OR DELETE ON "
                          "messaging_message FOR EACH ROW EXECUTE FUNCTION "
                          "messaging_message_kept()")


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS messaging_message_kept ON messaging_message")
    schema_editor.execute("DROP FUNCTION IF EXISTS messaging_message_kept()")


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_conversations_messages_and_read_markers")]

    operations = [migrations.RunPython(forward, reverse)]
