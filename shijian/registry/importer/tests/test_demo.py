"""Demo entities for 洛阳市: deterministic, valid, a realistic mix, loaded through the import."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest

from shijian.accounts.demo import COUNTIES, build_org_units, build_users
from shijian.core.actor import system_actor
from shijian.core.identifiers import division_lookup, idcard_check, uscc_check
from shijian.registry.demo import LAST_DAY, SIZES, STREETS, TOWNS, demo_rows, registry_demo
from shijian.registry.importer.domain import AuthorityRef, ImportContext, RowValidator, header_columns
from shijian.registry.industries import industry_rows
from shijian.registry.models import ChangeFeedEntry, EntityRepresentative, ImportRun, MarketEntity


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    assert list(demo_rows(seed=7, count=200)) == list(demo_rows(seed=7, count=200))
    assert list(demo_rows(seed=7, count=50)) != list(demo_rows(seed=8, count=50))


def test_rows_are_valid_unique_and_a_plausible_mix() -> None:
    rows = list(demo_rows(seed=2026, count=5000))
    codes = {f"{code}-AMR": AuthorityRef(i, f"/x/{code}/") for i, (code, _n, _e) in enumerate(COUNTIES)}
    codes["410300-AMR"] = AuthorityRef(99, "/x/410300/")
    context = ImportContext(
        today=LAST_DAY, authorities=codes, industries=frozenset(r.code for r in industry_rows())
    )
    header = list(rows[0])
    validator = RowValidator(context, header_columns(header))
    results = [validator.validate(i + 2, [row[c] for c in header]) for i, row in enumerate(rows)]
    assert [r.errors for r in results if r.errors][:3] == []
    usccs = [row["uscc"] for row in rows]
    assert len(set(usccs)) == len(usccs) and all(uscc_check(u).valid for u in usccs[:500])
    people: dict[str, str] = {}
    for row in rows:
        assert (
            people.setdefault(row["responsible_id_number"], row["responsible_name"])
            == row["responsible_name"]
        )
        assert idcard_check(row["responsible_id_number"], today=LAST_DAY).valid
    types = Counter(row["entity_type"] for row in rows)
    assert 0.55 < types["individual"] / len(rows) < 0.70
    assert 0.20 < types["llc"] / len(rows) < 0.33
    assert {"branch", "cooperative", "sole_proprietorship", "partnership", "joint_stock"} <= set(types)
    active = sum(row["status"] == "active" for row in rows) / len(rows)
    assert 0.86 < active < 0.94
    years = Counter(dt.date.fromisoformat(row["established_on"]).year for row in rows)
    assert min(years) == 1995 and max(years) == 2026 and years[2024] > years[1996]
    for row in rows:
        division = division_lookup(row["division_code"])
        assert division is not None and division.current and division.parent_code == "410300"
        assert row["address"].startswith(f"河南省洛阳市{division.name}")
        place = row["address"].removeprefix(f"河南省洛阳市{division.name}")
        streets_or_towns = STREETS.get(row["division_code"], TOWNS.get(row["division_code"], []))
        assert any(place.startswith(p) for p in streets_or_towns), row["address"]


@pytest.mark.django_db
def test_demo_step_loads_entities_and_links_the_enterprise_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SIZES, "small", 300)
    actor = system_actor("demo-data")
    units = build_org_units(actor)
    build_users(actor, units, officers_per_county=0, seed=1)
    out = io.StringIO()
    summary = registry_demo(actor=actor, seed=11, size="small", out=out)
    assert (summary["entities"], summary["entities_failed"]) == (300, 0)
    assert summary["industries_created"] == len(industry_rows())
    assert MarketEntity.objects.count() == 300 == ChangeFeedEntry.objects.count()
    assert ImportRun.objects.get().status == "finished"
    expected = [row["uscc"] for row in demo_rows(seed=11, count=300)]
    assert sorted(MarketEntity.objects.values_list("uscc", flat=True)) == sorted(expected)
    link = EntityRepresentative.objects.select_related("entity", "user").get()
    assert link.user.username == "enterprise" and link.entity.uscc == summary["enterprise_entity"]
    assert link.entity.supervisor_path == units["410305_bureau"].path and link.entity.status == "active"
    supervised = set(MarketEntity.objects.values_list("supervisor_path", flat=True))
    assert supervised <= {units[f"{code}_bureau"].path for code, _n, _e in COUNTIES}
    assert out.getvalue() == ""  # `demo-data --json` prints the summary alone
    again = registry_demo(actor=actor, seed=11, size="small", out=out)
    assert again["entities"] == 300 and MarketEntity.objects.count() == 300
