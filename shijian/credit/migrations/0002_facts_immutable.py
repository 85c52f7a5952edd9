"""PostgreSQL refuses UPDATE and DELETE of credit facts: a correction is a new fact.

(TRUNCATE stays possible for test-database flushes.)
"""

from django.db import migrations

IMMUTABLE_SQL = """
CREATE OR REPLACE FUNCTION credit_fact_reject_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'credit_creditfact rows are immutable: % rejected (record a correction instead)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER credit_fact_immutable
    BEFORE UPDATE OR DELETE ON credit_creditfact
    FOR EACH ROW EXECUTE FUNCTION credit_fact_reject_change();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS credit_fact_immutable ON credit_creditfact;
DROP FUNCTION IF EXISTS credit_fact_reject_change();
"""


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(IMMUTABLE_SQL, params=None)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]

    operations = [migrations.RunPython(install_trigger, remove_trigger, elidable=False)]
