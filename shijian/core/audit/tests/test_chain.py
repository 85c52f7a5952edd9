"""The audit trail on PostgreSQL: append-only, chained, verifiable, scoped."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from shijian.core.actor import Actor, system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.audit.selectors import audit_chain_verify, audit_history
from shijian.core.audit.services import audit_record
from shijian.core.errors import NotFound
from shijian.core.roles import Role

pytestmark = pytest.mark.django_db

ACTOR = system_actor("tests")


def write(n: int, path: str = "/410000/410300/410305/") -> list[AuditRecord]:
    return [
        audit_record(
            actor=ACTOR,
            action="thing.changed",
            object_type="tests.thing",
            object_id=str(i % 3),
            before={"n": i},
            after={"n": i + 1, "名称": "某某有限公司"},
            reason=f"第{i}次",
            org_unit_path=path,
        )
        for i in range(n)
    ]


def verify_command() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_records_form_a_gapless_chain() -> None:
    records = write(5)
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    for previous, current in itertools.pairwise(records):
        assert current.prev_hash == previous.hash
    report = audit_chain_verify()
    assert report.ok and report.checked == 5
    code, out, _ = verify_command()
    assert code == 0 and "5" in out


def test_database_rejects_update_and_delete() -> None:
    record = write(1)[0]
    for sql in (
        "UPDATE audit_auditrecord SET reason = 'x' WHERE id = %s",
        "DELETE FROM audit_auditrecord WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql, [record.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditRecord.objects.filter(pk=record.pk).update(reason="x")
    assert AuditRecord.objects.get(pk=record.pk).reason == "第0次"


def _with_trigger_disabled(sql: str, params: list[object]) -> None:
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE audit_auditrecord DISABLE TRIGGER audit_append_only")
        cur.execute(sql, params)
        cur.execute("ALTER TABLE audit_auditrecord ENABLE TRIGGER audit_append_only")


def test_edited_row_makes_verify_fail_and_name_the_record() -> None:
    records = write(6)
    victim = records[3]
    _with_trigger_disabled(
        "UPDATE audit_auditrecord SET after = %s::jsonb WHERE id = %s", ['{"n": 999}', victim.pk]
    )
    report = audit_chain_verify()
    assert not report.ok
    assert report.problem is not None
    assert report.problem.record_id == victim.pk and report.problem.kind == "hash"
    assert report.checked == 3
    code, _out, err = verify_command()
    assert code == 1
    assert f"record id {victim.pk}" in err


def test_rehashed_row_still_breaks_the_next_link() -> None:
    records = write(4)
    victim = records[1]
    # A forger who recomputes the victim's own hash still breaks the link after it.
    forged = victim.chain_entry()
    forged = type(forged)(**{**forged.content(), "reason": "伪造"})
    _with_trigger_disabled(
        "UPDATE audit_auditrecord SET reason = %s, hash = %s WHERE id = %s",
        ["伪造", forged.digest(), victim.pk],
    )
    report = audit_chain_verify()
    assert report.problem is not None
    assert report.problem.record_id == records[2].pk and report.problem.kind == "prev_hash"


def test_deleted_row_is_reported_as_missing() -> None:
    records = write(4)
    _with_trigger_disabled("DELETE FROM audit_auditrecord WHERE id = %s", [records[1].pk])
    report = audit_chain_verify()
    assert report.problem is not None
    assert report.problem.kind == "missing" and report.problem.record_id == records[2].pk


def test_rolled_back_write_leaves_no_gap() -> None:
    write(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        write(1)
        raise RuntimeError("the change fails")
    write(1)
    assert list(AuditRecord.objects.values_list("seq", flat=True)) == [1, 2]
    assert audit_chain_verify().ok


def test_history_is_scoped_to_the_jurisdiction() -> None:
    write(3, path="/410000/410300/410305/")
    home = Actor(
        user_id=1,
        username="o",
        roles=frozenset({Role.OFFICER}),
        jurisdiction_paths=("/410000/410300/410305/",),
    )
    other = Actor(
        user_id=2,
        username="p",
        roles=frozenset({Role.OFFICER}),
        jurisdiction_paths=("/410000/410300/410302/",),
    )
    city = Actor(
        user_id=3, username="q", roles=frozenset({Role.OFFICER}), jurisdiction_paths=("/410000/410300/",)
    )
    assert audit_history(actor=home, object_type="tests.thing", object_id="0").count() == 1
    assert audit_history(actor=city, object_type="tests.thing", object_id="0").count() == 1
    with pytest.raises(NotFound):
        audit_history(actor=other, object_type="tests.thing", object_id="0")
    enterprise = Actor(user_id=4, username="e", roles=frozenset({Role.ENTERPRISE}))
    with pytest.raises(NotFound):
        audit_history(actor=enterprise, object_type="tests.thing", object_id="0")
