"""The audit record model (append-only; PostgreSQL rejects UPDATE and DELETE by trigger)."""

from __future__ import annotations

from django.db import models

from shijian.core.audit.domain import ChainEntry


class AuditRecord(models.Model):
    """One audited change of a regulated record, chained to the previous one by hash.

    ``seq`` numbers the chain without gaps (ids may skip after rollbacks);
    ``org_unit_path`` is the owning org unit's path, used to scope history views.
    """

    seq = models.BigIntegerField("序号 sequence", unique=True)
    occurred_at = models.DateTimeField("时间 time", db_index=True)
    actor = models.CharField("操作人 actor", max_length=200)
    actor_user_id = models.BigIntegerField("操作人ID actor user id", null=True, blank=True)
    action = models.CharField("操作 action", max_length=100, db_index=True)
    object_type = models.CharField("对象类型 object type", max_length=100)
    object_id = models.CharField("对象ID object id", max_length=64)
    org_unit_path = models.CharField("所属单位路径 org unit path", max_length=255, blank=True, default="")
    before = models.JSONField("变更前 before", null=True, blank=True)
    after = models.JSONField("变更后 after", null=True, blank=True)
    reason = models.TextField("理由 reason", blank=True, default="")
    prev_hash = models.CharField("前一哈希 previous hash", max_length=64)
    hash = models.CharField("哈希 hash", max_length=64, unique=True)

    jurisdiction_path_lookup = "org_unit_path"

    class Meta:
        verbose_name = "审计记录 audit record"
        verbose_name_plural = "审计记录 audit records"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def chain_entry(self) -> ChainEntry:
        """The hashed content of this record."""
        from shijian.core.audit.domain import to_jsonable

        return ChainEntry(
            seq=self.seq,
            occurred_at=to_jsonable(self.occurred_at),
            actor=self.actor,
            actor_user_id=self.actor_user_id,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            org_unit_path=self.org_unit_path,
            before=self.before,
            after=self.after,
            reason=self.reason,
            prev_hash=self.prev_hash,
        )
