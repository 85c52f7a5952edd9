"""Benchmark: entity search (市场主体检索) on PostgreSQL against an ``ILIKE '%frag%'`` scan.

A throwaway test database is created and migrated (so the search indexes of
``registry.0002_search_indexes`` exist), then filled with set-based SQL:
1,000,000 entities of one province (河南, so place names repeat as they do
in a provincial register) with names built from word lists - place + trade
name + trade word + legal form, in the shapes of companies, branches,
individual businesses, cooperatives and partnerships, some with full-width
brackets and 有限责任公司 - and 250,000 persons. Indexes are dropped during
the load and rebuilt afterwards, then the tables are VACUUM ANALYZEd.

1,000 fragments of 2-4 characters are cut at random places from random
normalised names. For each, in the same process and alternating:

* the search service: ``entity_search(public=True, query=fragment)`` - one
  full first page (20 hits ranked exact > prefix > substring, the entities
  loaded with their responsible person), and
* the baseline: ``SELECT id, uscc, name FROM registry_marketentity WHERE
  name ILIKE %frag% LIMIT 21`` on the raw name (same page size; it stops
  early when the fragment is frequent).

Before timing, the hits of 100 fragments are checked against a plain scan of
the normalised names (same number of hits up to a page, every hit contains
the fragment, tiers in order). Prints
``BENCH name=search entities=<n> p50_ms=<x> p95_ms=<x> baseline=ilike baseline_p95_ms=<x> ratio=<x>``
(ratio = baseline p95 / search p95).

Then, on the same million entities, the public entity page and API: one
entity in ten gets three change records (变更记录) and one in a thousand
sixty change records and twenty public facts (licences, lifecycle events),
so that the sample holds plain and busy records. For 1,000 random entities,
in turn: ``GET /entities/<uscc>/`` and ``GET /api/v1/public/entities/<uscc>``
through the Django test client (the whole request: URL routing, middleware,
selectors, template or schema, masking), and the baseline, loading the
entity with its responsible person by code with the ORM (the least any page
of an entity must do). Prints
``BENCH name=entity_page entities=<n> p95_ms=<x> api_p95_ms=<x> baseline=orm_get baseline_p95_ms=<x>
ratio=<x>`` (ratio = page p95 / baseline p95: what the page costs beyond
fetching the row). The goal is p95 < 100 ms for both.

Needs PostgreSQL (``DATABASE_URL``), for example
``scripts/with-postgres.sh .venv/bin/python bench/search.py``.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from shijian.accounts import services as account_services  # noqa: E402
from shijian.core.actor import ANONYMOUS, system_actor  # noqa: E402
from shijian.core.identifiers.divisions import Level, all_divisions  # noqa: E402
from shijian.registry.search.domain import MatchTier  # noqa: E402
from shijian.registry.search.selectors import entity_search  # noqa: E402

SEED = 20260601
PROVINCE = "41"  # 河南省: a provincial deployment, so place names repeat a lot (the hard case)

TRADE_CHARS = (
    "恒达华兴盛鑫源泰丰隆昌荣宏伟建明光新中金利顺安和康福祥瑞德天正通海银嘉佳美聚汇诚信博创腾飞龙凤鹏宇"
    "宸辰星晨阳春秋东方远航峰山川河江湖林森松柏竹梅兰菊雅雨云风雷玉石铭豪杰俊英贤仁义礼智忠勤俭宝贵富旺"
    "发成功业基固坚强力威武文化传承启骏驰恩惠合众一品优尚卓越领先锐捷迅速万千百亿鼎益润泽浩瀚广景怡乐欣"
    "悦喜吉庆麟凯旋胜普民生家园居邦盟联友诺维亚欧特斯尔克豫洛牡丹嵩岳黄伊洛神都周汉唐宋元"
)
TRADES = (  # noqa: SIM905 - word lists read better as text
    "商贸 贸易 机械 机械设备 科技 信息技术 网络科技 电子科技 生物科技 环保科技 新能源科技 餐饮管理 食品 建材 "
    "建筑工程 装饰工程 房地产开发 物业管理 农业开发 农业科技 文化传媒 广告 医药 医疗器械 汽车销售 汽车服务 "
    "物流 运输 五金 化工 纺织 服饰 家具 印刷 教育咨询 企业管理咨询 酒店管理 旅游开发 健康管理 实业 投资 "
    "劳务 电气 钢铁 水泥制品 耐火材料 矿业 电力工程 通信工程 供应链管理 人力资源 电子商务 软件 智能科技 "
    "新材料 包装 塑料制品 工贸 园林绿化 市政工程"
).split()
SHOPS = (  # noqa: SIM905
    "五金店 便利店 超市 餐馆 饭店 面馆 小吃店 理发店 美容美发店 服装店 水果店 蔬菜店 烟酒店 副食店 "
    "日用百货店 手机店 电动车行 汽车修理厂 家电维修部 建材经营部 茶叶店 药店 干洗店 粮油店 肉铺 烧烤店 "
    "火锅店 奶茶店 文具店 母婴店 装饰部 门业 养殖场 种植园 加工厂 洗车行 快递服务部 批发部"
).split()
COOPS = "种植 养殖 农机 果蔬 中药材种植 花卉苗木 食用菌 畜牧 水产养殖 粮食种植".split()  # noqa: SIM905
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志峰鹏飞宇浩然子轩欣怡思雨佳琪俊杰"
ROADS = (  # noqa: SIM905
    "中州路 建设路 人民路 解放路 文化路 和平路 胜利路 工业路 南昌路 九都路 开元大道 王城大道 "
    "洛宜路 龙门大道 滨河路 健康路 西苑路 长安路 嵩山路 黄河路"
).split()


def _counties() -> list[tuple[int, str, str, str, str, str]]:
    """(idx, code, county, prefecture, prefecture short, path) for the province's current counties."""
    divisions = all_divisions()
    rows: list[tuple[int, str, str, str, str, str]] = []
    for d in sorted(divisions.values(), key=lambda x: x.code):
        if not (d.current and not d.is_grouping and d.level is Level.COUNTY and d.code.startswith(PROVINCE)):
            continue
        parent = divisions.get(d.parent_code or "")
        while parent is not None and parent.is_grouping:
            parent = divisions.get(parent.parent_code or "")
        pref = d.name if parent is None or parent.level is Level.PROVINCE else parent.name
        short = pref[:-1] if pref.endswith(("市", "县")) and len(pref) > 2 else pref
        path = f"/{PROVINCE}0000/{d.code[:4]}00/{d.code}/{d.code}-AMR/"
        rows.append((len(rows) + 1, d.code, d.name, pref, short, path))
    return rows


def generate(n: int, *, authority_id: int = 1) -> None:
    """Insert ``n`` entities and n/4 persons with set-based SQL (deterministic for one seed)."""
    counties = _counties()
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(0.20260601)")
        cur.execute(
            "CREATE TEMP TABLE bench_county (idx int primary key, code text, county text, pref text,"
            " pref_short text, path text)"
        )
        cur.executemany("INSERT INTO bench_county VALUES (%s, %s, %s, %s, %s, %s)", counties)
        persons = max(n // 4, 10)
        cur.execute(
            """
            INSERT INTO registry_person (id, name, id_type, id_number, phone, created_at)
            SELECT p,
                   substr(%(s)s, 1 + floor(random() * char_length(%(s)s))::int, 1)
                   || substr(%(g)s, 1 + floor(random() * char_length(%(g)s))::int, 1)
                   || CASE WHEN random() < 0.6
                           THEN substr(%(g)s, 1 + floor(random() * char_length(%(g)s))::int, 1)
                           ELSE '' END,
                   'other', 'BENCH' || lpad(p::text, 10, '0'), '', now()
            FROM generate_series(1, %(n)s) AS p
            """,
            {"s": SURNAMES, "g": GIVEN, "n": persons},
        )
        cur.execute("SELECT setval(pg_get_serial_sequence('registry_person', 'id'), %s)", [persons])
        cur.execute(
            """
            WITH g AS MATERIALIZED (
                SELECT x,
                       1 + floor(random() * %(nc)s)::int AS ci,
                       floor(random() * 100)::int AS pv,
                       floor(random() * 100)::int AS tv,
                       substr(%(z)s, 1 + floor(random() * char_length(%(z)s))::int, 1)
                       || substr(%(z)s, 1 + floor(random() * char_length(%(z)s))::int, 1)
                       || CASE WHEN random() < 0.12
                               THEN substr(%(z)s, 1 + floor(random() * char_length(%(z)s))::int, 1)
                               ELSE '' END AS zh,
                       (%(t)s::text[])[1 + floor(random() * cardinality(%(t)s::text[]))::int] AS trade,
                       (%(sh)s::text[])[1 + floor(random() * cardinality(%(sh)s::text[]))::int] AS shop,
                       (%(co)s::text[])[1 + floor(random() * cardinality(%(co)s::text[]))::int] AS coop,
                       (%(r)s::text[])[1 + floor(random() * cardinality(%(r)s::text[]))::int] AS road,
                       1 + floor(random() * 999)::int AS num,
                       random() < 0.3 AS old_form,
                       1 + floor(random() * %(np)s)::int AS person,
                       floor(random() * 100)::int AS sv,
                       date '1995-01-01' + floor(random() * 11000)::int AS est
                FROM generate_series(1, %(n)s) AS x
            ), named AS (
                SELECT g.*, c.code, c.county, c.pref, c.pref_short, c.path,
                       CASE WHEN tv < 52 THEN 'llc' WHEN tv < 56 THEN 'joint_stock'
                            WHEN tv < 86 THEN 'individual' WHEN tv < 90 THEN 'branch'
                            WHEN tv < 94 THEN 'cooperative' WHEN tv < 97 THEN 'partnership'
                            ELSE 'sole_proprietorship' END AS etype,
                       CASE WHEN pv < 45 THEN c.pref WHEN pv < 55 THEN c.pref_short
                            WHEN pv < 65 THEN '河南' WHEN pv < 80 THEN c.pref || c.county
                            ELSE '' END AS place
                FROM g JOIN bench_county c ON c.idx = g.ci
            ), full_name AS (
                SELECT named.*,
                       CASE etype
                         WHEN 'llc' THEN
                           CASE WHEN place = '' AND pv >= 95
                                THEN zh || trade || '（' || pref_short || '）'
                                     || CASE WHEN old_form THEN '有限责任公司' ELSE '有限公司' END
                                ELSE place || zh || trade
                                     || CASE WHEN old_form THEN '有限责任公司' ELSE '有限公司' END END
                         WHEN 'joint_stock' THEN place || zh || trade || '股份有限公司'
                         WHEN 'individual' THEN
                           CASE WHEN pv < 50 THEN county ELSE pref || county END || zh || shop
                         WHEN 'branch' THEN
                           place || zh || trade || '有限公司' || county || '分公司'
                         WHEN 'cooperative' THEN county || zh || coop || '专业合作社'
                         WHEN 'partnership' THEN
                           place || zh || '企业管理咨询中心（有限合伙）'
                         ELSE place || zh || trade || '商行（个人独资）'
                       END AS legal_name
                FROM named
            )
            INSERT INTO registry_marketentity (
                uscc, uscc_flagged, name, name_search, entity_type, foreign_invested,
                responsible_person_id, registered_capital, capital_currency, established_on,
                term_start, term_end, address, division_code, premises_address, business_scope,
                industry_id, registration_authority_id, supervisor_path, parent_entity_id, status,
                status_since, suspended_until, created_at, updated_at)
            SELECT CASE WHEN etype = 'individual' THEN '92' ELSE '91' END || code || lpad(x::text, 10, '0'),
                   false,
                   legal_name,
                   replace(replace(translate(legal_name, '（）', '()'), '有限责任公司', '有限公司'),
                           '(个人独资)', '(个人独资企业)'),
                   etype, false, person,
                   CASE WHEN etype = 'individual' THEN NULL ELSE (num * 10)::numeric END, 'CNY', est,
                   est, NULL,
                   '河南省' || pref || CASE WHEN county = pref THEN '' ELSE county END || road || num || '号',
                   code, '', '一般项目：' || trade || '相关业务', NULL, %(auth)s, path, NULL,
                   CASE WHEN sv < 80 THEN 'active' WHEN sv < 83 THEN 'suspended'
                        WHEN sv < 88 THEN 'revoked' ELSE 'deregistered' END,
                   est, NULL, now(), now()
            FROM full_name
            """,
            {
                "nc": len(counties),
                "z": TRADE_CHARS,
                "t": TRADES,
                "sh": SHOPS,
                "co": COOPS,
                "r": ROADS,
                "np": persons,
                "n": n,
                "auth": authority_id,
            },
        )


def fragments(count: int, rng: random.Random) -> list[str]:
    """``count`` fragments of 2-4 characters cut at random places from the names of random entities."""
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), max(id) FROM registry_marketentity")
        low, high = cur.fetchone()
        ids = [rng.randint(low, high) for _ in range(count * 2)]
        cur.execute("SELECT id, name_search FROM registry_marketentity WHERE id = ANY(%s)", [ids])
        by_id = dict(cur.fetchall())
    out: list[str] = []
    for entity_id in ids:
        name = by_id.get(entity_id)
        size = rng.randint(2, 4)
        if name is None or len(name) < size:
            continue
        start = rng.randint(0, len(name) - size)
        out.append(name[start : start + size])
        if len(out) == count:
            break
    return out


def drop_indexes(tables: tuple[str, ...]) -> list[str]:
    """Drop the tables' indexes that back no constraint; return their definitions to rebuild them."""
    with connection.cursor() as cur:
        cur.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
            WHERE i.indrelid::regclass::text = ANY(%s) AND c.oid IS NULL
            """,
            [list(tables)],
        )
        rows = cur.fetchall()
        for name, _definition in rows:
            cur.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def build_indexes(definitions: list[str], workers: int = 2) -> None:
    """Create indexes, ``workers`` at a time (GIN builds are single-threaded), largest first."""
    pending = sorted(definitions, key=lambda d: ("gin" not in d, d))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work() -> None:
        conn = connections.create_connection("default")
        try:
            with conn.cursor() as cur:
                cur.execute("SET maintenance_work_mem = '512MB'")
                while True:
                    with lock:
                        if not pending or errors:
                            return
                        statement = pending.pop(0)
                    cur.execute(statement)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def search_ms(fragment: str) -> float:
    """Wall time of one first page from the search service, in milliseconds."""
    began = time.perf_counter()
    entity_search(actor=ANONYMOUS, query=fragment, public=True)
    return (time.perf_counter() - began) * 1000


def baseline_ms(fragment: str) -> float:
    """Wall time of the naive scan for the same page size, in milliseconds."""
    began = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, uscc, name FROM registry_marketentity WHERE name ILIKE %s LIMIT 21",
            ["%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"],
        )
        cur.fetchall()
    return (time.perf_counter() - began) * 1000


def check(sample: list[str]) -> None:
    """The service's first page agrees with a plain scan of the normalised names; exit 1 if not."""
    for fragment in sample:
        page = entity_search(actor=ANONYMOUS, query=fragment, public=True)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM (SELECT 1 FROM registry_marketentity"
                " WHERE strpos(name_search, %s) > 0 LIMIT 21) AS s",
                [fragment],
            )
            (expected,) = cur.fetchone()
        tiers = [hit.tier for hit in page.hits]
        problems = []
        if len(page.hits) != min(expected, 20):
            problems.append(f"{len(page.hits)} hits, the scan finds {expected}")
        if (expected > 20) != (page.next_cursor is not None):
            problems.append("next_cursor disagrees with the scan")
        if any(fragment not in hit.entity.name_search for hit in page.hits):
            problems.append("a hit does not contain the fragment")
        if tiers != sorted(tiers) or any(
            t not in (MatchTier.EXACT_NAME, MatchTier.PREFIX, MatchTier.SUBSTRING) for t in tiers
        ):
            problems.append(f"tiers out of order: {tiers}")
        if problems:
            sys.stderr.write(f"bench search: fragment {fragment!r}: {'; '.join(problems)}\n")
            sys.exit(1)


def add_records(n: int) -> None:
    """Change records for one entity in ten (3) and one in a thousand (60, plus 20 public facts)."""
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO registry_entitychange
                (entity_id, item, before, after, changed_on, document_number, public, created_at)
            SELECT e, '住所 registered address', '河南省某地旧址' || k, '河南省某地新址' || k,
                   date '2020-01-01' + k * 30, '', true, now()
            FROM generate_series(10, %(n)s, 10) AS e,
                 generate_series(1, CASE WHEN e %% 1000 = 0 THEN 60 ELSE 3 END) AS k
            """,
            {"n": n},
        )
        cur.execute(
            """
            INSERT INTO registry_publicfact
                (entity_id, kind, title, body, source_department, document_number, decided_on,
                 published_on, public_until, withdrawn_on, withdrawn_reason, source_type, source_id,
                 created_at)
            SELECT e, CASE WHEN k %% 2 = 0 THEN 'registry.licence' ELSE 'registry.lifecycle' END,
                   '食品经营许可 第' || k || '号',
                   jsonb_build_object('licence_number', 'JY' || lpad((e * 100 + k)::text, 14, '0'),
                                      'scope', '预包装食品销售'),
                   '河南省市场监督管理局', '豫市监许〔2024〕' || k || '号',
                   date '2024-01-01' + k, date '2024-01-01' + k, NULL, NULL, '', '', '', now()
            FROM generate_series(1000, %(n)s, 1000) AS e, generate_series(1, 20) AS k
            """,
            {"n": n},
        )
        cur.execute("ANALYZE registry_entitychange")
        cur.execute("ANALYZE registry_publicfact")


def entity_pages(n: int, count: int, rng: random.Random) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds per page, per API answer and per baseline ORM load for ``count`` random entities."""
    from shijian.registry.models import MarketEntity

    picks = [rng.randint(1, n) for _ in range(count)]
    # Every thousandth entity is a busy one; make sure the sample holds some.
    picks[: count // 50] = [1000 * rng.randint(1, max(n // 1000, 1)) for _ in range(count // 50)]
    codes = dict(MarketEntity.objects.filter(pk__in=picks).values_list("pk", "uscc"))
    client = Client()  # the host it sends is allowed by override_settings in main()
    pages: list[float] = []
    answers: list[float] = []
    loads: list[float] = []
    for index, pk in enumerate(picks):
        uscc = codes[pk]
        began = time.perf_counter()
        page = client.get(f"/entities/{uscc}/")
        middle = time.perf_counter()
        answer = client.get(f"/api/v1/public/entities/{uscc}")
        after = time.perf_counter()
        MarketEntity.objects.select_related("responsible_person").get(uscc=uscc)
        done = time.perf_counter()
        if page.status_code != 200 or answer.status_code != 200 or uscc not in page.content.decode():
            sys.stderr.write(f"bench entity_page: {uscc}: {page.status_code} / {answer.status_code}\n")
            sys.exit(1)
        if index >= 20:  # the first requests warm caches and URL resolvers
            pages.append((middle - began) * 1000)
            answers.append((after - middle) * 1000)
            loads.append((done - after) * 1000)
    return pages, answers, loads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--fragments", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.stderr.write("bench search: needs PostgreSQL; run it under scripts/with-postgres.sh\n")
        sys.exit(2)

    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    log = sys.stderr.write
    began = time.perf_counter()
    creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        unit = account_services.org_unit_create(
            actor=system_actor("bench"), code="410000", name="河南省", kind="province", division_code="410000"
        )
        definitions = drop_indexes(("registry_marketentity", "registry_person"))
        generate(args.entities, authority_id=unit.pk)
        log(f"bench search: {args.entities} entities loaded in {time.perf_counter() - began:.0f} s\n")
        build_indexes(definitions)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE registry_marketentity")
            cur.execute("VACUUM ANALYZE registry_person")
        log(f"bench search: indexed and analysed at {time.perf_counter() - began:.0f} s\n")

        rng = random.Random(SEED)
        sample = fragments(args.fragments + 20, rng)
        warm, timed = sample[:20], sample[20:]
        check(timed[:100])
        for fragment in warm:
            search_ms(fragment)
            baseline_ms(fragment)
        ours: list[float] = []
        theirs: list[float] = []
        for index, fragment in enumerate(timed):
            # Alternate which goes first so that neither always finds the warmer cache.
            if index % 2:
                theirs.append(baseline_ms(fragment))
                ours.append(search_ms(fragment))
            else:
                ours.append(search_ms(fragment))
                theirs.append(baseline_ms(fragment))
        log(f"bench search: timed at {time.perf_counter() - began:.0f} s\n")
        add_records(args.entities)
        # Not setup_test_environment(): it would also instrument template rendering.
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            pages, answers, loads = entity_pages(args.entities, args.pages + 20, rng)
        log(f"bench entity_page: timed at {time.perf_counter() - began:.0f} s\n")
    finally:
        connection.close()
        creation.destroy_test_db(old_name, verbosity=0)

    p50, p95 = percentile(ours, 0.50), percentile(ours, 0.95)
    base95 = percentile(theirs, 0.95)
    print(
        f"BENCH name=search entities={args.entities} p50_ms={p50:.2f} p95_ms={p95:.2f} "
        f"baseline=ilike baseline_p95_ms={base95:.2f} ratio={base95 / p95:.1f}"
    )
    page95, api95, load95 = percentile(pages, 0.95), percentile(answers, 0.95), percentile(loads, 0.95)
    print(
        f"BENCH name=entity_page entities={args.entities} p95_ms={page95:.2f} api_p95_ms={api95:.2f} "
        f"baseline=orm_get baseline_p95_ms={load95:.2f} ratio={page95 / load95:.1f}"
    )


if __name__ == "__main__":
    main()
