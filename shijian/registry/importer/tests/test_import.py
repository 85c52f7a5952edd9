"""The import on PostgreSQL: row errors, idempotence, updates, duplicates, scope, both paths alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from shijian.core.actor import system_actor
from shijian.core.audit.models import AuditRecord
from shijian.core.audit.selectors import audit_chain_verify
from shijian.core.errors import PermissionDenied, ValidationFailed
from shijian.core.identifiers import idcard_make, uscc_make
from shijian.core.roles import Role
from shijian.registry.importer import services as importer_services
from shijian.registry.importer.postgres import PostgresWriter
from shijian.registry.importer.readers import file_info
from shijian.registry.importer.rendering import rendered_batches
from shijian.registry.importer.services import ImportFailed, registry_import
from shijian.registry.importer.tests.conftest import HEADER, TODAY, report_lines, valid_row
from shijian.registry.industries import industries_load
from shijian.registry.models import ChangeFeedEntry, EntityChange, ImportRun, MarketEntity, Person
from shijian.testing.registry import make_entity
from shijian.testing.world import World

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("tests")
PILOT = "91350211M0000XUF46"


def run(path: Path, **options: Any) -> Any:
    return registry_import(actor=options.pop("actor", SYSTEM), path=path, today=TODAY, **options)


def snapshot() -> dict[str, Any]:
    """The register as a comparable value (ids left out)."""
    entities = sorted(
        MarketEntity.objects.values_list(
            "uscc",
            "uscc_flagged",
            "name",
            "name_search",
            "entity_type",
            "responsible_person__id_number",
            "responsible_person__name",
            "registered_capital",
            "established_on",
            "term_start",
            "address",
            "division_code",
            "industry_id",
            "registration_authority__code",
            "supervisor_path",
            "parent_entity__uscc",
            "status",
            "status_since",
        )
    )
    feed = [(f.uscc, f.event, f.payload) for f in ChangeFeedEntry.objects.order_by("id")]
    changes = sorted(
        EntityChange.objects.values_list("entity__uscc", "item", "before", "after", "changed_on")
    )
    persons = sorted(Person.objects.values_list("id_type", "id_number", "name"))
    return {"entities": entities, "feed": feed, "changes": changes, "persons": persons}


def test_good_rows_in_bad_rows_out_with_a_report(world: World, csv_file: Callable[..., Path]) -> None:
    good = [valid_row() for _ in range(3)]
    bad = [
        valid_row(uscc="914103051234567890"),
        valid_row(division_code="999999"),
        valid_row(established_on="2021-02-30"),
        valid_row(established_on="06/05/2021"),
        {**good[1], "name": "同一代码的第二行"},
    ]
    path = csv_file([good[0], bad[0], good[1], bad[1], bad[2], good[2], bad[3], bad[4]])
    summary = run(path)
    assert (summary.status, summary.rows_done, summary.rows_ok, summary.rows_failed) == ("finished", 8, 3, 5)
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    assert sorted(MarketEntity.objects.values_list("uscc", flat=True)) == sorted(r["uscc"] for r in good)
    assert report_lines(summary.error_report) == [
        (3, "uscc"),
        (5, "division_code"),
        (6, "established_on"),
        (8, "established_on"),
        (9, "uscc"),
    ]
    assert Path(summary.error_report) == path.with_name("registry.errors.csv")
    duplicate = Path(summary.error_report).read_text(encoding="utf-8-sig").splitlines()[-1]
    assert "与第4行重复" in duplicate and "duplicate of row 4" in duplicate
    assert MarketEntity.objects.get(uscc=good[1]["uscc"]).name == good[1]["name"]


def test_entities_persons_feed_and_one_audit_record(world: World, csv_file: Callable[..., Path]) -> None:
    first = valid_row(industry_code="34", registered_capital="250.5")
    same_person = valid_row(
        responsible_id_number=first["responsible_id_number"], responsible_name=first["responsible_name"]
    )
    industries_load()
    audit_before = AuditRecord.objects.count()
    summary = run(csv_file([first, same_person, valid_row()]))
    assert summary.created == 3
    entity = MarketEntity.objects.select_related("responsible_person").get(uscc=first["uscc"])
    assert entity.industry_id == "34" and str(entity.registered_capital) == "250.5000"
    assert entity.supervisor_path == world.home_bureau.path
    assert entity.registration_authority_id == world.home_bureau.pk
    assert entity.name_search == first["name"] and entity.status == "active"
    assert Person.objects.count() == 2
    assert (
        MarketEntity.objects.get(uscc=same_person["uscc"]).responsible_person_id
        == entity.responsible_person_id
    )
    feed = ChangeFeedEntry.objects.get(uscc=first["uscc"])
    assert feed.event == "registered"
    assert feed.payload == {
        "uscc": first["uscc"],
        "name": first["name"],
        "entity_type": "llc",
        "status": "active",
        "established_on": "2020-05-06",
        "division_code": "410305",
        "address": first["address"],
        "responsible_person": first["responsible_name"],
    }
    records = AuditRecord.objects.filter(pk__gt=0).order_by("seq")[audit_before:]
    assert [r.action for r in records] == ["registry.import.finished"]
    assert records[0].after["rows_ok"] == 3 and records[0].object_id == str(summary.run_id)
    assert audit_chain_verify().ok


def test_a_finished_file_imported_again_changes_nothing(world: World, csv_file: Callable[..., Path]) -> None:
    path = csv_file([valid_row(), valid_row(uscc="bad")])
    first = run(path)
    before, audits = snapshot(), AuditRecord.objects.count()
    report = Path(first.error_report).read_bytes()
    again = run(path)
    assert again.already_finished and again.run_id == first.run_id and again.created == 0
    assert snapshot() == before and AuditRecord.objects.count() == audits
    assert ImportRun.objects.count() == 1 and Path(first.error_report).read_bytes() == report


def test_a_corrected_file_updates_only_what_changed(world: World, csv_file: Callable[..., Path]) -> None:
    rows = [valid_row(), valid_row(), valid_row()]
    header = [*HEADER, "status_since"]
    run(csv_file(rows, "v1.csv", header=header))
    untouched = MarketEntity.objects.get(uscc=rows[2]["uscc"]).updated_at
    rows[0] = {**rows[0], "address": "河南省洛阳市涧西区天津路8号", "registered_capital": "300"}
    rows[1] = {**rows[1], "status": "注销", "status_since": "2025-03-01"}
    feed_before = ChangeFeedEntry.objects.count()
    summary = run(csv_file(rows, "v2.csv", header=header))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 1)
    assert MarketEntity.objects.get(uscc=rows[2]["uscc"]).updated_at == untouched
    changes = sorted(
        EntityChange.objects.filter(entity__uscc=rows[0]["uscc"]).values_list(
            "item", "before", "after", "changed_on"
        )
    )
    assert changes == [
        ("住所 registered address", "河南省洛阳市涧西区建设路1号", "河南省洛阳市涧西区天津路8号", TODAY),
        ("注册资本 registered capital", "100.0000", "300.0000", TODAY),
    ]
    status_changes = sorted(
        EntityChange.objects.filter(entity__uscc=rows[1]["uscc"]).values_list("item", "before", "after")
    )
    assert status_changes == [
        ("状态日期 status since", "2020-05-06", "2025-03-01"),
        ("登记状态 status", "存续（在营、开业、在册）", "注销"),
    ]
    events = ChangeFeedEntry.objects.filter(pk__gt=0).order_by("id")[feed_before:]
    assert [(e.uscc, e.event) for e in events] == [(rows[0]["uscc"], "changed"), (rows[1]["uscc"], "changed")]
    assert events[0].payload["items"][0] == {
        "item": "住所 registered address",
        "before": "河南省洛阳市涧西区建设路1号",
        "after": "河南省洛阳市涧西区天津路8号",
    }
    assert events[0].payload["changed_on"] == TODAY.isoformat() and events[0].payload["source"] == "import"


def test_pilot_code_only_with_the_override(world: World, csv_file: Callable[..., Path]) -> None:
    pilot = valid_row(uscc=PILOT)
    refused = run(csv_file([pilot], "a.csv"))
    assert refused.rows_failed == 1 and report_lines(refused.error_report) == [(2, "uscc")]
    assert not MarketEntity.objects.filter(uscc=PILOT).exists()
    accepted = run(csv_file([pilot, valid_row()], "b.csv"), accept_flagged=[PILOT.lower()])
    assert accepted.rows_ok == 2
    assert MarketEntity.objects.get(uscc=PILOT).uscc_flagged is True
    assert MarketEntity.objects.filter(uscc_flagged=True).count() == 1


def test_duplicates_across_batches_name_the_first_row(world: World, csv_file: Callable[..., Path]) -> None:
    rows = [valid_row() for _ in range(7)]
    rows.append({**rows[1], "name": "重复"})  # row 9 repeats row 3, four batches later
    summary = run(csv_file(rows), batch_size=2)
    assert summary.rows_ok == 7
    assert report_lines(summary.error_report) == [(9, "uscc")]
    assert "duplicate of row 3" in Path(summary.error_report).read_text(encoding="utf-8-sig")
    assert MarketEntity.objects.get(uscc=rows[1]["uscc"]).name == rows[1]["name"]


def test_branches_find_parents_in_the_batch_before_or_register(
    world: World, csv_file: Callable[..., Path]
) -> None:
    registered = make_entity(world)
    parent = valid_row()
    rows = [
        valid_row(entity_type="branch", parent_uscc=parent["uscc"]),  # parent later in the same batch
        parent,
        valid_row(entity_type="branch", parent_uscc=registered.uscc),
        valid_row(entity_type="branch", parent_uscc=uscc_make("410305", "MA99YYYY")),
    ]
    summary = run(csv_file(rows))
    assert report_lines(summary.error_report) == [(5, "parent_uscc")]
    assert MarketEntity.objects.get(uscc=rows[0]["uscc"]).parent_entity.uscc == parent["uscc"]
    assert MarketEntity.objects.get(uscc=rows[2]["uscc"]).parent_entity_id == registered.pk


def test_an_id_number_on_record_under_another_name(world: World, csv_file: Callable[..., Path]) -> None:
    existing = make_entity(world)
    number = existing.responsible_person.id_number
    rows = [
        valid_row(responsible_id_number=number, responsible_name="不同的人"),
        valid_row(responsible_id_number=number, responsible_name=existing.responsible_person.name),
    ]
    summary = run(csv_file(rows))
    assert report_lines(summary.error_report) == [(2, "responsible_id_number")]
    assert (
        MarketEntity.objects.get(uscc=rows[1]["uscc"]).responsible_person_id == existing.responsible_person_id
    )


@pytest.mark.parametrize("fast", [True, False])
def test_one_id_number_with_two_names(world: World, csv_file: Callable[..., Path], fast: bool) -> None:
    first = valid_row()
    rows = [
        first,
        valid_row(),
        valid_row(responsible_id_number=first["responsible_id_number"], responsible_name="李四"),
        valid_row(responsible_id_number=first["responsible_id_number"]),
    ]
    summary = run(csv_file(rows), fast=fast, batch_size=2)
    assert report_lines(summary.error_report) == [(4, "responsible_id_number")]
    assert summary.rows_ok == 3 and Person.objects.count() == 2


def test_officers_import_only_into_their_jurisdiction(world: World, csv_file: Callable[..., Path]) -> None:
    rows = [valid_row(), valid_row(registration_authority="410302-AMR", division_code="410302")]
    summary = run(csv_file(rows), actor=world.actor(Role.OFFICER))
    assert summary.rows_ok == 1 and report_lines(summary.error_report) == [(3, "registration_authority")]
    with pytest.raises(PermissionDenied):
        run(csv_file(rows, "x.csv"), actor=world.actor(Role.ENTERPRISE))
    with pytest.raises(ValidationFailed) as error:
        run(csv_file(rows, "y.csv"), authority_code="410300-AMR", actor=world.actor(Role.OFFICER))
    assert error.value.field == "authority"


def test_default_authority_and_supervisor_column(world: World, csv_file: Callable[..., Path]) -> None:
    header = ["uscc", "name", "entity_type", "responsible_name", "responsible_id_number", "established_on"]
    header += ["address", "division_code", "business_scope", "supervisor"]
    row = valid_row(supervisor="410305-AMR")
    summary = run(csv_file([row], header=header), authority_code="410300-AMR")
    assert summary.rows_ok == 1
    entity = MarketEntity.objects.get(uscc=row["uscc"])
    assert entity.registration_authority_id == world.city_bureau.pk
    assert entity.supervisor_path == world.home_bureau.path


def test_chinese_headers_and_gbk_files(world: World, tmp_path: Path) -> None:
    row = valid_row()
    lines = [
        "统一社会信用代码,名称,类型,法定代表人,证件号码,成立日期,住所,行政区划代码,经营范围,登记机关",
        ",".join(
            [
                *(
                    row["uscc"],
                    row["name"],
                    "有限责任公司",
                    row["responsible_name"],
                    row["responsible_id_number"],
                ),
                *("2020年5月6日", row["address"], "410305", "轴承销售", "410305-AMR"),
            ]
        ),
    ]
    path = tmp_path / "gbk.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    with pytest.raises(ImportFailed) as error:
        run(path)
    assert "gb18030" in str(error.value)
    assert ImportRun.objects.get().status == "failed"
    summary = run(path, encoding="gb18030")
    assert summary.rows_ok == 1 and summary.resumed_from == 0
    assert MarketEntity.objects.get().established_on == dt.date(2020, 5, 6)


@pytest.mark.parametrize("fast", [True, False])
def test_both_paths_give_the_same_register(world: World, csv_file: Callable[..., Path], fast: bool) -> None:
    """Each path against expected values worked out from the rows, so the two agree with each other."""
    registered = make_entity(world, name="洛阳老名字有限公司")
    parent = valid_row()
    update = valid_row(
        uscc=registered.uscc,
        name="洛阳新名字有限公司",
        responsible_id_number=registered.responsible_person.id_number,
        responsible_name=registered.responsible_person.name,
        established_on=registered.established_on.isoformat(),
        address=registered.address,
        business_scope=registered.business_scope,
    )
    rows = [
        parent,
        valid_row(entity_type="branch", parent_uscc=parent["uscc"], name="洛阳测试分公司"),
        update,
        valid_row(division_code="410381"),
        valid_row(responsible_id_number="410305198001010000"),
    ]
    summary = run(csv_file(rows), fast=fast)
    assert summary.method == ("postgresql-copy" if fast else "generic")
    assert (summary.created, summary.updated, summary.unchanged, summary.rows_failed) == (2, 1, 0, 2)
    assert report_lines(summary.error_report) == [(5, "division_code"), (6, "responsible_id_number")]
    state = snapshot()
    imported = [
        (c[1], c[2], c[3])
        for c in state["changes"]
        if c[0] == registered.uscc and c[1] != "设立登记 registration"
    ]
    assert imported == [
        ("名称 name", "洛阳老名字有限公司", "洛阳新名字有限公司"),
        ("注册资本 registered capital", "", "100.0000"),
    ]
    assert [(uscc, event) for uscc, event, _ in state["feed"][1:]] == [
        (parent["uscc"], "registered"),
        (registered.uscc, "changed"),
        (rows[1]["uscc"], "registered"),
    ]
    assert state["feed"][2][2]["items"] == [
        {"item": "名称 name", "before": "洛阳老名字有限公司", "after": "洛阳新名字有限公司"},
        {"item": "注册资本 registered capital", "before": "", "after": "100.0000"},
    ]
    branch = MarketEntity.objects.get(uscc=rows[1]["uscc"])
    assert branch.parent_entity is not None and branch.parent_entity.uscc == parent["uscc"]
    assert MarketEntity.objects.get(uscc=registered.uscc).name_search == "洛阳新名字有限公司"
    assert Person.objects.filter(id_number=registered.responsible_person.id_number).count() == 1


def test_reader_process_gives_the_same_result(world: World, csv_file: Callable[..., Path]) -> None:
    rows = [valid_row() for _ in range(30)]
    rows[10] = {**rows[10], "established_on": "2020-02-30"}
    rows.append({**rows[3]})
    summary = run(csv_file(rows), reader_process=True, batch_size=7)
    assert (summary.rows_done, summary.rows_ok, summary.rows_failed) == (31, 29, 2)
    assert report_lines(summary.error_report) == [(12, "established_on"), (32, "uscc")]
    assert MarketEntity.objects.count() == 29


def test_id_numbers_of_other_documents(world: World, csv_file: Callable[..., Path]) -> None:
    rows = [
        {**valid_row(responsible_id_number="E12345678"), "responsible_id_type": "护照"},
        {
            **valid_row(responsible_id_number=idcard_make("410305", dt.date(1990, 1, 1), 5)),
            "responsible_id_type": "",
        },
    ]
    header = [*rows[0].keys()]
    summary = run(csv_file(rows, header=header))
    assert summary.rows_ok == 2
    assert Person.objects.get(id_number="E12345678").id_type == "passport"


def test_a_first_load_leaves_a_row_registered_meanwhile_to_the_upsert(
    world: World, csv_file: Callable[..., Path]
) -> None:
    """A first load inserts plainly; a code someone registered since the run began is updated, not lost."""
    rows = [valid_row(), valid_row()]
    path = csv_file(rows)
    make_entity(world, uscc=rows[1]["uscc"], name="洛阳市先行登记商贸有限公司")
    context = importer_services._context(actor=SYSTEM, authority_code=None, accept_flagged=(), today=TODAY)
    writer = PostgresWriter(fresh=True)  # as judged when the register was still empty
    writer.start()
    batches = rendered_batches(
        path,
        kind="csv",
        info=file_info(path),
        encoding="utf-8-sig",
        context=context,
        size=100,
        skip=0,
        process=False,
    )
    outcomes = [writer.write(batch, today=TODAY, now=timezone.now()) for batch in batches]
    writer.finish()
    assert [(o.created, o.updated, o.unchanged) for o in outcomes] == [(1, 1, 0)]
    assert MarketEntity.objects.get(uscc=rows[1]["uscc"]).name == rows[1]["name"]
    assert ChangeFeedEntry.objects.filter(uscc=rows[1]["uscc"], event="changed").count() == 1
    assert ChangeFeedEntry.objects.filter(uscc=rows[0]["uscc"], event="registered").count() == 1
