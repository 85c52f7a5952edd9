"""Search and matching selectors on PostgreSQL: ranking, normalisation, paging, filters, scope, indexes."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shijian.core.actor import ANONYMOUS
from shijian.core.errors import PermissionDenied, ValidationFailed
from shijian.core.roles import Role
from shijian.registry.domain import EntityStatus, EntityType
from shijian.registry.industries import industries_load
from shijian.registry.models import MarketEntity
from shijian.registry.search import selectors
from shijian.registry.search.domain import MatchTier, prefix_upper_bound, value_grams
from shijian.registry.search.selectors import (
    SearchField,
    SearchFilters,
    SearchPage,
    entity_match,
    entity_search,
    entity_search_export,
)
from shijian.testing.registry import make_entity, next_person, next_uscc
from shijian.testing.world import World

pytestmark = pytest.mark.django_db


def public(query: str, **kwargs: Any) -> SearchPage:
    return entity_search(actor=ANONYMOUS, query=query, public=True, **kwargs)


def hits(page: SearchPage) -> list[tuple[MatchTier, int]]:
    return [(hit.tier, hit.entity.pk) for hit in page.hits]


def individual(world: World, name: str, **kwargs: Any) -> MarketEntity:
    """An individual business (个体工商户): its name need not carry a legal form."""
    scope = kwargs.pop("scope", "in")
    division = "410305" if scope == "in" else "410302"
    return make_entity(
        world,
        scope=scope,
        name=name,
        entity_type=EntityType.INDIVIDUAL_BUSINESS,
        uscc=next_uscc(division, category="92"),
        **kwargs,
    )


def all_pages(query: str, *, limit: int, **kwargs: Any) -> list[tuple[MatchTier, int]]:
    collected: list[tuple[MatchTier, int]] = []
    cursor = None
    for _ in range(100):
        page = public(query, limit=limit, cursor=cursor, **kwargs)
        collected.extend(hits(page))
        assert len(page.hits) <= limit
        cursor = page.next_cursor
        if cursor is None:
            return collected
    raise AssertionError("paging did not end")


# --- ranking and normalisation --------------------------------------------------------------------


def test_ranking_exact_then_prefix_then_substring(world: World) -> None:
    # Created in the reverse of the ranking, so that registration order cannot explain it.
    substring = make_entity(world, name="洛阳市恒达商贸有限公司")
    prefix = make_entity(world, name="恒达商贸有限公司")
    exact = individual(world, "恒达商贸")
    make_entity(world, name="洛阳宏伟机械有限公司")
    page = public("恒达商贸")
    assert hits(page) == [
        (MatchTier.EXACT_NAME, exact.pk),
        (MatchTier.PREFIX, prefix.pk),
        (MatchTier.SUBSTRING, substring.pk),
    ]
    assert page.next_cursor is None and page.indexed


def test_code_ranks_first_and_is_not_listed_twice(world: World) -> None:
    code = next_uscc()
    named_like_code = individual(world, f"{code}商行")
    owner = make_entity(world, uscc=code, name="洛阳牡丹文化传播有限公司")
    # Lower case, full width and spaces are all the same code.
    typed = " " + "".join(chr(ord(ch) + 0xFEE0) for ch in code.lower()) + " "
    assert hits(public(typed)) == [(MatchTier.CODE, owner.pk), (MatchTier.PREFIX, named_like_code.pk)]
    # An entity whose own name holds its code is found once, by the code.
    self_named = individual(world, "临时名称")
    MarketEntity.objects.filter(pk=self_named.pk).update(
        name=f"{self_named.uscc}号档口", name_search=f"{self_named.uscc}号档口"
    )
    assert hits(public(self_named.uscc)) == [(MatchTier.CODE, self_named.pk)]


def test_traditional_and_full_width_input_finds_simplified_names(world: World) -> None:
    group = make_entity(world, name="洛阳恒达（集团）机械有限责任公司")
    latin = make_entity(world, name="洛阳ABC贸易有限公司")
    assert group.name_search == "洛阳恒达(集团)机械有限公司"
    assert hits(public("恆達（集團）")) == [(MatchTier.SUBSTRING, group.pk)]
    assert hits(public("洛陽恆達(集團)機械有限責任公司")) == [(MatchTier.EXACT_NAME, group.pk)]
    assert hits(public("ａｂｃ貿易")) == [(MatchTier.SUBSTRING, latin.pk)]
    assert hits(public("abc 贸易")) == [(MatchTier.SUBSTRING, latin.pk)]


def test_single_character_and_no_match(world: World) -> None:
    one = make_entity(world, name="洛阳鑫源贸易有限公司")
    make_entity(world, name="洛阳恒达贸易有限公司")
    assert hits(public("鑫")) == [(MatchTier.SUBSTRING, one.pk)]
    assert hits(public("不存在的名称")) == []


# --- paging ---------------------------------------------------------------------------------------


@pytest.fixture
def many(world: World) -> list[MarketEntity]:
    """Fourteen entities with 新材 across the tiers, registered in shuffled order, and noise."""
    names = ["新材"] + [f"新材{w}有限公司" for w in ("华", "东", "阿", "博")]
    names += [
        f"洛阳{w}新材料有限公司"
        for w in ("恒达", "宏伟", "鑫源", "博远", "龙腾", "瑞丰", "金石", "正通", "天成")
    ]
    random.Random(7).shuffle(names)
    made = []
    for name in names:
        made.append(individual(world, name) if name == "新材" else make_entity(world, name=name))
        make_entity(world, name=f"洛阳{len(made)}号商贸有限公司")
    return made


def reference(query: str) -> list[tuple[MatchTier, int]]:
    return hits(public(query, limit=100))


def test_reference_order_is_tier_then_name_then_id(many: list[MarketEntity]) -> None:
    ranked = reference("新材")
    by_id = {e.pk: e for e in many}
    assert len(ranked) == len(many)
    assert [t for t, _ in ranked] == [MatchTier.EXACT_NAME] + [MatchTier.PREFIX] * 4 + [
        MatchTier.SUBSTRING
    ] * 9
    prefix_names = [by_id[pk].name_search for t, pk in ranked if t is MatchTier.PREFIX]
    assert prefix_names == sorted(prefix_names)  # code-point order of the normalised name
    substring_ids = [pk for t, pk in ranked if t is MatchTier.SUBSTRING]
    assert substring_ids == sorted(substring_ids)


@pytest.mark.parametrize("window", [selectors.PROBE_WINDOW, 3, 1])
@pytest.mark.parametrize("limit", [1, 3, 5])
def test_pages_continue_without_gaps_or_duplicates(
    many: list[MarketEntity], monkeypatch: pytest.MonkeyPatch, window: int, limit: int
) -> None:
    expected = reference("新材")
    # A small probe window sends the substring tier through the gram index after the window.
    monkeypatch.setattr(selectors, "PROBE_WINDOW", window)
    paged = all_pages("新材", limit=limit)
    assert paged == expected
    assert len({pk for _, pk in paged}) == len(paged)


def test_a_cursor_survives_new_registrations_before_it(many: list[MarketEntity], world: World) -> None:
    first = public("新材", limit=6)
    # A new entity that sorts before the cursor does not shift the next page (keyset, not offset).
    individual(world, "新材")
    second = public("新材", limit=100, cursor=first.next_cursor)
    assert hits(second) == reference("新材")[7:]


def test_bad_cursor_and_long_query_are_refused(world: World) -> None:
    with pytest.raises(ValidationFailed) as caught:
        public("恒达", cursor="garbage")
    assert caught.value.field == "cursor"
    with pytest.raises(ValidationFailed):
        public("恒" * 61)
    # A cursor from a listing by filters does not restart a name search from its first hit.
    make_entity(world, name="洛阳恒达商贸有限公司")
    make_entity(world, name="洛阳恒达机械有限公司")
    browse = public("", limit=1)
    assert browse.next_cursor is not None
    assert public("恒达", cursor=browse.next_cursor).hits == []


# --- the indexes ----------------------------------------------------------------------------------


def test_sql_grams_function_matches_the_python_twin() -> None:
    with connection.cursor() as cursor:
        for value in ("洛阳市恒达商贸有限公司", "a", "", "𠀀𠀁 x(新乡)", "洛阳洛阳"):
            cursor.execute("SELECT shijian_grams(%s)", [value])
            assert set(cursor.fetchone()[0]) == value_grams(value), value


def _plan(queryset: Any) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Fresh statistics: without them the planner's choice between indexes of a tiny table is a coin toss.
        cursor.execute("ANALYZE registry_marketentity")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    return plan


def test_conditions_are_served_by_the_search_indexes(many: list[MarketEntity]) -> None:
    # The expression and collation Django writes must be the indexed ones, or the index is dead weight.
    grams = MarketEntity.objects.filter(selectors._GramsContain("name_search", ["新材", "材料"]))
    assert "registry_entity_name_grams_idx" in _plan(grams)
    address = MarketEntity.objects.filter(selectors._GramsContain("address", ["景华"]))
    assert "registry_entity_address_grams_idx" in _plan(address)
    prefix = (
        MarketEntity.objects.annotate(_nk=selectors._name_key())
        .filter(_nk__gte="新材", _nk__lt=prefix_upper_bound("新材"))
        .order_by("_nk", "id")
        .values_list("id")
    )
    assert "registry_entity_name_c_idx" in _plan(prefix)


def test_the_selector_asks_the_gram_index_after_the_probe_window(
    many: list[MarketEntity], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "PROBE_WINDOW", 2)
    with CaptureQueriesContext(connection) as captured:
        page = public("新材料")
    assert any("shijian_grams" in q["sql"] for q in captured.captured_queries)
    assert len(page.hits) == 9
    monkeypatch.setattr(selectors, "PROBE_WINDOW", 10_000)
    with CaptureQueriesContext(connection) as captured:
        assert hits(public("新材料")) == hits(page)
    # Fewer rows than the window: the walk covers them all and the index is not needed.
    assert not any("shijian_grams" in q["sql"] for q in captured.captured_queries)


# --- filters --------------------------------------------------------------------------------------


def test_filters(world: World, industries: None) -> None:
    home = make_entity(world, name="洛阳恒通机械有限公司", industry_code="34")
    other = make_entity(world, scope="out", name="洛阳恒通贸易有限公司", industry_code="51")
    shop = individual(world, "恒通五金店")
    MarketEntity.objects.filter(pk=shop.pk).update(status=EntityStatus.REVOKED.value)

    def found(query: str = "恒通", **filters: Any) -> set[int]:
        return {pk for _, pk in hits(public(query, filters=SearchFilters(**filters)))}

    assert found() == {home.pk, other.pk, shop.pk}
    assert found(division="410305") == {home.pk, shop.pk}
    assert found(division="410300") == {home.pk, other.pk, shop.pk}  # a prefecture holds its counties
    assert found(division="410000") == {home.pk, other.pk, shop.pk}
    assert found(division="110000") == set()
    assert found(entity_type=EntityType.INDIVIDUAL_BUSINESS) == {shop.pk}
    assert found(status=EntityStatus.REVOKED) == {shop.pk}
    assert found(status=EntityStatus.ACTIVE) == {home.pk, other.pk}
    assert found(industry="C") == {home.pk}  # a section holds its divisions
    assert found(industry="34") == {home.pk}
    assert found(industry="F") == {other.pk}
    # An empty query lists by the filters alone, in registration order.
    assert hits(public("", filters=SearchFilters(division="410305"))) == [
        (MatchTier.OTHER, home.pk),
        (MatchTier.OTHER, shop.pk),
    ]
    with pytest.raises(ValidationFailed):
        found(division="4103")
    with pytest.raises(ValidationFailed):
        found(industry="C'; --")


def test_industry_filter_reaches_groups_and_classes(world: World) -> None:
    industries_load()  # the shipped GB/T 4754-2017 list: sections down to classes
    boiler = make_entity(world, name="洛阳恒通锅炉有限公司", industry_code="3411")  # class, group 341
    machine = make_entity(world, name="洛阳恒通机械有限公司", industry_code="341")  # group of division 34
    general = make_entity(world, name="洛阳恒通通用设备有限公司", industry_code="34")
    software = make_entity(world, name="洛阳恒通软件有限公司", industry_code="6513")  # section I
    trade = make_entity(world, scope="out", name="洛阳恒通贸易有限公司", industry_code="F")

    def found(industry: str) -> set[int]:
        return {pk for _, pk in hits(public("恒通", filters=SearchFilters(industry=industry)))}

    # A section holds its divisions, their groups and their classes.
    assert found("C") == {boiler.pk, machine.pk, general.pk}
    assert found("I") == {software.pk}
    assert found("F") == {trade.pk}  # an entity coded with the section itself
    assert found("A") == set()
    # A division, group or class code holds the codes it begins.
    assert found("34") == {boiler.pk, machine.pk, general.pk}
    assert found("341") == {boiler.pk, machine.pk}
    assert found("3411") == {boiler.pk}
    assert found("65") == found("651") == {software.pk}
    assert found("3412") == found("35") == set()


# --- officers: scope, person, address -------------------------------------------------------------


def test_officer_search_is_scoped(world: World) -> None:
    inside = make_entity(world, name="洛阳恒通商贸有限公司")
    outside = make_entity(world, scope="out", name="洛阳恒通商贸二有限公司")

    def staff(role: Role, **kwargs: Any) -> set[int]:
        page = entity_search(actor=world.actor(role), query="恒通商贸", **kwargs)
        return {hit.entity.pk for hit in page.hits}

    assert staff(Role.OFFICER) == {inside.pk}
    assert staff(Role.BUREAU_HEAD) == {inside.pk}
    assert staff(Role.SYSTEM_ADMIN) == {inside.pk, outside.pk}
    assert {h.entity.pk for h in public("恒通商贸").hits} == {inside.pk, outside.pk}
    for actor in (world.actor(Role.ENTERPRISE), ANONYMOUS):
        with pytest.raises(PermissionDenied):
            entity_search(actor=actor, query="恒通商贸")


def test_officers_search_by_legal_representative(world: World) -> None:
    inside = make_entity(world, responsible=next_person("欧阳娜娜"))
    outside = make_entity(world, scope="out", responsible=next_person("欧阳娜娜"))
    make_entity(world, responsible=next_person("欧阳娜"))
    officer = world.actor(Role.OFFICER)
    page = entity_search(actor=officer, query="歐陽娜娜", by=SearchField.PERSON)  # traditional input
    assert hits(page) == [(MatchTier.OTHER, inside.pk)]
    admin = entity_search(actor=world.actor(Role.SYSTEM_ADMIN), query=" 欧阳娜娜 ", by=SearchField.PERSON)
    assert {pk for _, pk in hits(admin)} == {inside.pk, outside.pk}
    with pytest.raises(PermissionDenied):
        entity_search(actor=ANONYMOUS, query="欧阳娜娜", by=SearchField.PERSON, public=True)


@pytest.mark.parametrize("window", [selectors.PROBE_WINDOW, 1])
def test_officers_search_by_address(world: World, monkeypatch: pytest.MonkeyPatch, window: int) -> None:
    monkeypatch.setattr(selectors, "PROBE_WINDOW", window)
    inside = make_entity(world, address="河南省洛阳市涧西区景华路8号")
    make_entity(world, scope="out", address="河南省洛阳市老城区景华路8号")
    make_entity(world, address="河南省洛阳市涧西区景华路18号院")
    page = entity_search(actor=world.actor(Role.OFFICER), query="景华路８号", by=SearchField.ADDRESS)
    assert hits(page) == [(MatchTier.OTHER, inside.pk)]
    with pytest.raises(PermissionDenied):
        entity_search(actor=ANONYMOUS, query="景华路", by=SearchField.ADDRESS, public=True)


# --- export ---------------------------------------------------------------------------------------


def test_export_is_bounded_and_pages_through(
    many: list[MarketEntity], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "EXPORT_BATCH", 2)
    everything = [h.entity.pk for h in entity_search_export(actor=ANONYMOUS, query="新材", public=True)]
    assert everything == [pk for _, pk in reference("新材")]
    monkeypatch.setattr(selectors, "EXPORT_MAX_ROWS", 5)
    bounded = [h.entity.pk for h in entity_search_export(actor=ANONYMOUS, query="新材", public=True)]
    assert bounded == everything[:5]


# --- matching -------------------------------------------------------------------------------------


def test_match_by_code_comes_first(world: World) -> None:
    target = make_entity(world, name="洛阳牡丹文化传播有限公司")
    make_entity(world, name="洛阳牡丹文化传媒有限公司")
    found = entity_match(actor=world.actor(Role.OFFICER), uscc=target.uscc.lower(), name="牡丹文化")
    assert found[0].entity.pk == target.pk
    assert found[0].result.score == 1.0
    assert found[0].result.reasons[0].code == "code_equal"


def test_match_by_name_variants_and_core(world: World) -> None:
    same = make_entity(world, name="洛阳恒达机械有限责任公司")
    elsewhere = make_entity(world, name="河南恒达机械有限公司", established_on=dt.date(2019, 1, 1))
    make_entity(world, name="洛阳宏伟商贸有限公司")
    found = entity_match(actor=world.actor(Role.OFFICER), name="洛陽恆達機械有限公司", division_code="410305")
    assert [c.entity.pk for c in found] == [same.pk, elsewhere.pk]
    assert [r.code for r in found[0].result.reasons] == ["name_equal", "division_same"]
    assert found[0].result.score == 1.0
    assert found[1].result.reasons[0].code == "name_core_equal"
    assert found[1].result.score < found[0].result.score


def test_match_by_address_only(world: World) -> None:
    target = make_entity(world, address="河南省洛阳市涧西区景华路8号")
    make_entity(world, address="河南省洛阳市涧西区南昌路1号")
    found = entity_match(actor=world.actor(Role.OFFICER), address="洛阳市涧西区景华路８号")
    assert found[0].entity.pk == target.pk
    assert found[0].result.reasons[0].code == "address_similar"
    assert all(c.entity.pk != target.pk for c in found[1:])


def test_match_is_scoped_and_staff_only(world: World) -> None:
    make_entity(world, scope="out", name="洛阳恒达机械有限公司")
    assert entity_match(actor=world.actor(Role.OFFICER), name="洛阳恒达机械有限公司") == []
    assert len(entity_match(actor=world.actor(Role.SYSTEM_ADMIN), name="洛阳恒达机械有限公司")) == 1
    with pytest.raises(PermissionDenied):
        entity_match(actor=world.actor(Role.ENTERPRISE), name="洛阳恒达机械有限公司")
    with pytest.raises(ValidationFailed):
        entity_match(actor=world.actor(Role.OFFICER))
