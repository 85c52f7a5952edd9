"""Demo market entities for 洛阳市 and its counties (演示市场主体), written through the bulk import.

Deterministic for a seed. Names follow Luoyang's industries (bearings and
mining machinery in 涧西, molybdenum in 栾川, refractories, peony culture in
孟津 and 洛龙, tourism around 老君山 and 白云山, food, logistics, retail);
USCCs and ID numbers are valid (``uscc_make``, ``idcard_make``); district
addresses use real Luoyang street names and county addresses real towns
(the village names are generic). About 62% individual businesses, 27% LLCs,
then branches, cooperatives, sole proprietorships, partnerships, joint-stock
and non-company enterprises; established 1995-2026 with more in recent
years; about 90% active, the rest suspended, revoked or deregistered.

The rows go into a CSV in a temporary folder and through
``registry_import``, the same path as a real import (COPY on PostgreSQL),
so that even ``--size large`` (1,000,000 entities) runs in bounded memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from shijian.accounts.demo import COUNTIES, person_name
from shijian.accounts.models import OrgUnit, User
from shijian.core.actor import Actor
from shijian.core.audit.services import audit_record
from shijian.core.identifiers import USCC_CHARSET, idcard_make, uscc_make
from shijian.registry.importer.services import registry_import
from shijian.registry.industries import industries_load
from shijian.registry.models import EntityRepresentative, MarketEntity

#: Entities per demo size.
SIZES: dict[str, int] = {"small": 2_000, "medium": 50_000, "large": 1_000_000}

CITY_BUREAU = "410300-AMR"
FIRST_DAY = dt.date(1995, 1, 1)
# The newest establishment date, fixed so that a seed gives the same data on any day after it.
LAST_DAY = dt.date(2026, 10, 31)
# 歇业 (business suspension) exists since the 2022 market-entity registration regulation.
SUSPENSION_FROM = dt.date(2022, 3, 1)

HEADER = (
    "uscc",
    "name",
    "entity_type",
    "responsible_name",
    "responsible_id_number",
    "responsible_phone",
    "established_on",
    "term_end",
    "address",
    "division_code",
    "premises_address",
    "business_scope",
    "registration_authority",
    "supervisor",
    "registered_capital",
    "industry_code",
    "foreign_invested",
    "parent_uscc",
    "status",
    "status_since",
    "suspended_until",
)


@dataclass(frozen=True, slots=True)
class Trade:
    """A line of business: company word, shop word, GB/T 4754 division, scope, weight, where it is common."""

    company: str
    shop: str
    industry: str
    scope: str
    weight: int
    counties: tuple[str, ...] = ()


def _load_material() -> dict[str, Any]:
    """The demo material (data/luoyang_demo.json): places, trade names, lines of business, shares."""
    text = (
        resources.files("shijian.registry").joinpath("data", "luoyang_demo.json").read_text(encoding="utf-8")
    )
    material: dict[str, Any] = json.loads(text)
    return material


_MATERIAL = _load_material()
#: County-level division -> relative number of entities (the urban districts and 洛龙 lead).
COUNTY_WEIGHTS: dict[str, int] = _MATERIAL["county_weights"]
#: Real streets of the urban districts; real towns (乡镇、街道) of the others; generic village names.
STREETS: dict[str, list[str]] = _MATERIAL["streets"]
TOWNS: dict[str, list[str]] = _MATERIAL["towns"]
VILLAGES: list[str] = _MATERIAL["villages"]
#: Characters often used in 字号 (trade names), and place words from Luoyang's history.
NAME_CHARS: str = _MATERIAL["name_chars"]
NAME_WORDS: list[str] = _MATERIAL["name_words"]
#: Other divisions where some legal representatives were born (ID-number prefixes).
BIRTHPLACES: list[str] = _MATERIAL["birthplaces"]
TRADES: tuple[Trade, ...] = tuple(
    Trade(t["company"], t["shop"], t["industry"], t["scope"], t["weight"], tuple(t["counties"]))
    for t in _MATERIAL["trades"]
)
_TRADE_WEIGHTS = tuple(t.weight for t in TRADES)
#: Cooperative products (专业合作社) by county, with their industry division.
COOPERATIVES: dict[str, list[list[str]]] = _MATERIAL["cooperatives"]
_DEFAULT_COOPERATIVE = [["蔬菜种植", "01"], ["农机服务", "05"]]
#: Entity types with their share (个体工商户 most, then 有限责任公司 …).
TYPE_SHARES: list[tuple[str, float]] = [(kind, share) for kind, share in _MATERIAL["type_shares"]]
_CATEGORY = {"individual": "92", "cooperative": "93"}
_CAPITALS = {
    "llc": (10, 30, 50, 100, 100, 200, 300, 500, 500, 1000, 2000, 5000),
    "joint_stock": (5000, 8000, 10000, 20000, 50000),
    "cooperative": (5, 10, 20, 50, 100, 200),
    "sole_proprietorship": (10, 20, 50, 100),
    "partnership": (100, 300, 500, 1000),
    "non_company": (50, 100, 300, 800),
}
_FACTORIES = ("机械", "轴承", "耐火材料", "食品", "农机", "印刷", "服装", "建材")
_PHONE_PREFIXES = (
    "139",
    "138",
    "137",
    "135",
    "159",
    "158",
    "187",
    "186",
    "152",
    "151",
    "182",
    "183",
    "177",
    "176",
)


def _weighted_year(rng: random.Random) -> int:
    """Registrations grew over time, with a step after the 2014 business-registration reform."""
    years = range(FIRST_DAY.year, LAST_DAY.year + 1)
    weights = [1.0 + (y - 1995) * 0.15 + (3.0 if y >= 2014 else 0.0) for y in years]
    return rng.choices(years, weights)[0]


def _date_in_year(rng: random.Random, year: int) -> dt.date:
    first = dt.date(year, 1, 1)
    last = min(dt.date(year, 12, 31), LAST_DAY)
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


class _Generator:
    """Row generator; bounded memory: a recent-parents ring and a per-(birthplace, birthday) counter."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - deterministic demo data, not security
        self.counties = tuple(COUNTY_WEIGHTS)
        self.county_weights = tuple(COUNTY_WEIGHTS.values())
        self.names = {code: name for code, name, _en in COUNTIES}
        self.parents: list[tuple[str, str, dt.date]] = []
        self.id_sequences: dict[tuple[str, dt.date], int] = {}
        self.org_serial = 0

    # -- identifiers -------------------------------------------------------------------

    def uscc(self, division: str, category: str, established: dt.date) -> str:
        """New registrations (since 2015) carry "MA" codes; older ones their 8-digit organisation code."""
        self.org_serial += 1
        n = (self.org_serial * 7_919_141 + 12_345) % (31**6)
        if established.year >= 2016:
            body = "MA"
            for _ in range(6):
                n, digit = divmod(n, 31)
                body += USCC_CHARSET[digit]
        else:
            body = f"{(self.org_serial * 48_271 + 10_000_000) % 100_000_000:08d}"
        return uscc_make(division, body, category=category)

    def id_number(self, county: str, established: dt.date) -> str:
        """A valid ID number, unique: a counter per birthplace and birthday gives the sequence."""
        rng = self.rng
        birthplace = county if rng.random() < 0.7 else rng.choice((*self.counties, *BIRTHPLACES))
        age = rng.randint(22, 60)
        birth = dt.date(max(established.year - age, 1940), 1, 1) + dt.timedelta(days=rng.randrange(365))
        key = (birthplace, birth)
        used = self.id_sequences.get(key, 0)
        if used >= 999:  # practically never: move to the next day
            return self.id_number(county, established + dt.timedelta(days=1))
        self.id_sequences[key] = used + 1
        return idcard_make(birthplace, birth, used + 1)

    # -- names and places ----------------------------------------------------------------

    def trade_name(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return rng.choice(NAME_WORDS)
        return rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS)

    def address(self, county: str, *, company: bool) -> str:
        rng = self.rng
        place = f"河南省洛阳市{self.names[county]}"
        streets = STREETS.get(county)
        if streets is not None:
            number = f"{rng.randint(1, 400)}号"
            if company and rng.random() < 0.5:
                number += f"{rng.randint(1, 30)}号楼{rng.randint(1, 28)}{rng.randint(1, 4):02d}室"
            return f"{place}{rng.choice(streets)}{number}"
        town = rng.choice(TOWNS[county])
        return f"{place}{town}{rng.choice(VILLAGES)}{rng.randint(1, 200)}号"

    def trade(self, county: str) -> Trade:
        rng = self.rng
        for _ in range(3):
            trade = rng.choices(TRADES, _TRADE_WEIGHTS)[0]
            if not trade.counties or county in trade.counties or rng.random() < 0.15:
                return trade
        return trade

    # -- rows ----------------------------------------------------------------------------

    def row(self) -> dict[str, str]:
        rng = self.rng
        county = rng.choices(self.counties, self.county_weights)[0]
        kind = rng.choices([t for t, _ in TYPE_SHARES], [s for _, s in TYPE_SHARES])[0]
        if kind == "branch" and not self.parents:
            kind = "llc"
        established = _date_in_year(rng, _weighted_year(rng))
        if kind == "non_company":  # mostly older collective and state-owned enterprises
            established = _date_in_year(rng, rng.randint(1995, 2008))
        trade = self.trade(county)
        word = self.trade_name()
        city_name = self.names[county]
        industry, scope, parent = trade.industry, trade.scope, ""
        if kind == "individual":
            owner = rng.random() < 0.25
            shop = f"{person_name(rng)[0]}记{trade.shop}" if owner else f"{word}{trade.shop}"
            name = f"洛阳市{city_name}{shop}" if rng.random() < 0.6 else f"{city_name}{shop}"
        elif kind == "cooperative":
            product, industry = rng.choice(COOPERATIVES.get(county, _DEFAULT_COOPERATIVE))
            scope = f"组织收购、销售成员生产的农产品；{product}技术交流和信息咨询服务"
            name = f"{city_name}{word}{product}专业合作社"
        elif kind == "branch":
            parent, parent_name, parent_since = rng.choice(self.parents)
            established = max(established, parent_since)
            name = f"{parent_name}{city_name[:2]}分公司"
        elif kind == "sole_proprietorship":
            name = f"洛阳{word}{trade.company}中心（个人独资）"
        elif kind == "partnership":
            name = f"洛阳{word}企业管理咨询中心（{'有限合伙' if rng.random() < 0.6 else '普通合伙'}）"
            industry, scope = "72", "企业管理咨询；信息咨询服务（不含许可类信息咨询服务）"
        elif kind == "non_company":
            name = f"洛阳市{word}{rng.choice(_FACTORIES)}厂"
        elif kind == "joint_stock":
            name = f"洛阳{word}{trade.company}股份有限公司"
        else:
            name = f"洛阳{word}{trade.company}有限公司"
        company = kind not in ("individual", "cooperative")
        uscc = self.uscc(county, _CATEGORY.get(kind, "91"), established)
        if kind in ("llc", "joint_stock"):
            self.parents.append((uscc, name, established))
            if len(self.parents) > 500:
                self.parents.pop(0)
        status, since, until = self.status(established)
        authority = f"{county}-AMR"
        if kind == "joint_stock" or (kind == "llc" and rng.random() < 0.1):
            authority = CITY_BUREAU  # larger companies are registered by the city bureau
        capital = _CAPITALS.get(kind)
        term_end = ""
        if kind in ("llc", "joint_stock") and rng.random() < 0.3:
            term_end = established.replace(
                year=established.year + rng.choice((20, 30, 50)), day=28
            ).isoformat()
        address = self.address(county, company=company)
        return {
            "uscc": uscc,
            "name": name,
            "entity_type": kind,
            "responsible_name": person_name(rng),
            "responsible_id_number": self.id_number(county, established),
            "responsible_phone": f"{rng.choice(_PHONE_PREFIXES)}{rng.randrange(10**8):08d}",
            "established_on": established.isoformat(),
            "term_end": term_end,
            "address": address,
            "division_code": county,
            "premises_address": address if company and rng.random() < 0.2 else "",
            "business_scope": scope,
            "registration_authority": authority,
            "supervisor": f"{county}-AMR",
            "registered_capital": str(rng.choice(capital)) if capital else "",
            "industry_code": industry,
            "foreign_invested": "是" if kind == "llc" and rng.random() < 0.01 else "否",
            "parent_uscc": parent,
            "status": status,
            "status_since": since,
            "suspended_until": until,
        }

    def status(self, established: dt.date) -> tuple[str, str, str]:
        """Mostly active; older entities are more often revoked or deregistered."""
        rng = self.rng
        closed_share = 0.22 if established.year < 2005 else 0.1 if established.year < 2015 else 0.04
        roll = rng.random()
        if roll >= closed_share + 0.015:
            return "active", "", ""
        if roll < 0.015:
            start = max(established, SUSPENSION_FROM)
            since = start + dt.timedelta(days=rng.randrange(max((LAST_DAY - start).days, 1)))
            until = since + dt.timedelta(days=rng.randint(90, 3 * 365 - 1))
            return "suspended", since.isoformat(), until.isoformat()
        span = max((LAST_DAY - established).days - 365, 1)
        since = min(established + dt.timedelta(days=365 + rng.randrange(span)), LAST_DAY)
        return (rng.choice(("revoked", "deregistered", "deregistered")), since.isoformat(), "")


def demo_rows(*, seed: int, count: int) -> Iterator[dict[str, str]]:
    """``count`` demo entity rows in import format (deterministic for ``seed``)."""
    generator = _Generator(seed)
    for _ in range(count):
        yield generator.row()


def write_demo_csv(path: Path, *, seed: int, count: int) -> None:
    """Stream the demo rows into a CSV file in the import format (docs/registry-import.md)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for row in demo_rows(seed=seed, count=count):
            writer.writerow(row)


def _link_enterprise_user(actor: Actor) -> MarketEntity | None:
    """Let the demo login "enterprise" act for one active company in 涧西区 (企业经办人)."""
    user = User.objects.filter(username="enterprise").first()
    bureau = OrgUnit.objects.filter(code="410305-AMR").first()
    if user is None or bureau is None:
        return None
    entity = (
        MarketEntity.objects.filter(supervisor_path=bureau.path, entity_type="llc", status="active")
        .order_by("id")
        .first()
    )
    if entity is None:
        return None
    with transaction.atomic():
        link, created = EntityRepresentative.objects.get_or_create(
            entity=entity, user=user, defaults={"granted_on": timezone.localdate()}
        )
        if created:
            audit_record(
                actor=actor,
                action="registry.representative.granted",
                obj=link,
                object_type="registry.entityrepresentative",
                after={"entity": entity.pk, "user": user.pk, "granted_on": link.granted_on},
                org_unit_path=entity.supervisor_path,
            )
    return entity


def registry_demo(*, actor: Actor, seed: int, size: str, out: Any) -> dict[str, Any]:
    """Demo step: the industry list, ``SIZES[size]`` entities for 洛阳市, and the enterprise user's entity.

    Does nothing when the register already has entities. The import's "today"
    is at least ``LAST_DAY``, so that the fixed dates of a seed are never
    refused as future dates on a machine whose clock is behind.
    """
    industries = industries_load(actor=actor)
    if MarketEntity.objects.exists():
        return {"entities": MarketEntity.objects.count(), "industries_created": industries["created"]}
    if not OrgUnit.objects.filter(code=CITY_BUREAU).exists():
        out.write("跳过市场主体：缺少洛阳市机构 skipped entities: the Luoyang org units are missing")
        return {"entities": 0}
    count = SIZES[size]
    with tempfile.TemporaryDirectory(prefix="shijian-demo-") as folder:
        source = Path(folder) / f"demo-registry-{seed}-{size}.csv"
        write_demo_csv(source, seed=seed, count=count)
        summary = registry_import(
            actor=actor,
            path=source,
            errors_path=Path(folder) / "errors.csv",
            progress=size != "small",
            today=max(timezone.localdate(), LAST_DAY),
        )
        if summary.rows_failed:
            out.write(
                f"演示数据有 {summary.rows_failed} 行未导入 demo rows not imported: {summary.rows_failed}"
            )
    entity = _link_enterprise_user(actor)
    return {
        "entities": summary.rows_ok,
        "entities_failed": summary.rows_failed,
        "industries_created": industries["created"],
        "enterprise_entity": entity.uscc if entity is not None else None,
        "entities_rows_per_second": round(summary.rows_per_second),
    }
