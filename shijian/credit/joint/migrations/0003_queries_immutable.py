"""PostgreSQL refuses UPDATE and DELETE of joint-punishment queries and feedback: they are the record.

An answer given to another department, and what the department reported
back, may decide a later dispute; neither is ever changed. (TRUNCATE stays
possible for test-database flushes; SQLite, the demo database, has no trigger.)
"""

from django.db import migrations

TABLES = ("credit_joint_jointquery", "credit_joint_jointfeedback")

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION credit_joint_reject_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable: % rejected', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION_SQL, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION credit_joint_reject_change();",
            params=None,
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table};", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS credit_joint_reject_change();", params=None)


class Migration(migrations.Migration):
    dependencies = [("credit_joint", "0002_seed_measures")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
