from django.db import migrations, models

# PostgreSQL refuses UPDATE and DELETE on the audit table: the trail is append-only.
# (TRUNCATE stays possible for test-database flushes; `audit verify` cannot see a
# wholesale truncation, which is why backups and the replica keep their own copy.)
APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION audit_reject_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditrecord is append-only: % rejected', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_append_only
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audit_reject_change();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditrecord;
DROP FUNCTION IF EXISTS audit_reject_change();
"""


def install_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def remove_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="AuditRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.BigIntegerField(unique=True, verbose_name="序号 sequence")),
                ("occurred_at", models.DateTimeField(db_index=True, verbose_name="时间 time")),
                ("actor", models.CharField(max_length=200, verbose_name="操作人 actor")),
                ("actor_user_id", models.BigIntegerField(blank=True, null=True, verbose_name="操作人ID actor user id")),
                ("action", models.CharField(db_index=True, max_length=100, verbose_name="操作 action")),
                ("object_type", models.CharField(max_length=100, verbose_name="对象类型 object type")),
                ("object_id", models.CharField(max_length=64, verbose_name="对象ID object id")),
                ("org_unit_path", models.CharField(blank=True, default="", max_length=255, verbose_name="所属单位路径 org unit path")),
                ("before", models.JSONField(blank=True, null=True, verbose_name="变更前 before")),
                ("after", models.JSONField(blank=True, null=True, verbose_name="变更后 after")),
                ("reason", models.TextField(blank=True, default="", verbose_name="理由 reason")),
                ("prev_hash", models.CharField(max_length=64, verbose_name="前一哈希 previous hash")),
                ("hash", models.CharField(max_length=64, unique=True, verbose_name="哈希 hash")),
            ],
            options={
                "verbose_name": "审计记录 audit record",
                "verbose_name_plural": "审计记录 audit records",
                "ordering": ["seq"],
                "indexes": [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_idx")],
            },
        ),
        migrations.RunPython(install_trigger, remove_trigger),
    ]
