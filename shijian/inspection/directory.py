"""The entity directory (检查对象名录库): a plan's filters over the registry, split into strata.

Filters (``Plan.directory_filters``, every key optional)::

    {"entity_types": ["llc", ...],        # registry entity types
     "industries": ["F51", "C"],          # industry codes; a code matches itself and its sub-codes
     "divisions": ["410305"],             # division-code prefixes
     "statuses": ["active"],              # registry statuses (default: active only)
     "licence_items": ["JY..."],          # holds a valid, unexpired licence of one of these items
     "abnormal_list": "only" | "exclude", # 经营异常名录 (in force)
     "serious_list": "only" | "exclude",  # 严重违法失信名单 (in force)
     "open_cases": "only" | "exclude",    # an open case lead (targeted checks run there, not at random)
     "risk_classes": ["C", "D"]}          # only these credit-risk classes (U: unclassified)

The directory is always limited to entities supervised within the lead
department's jurisdiction (``supervisor_path`` under ``lead_jurisdiction``:
a section belongs to its bureau, a bureau covers its division, an office
its own subtree - the same rule as an officer's jurisdiction).
The stratum of an entity is its current credit-risk class under the
default model (``A``..``D``), ``U`` when it has none. Entities inspected
within the last ``exclude_inspected_days`` days are left out (无事不扰,
``shijian.inspection.services.freeze._recently_inspected``).

``directory_snapshots`` builds the snapshot files from one query that joins
the class and returns each stratum's codes as one string, so that a million
entities never become a million rows or model objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from shijian.accounts.domain import UnitRef, jurisdiction_root_path
from shijian.accounts.models import OrgUnit
from shijian.accounts.selectors import org_unit_chain
from shijian.cases.models import CaseLead, LeadStatus
from shijian.core.errors import ValidationFailed
from shijian.credit.abnormal.models import AbnormalListing
from shijian.credit.risk.models import EntityRiskClass
from shijian.credit.risk.selectors import DEFAULT_MODEL
from shijian.credit.serious.models import SeriousListing
from shijian.inspection.domain.draw import snapshot_bytes
from shijian.registry.licences.models import Licence
from shijian.registry.models import MarketEntity

__all__ = [
    "DEFAULT_RATIOS",
    "STRATA",
    "UNCLASSIFIED",
    "StratumSnapshot",
    "clean_filters",
    "directory_snapshots",
    "directory_strata",
    "lead_jurisdiction",
]

#: Strata: the credit-risk classes, then the unclassified entities.
STRATA = ("A", "B", "C", "D", "U")
UNCLASSIFIED = "U"
#: Default sampling ratios per class (the issue's A 3%, B 5%, C 20%, D 60%; U like B).
DEFAULT_RATIOS = {"A": "0.03", "B": "0.05", "C": "0.20", "D": "0.60", "U": "0.05"}

_LIST_KEYS = ("entity_types", "industries", "divisions", "statuses", "licence_items", "risk_classes")
_LIST_MODES = ("only", "exclude")


def lead_jurisdiction(lead: OrgUnit) -> str:
    """The path of the subtree whose entities a plan led by ``lead`` may inspect."""
    return jurisdiction_root_path([UnitRef(kind=u.kind, path=u.path) for u in org_unit_chain(lead)])


def clean_filters(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The filters validated (unknown keys, wrong shapes refused) and normalised."""
    cleaned: dict[str, Any] = {}
    for key, value in filters.items():
        if key in _LIST_KEYS:
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ValidationFailed(
                    f"directory_filters.{key}",
                    f"筛选条件 {key} 应为文字列表",
                    f"{key} must be a list of strings",
                )
            cleaned[key] = sorted({v.strip() for v in value})
        elif key in ("abnormal_list", "serious_list", "open_cases"):
            if value not in _LIST_MODES:
                raise ValidationFailed(
                    f"directory_filters.{key}",
                    f"{key} 只能是 only 或 exclude",
                    f"{key} must be only or exclude",
                )
            cleaned[key] = value
        else:
            raise ValidationFailed(
                f"directory_filters.{key}", f"未知的筛选条件 {key}", f"unknown directory filter {key}"
            )
    bad = set(cleaned.get("risk_classes", [])) - set(STRATA)
    if bad:
        raise ValidationFailed(
            "directory_filters.risk_classes",
            f"未知的风险类别 {sorted(bad)}",
            f"unknown classes {sorted(bad)}",
        )
    return cleaned


def _entities(filters: Mapping[str, Any], lead_path: str, today: dt.date) -> QuerySet[MarketEntity]:
    entities = MarketEntity.objects.filter(supervisor_path__startswith=lead_path)
    entities = entities.filter(status__in=filters.get("statuses") or ["active"])
    if filters.get("entity_types"):
        entities = entities.filter(entity_type__in=filters["entity_types"])
    if filters.get("industries"):
        industry = Q(pk__in=[])
        for code in filters["industries"]:
            industry |= Q(industry_id__startswith=code)
        entities = entities.filter(industry)
    if filters.get("divisions"):
        division = Q(pk__in=[])
        for code in filters["divisions"]:
            division |= Q(division_code__startswith=code)
        entities = entities.filter(division)
    if filters.get("licence_items"):
        held = Licence.objects.filter(item__code__in=filters["licence_items"], status="valid").filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )
        entities = entities.filter(pk__in=held.values("entity_id"))
    for key, listings in (
        ("abnormal_list", AbnormalListing.objects.filter(status="listed")),
        ("serious_list", SeriousListing.objects.filter(status="listed")),
        ("open_cases", CaseLead.objects.filter(status=LeadStatus.OPEN)),
    ):
        if filters.get(key) == "only":
            entities = entities.filter(pk__in=listings.values("entity_id"))
        elif filters.get(key) == "exclude":
            entities = entities.exclude(pk__in=listings.values("entity_id"))
    return entities


def directory_strata(
    *,
    filters: Mapping[str, Any],
    lead_path: str,
    today: dt.date,
    exclude_entity_ids: QuerySet[Any] | None = None,
) -> dict[str, list[str]]:
    """The directory's USCCs per stratum (every stratum of ``STRATA``, possibly empty).

    ``exclude_entity_ids`` (a values queryset of entity ids) are left out:
    the entities inspected recently (无事不扰).
    """
    entities = _entities(filters, lead_path, today)
    if exclude_entity_ids is not None:
        entities = entities.exclude(pk__in=exclude_entity_ids)
    classes = dict(
        EntityRiskClass.objects.filter(model_name=DEFAULT_MODEL, entity__in=entities).values_list(
            "entity_id", "risk_class"
        )
    )
    wanted = set(filters.get("risk_classes") or STRATA)
    strata: dict[str, list[str]] = {stratum: [] for stratum in STRATA}
    for entity_id, uscc in entities.values_list("id", "uscc").iterator(chunk_size=5000):
        stratum = classes.get(entity_id, UNCLASSIFIED)
        if stratum in wanted:
            strata[stratum].append(uscc)
    return strata


@dataclass(frozen=True, slots=True)
class StratumSnapshot:
    """One stratum of the directory as its snapshot file: the bytes and the number of entities."""

    stratum_id: str
    size: int
    data: bytes


def directory_snapshots(
    *,
    filters: Mapping[str, Any],
    lead_path: str,
    today: dt.date,
    exclude_entity_ids: QuerySet[Any] | None = None,
) -> dict[str, StratumSnapshot]:
    """The directory's snapshot file per stratum (every stratum of ``STRATA``, possibly empty).

    The same directory as ``directory_strata``, in one query: the entities
    joined to their class and each stratum's USCCs joined by newlines in the
    database (four strings instead of a million rows). The codes are sorted
    here, as UTF-8 bytes: byte order is code-point order, the snapshot's
    order whatever the database's collation, and Python's sort beats the
    database's on a million short strings. The bytes are exactly
    ``snapshot_bytes`` of the stratum (the registry keeps each USCC once).
    """
    if connection.vendor != "postgresql":  # the embedded demo database: the plain way, same bytes
        strata = directory_strata(
            filters=filters, lead_path=lead_path, today=today, exclude_entity_ids=exclude_entity_ids
        )
        return {
            stratum: StratumSnapshot(stratum, len(set(codes)), snapshot_bytes(codes))
            for stratum, codes in strata.items()
        }
    entities = _entities(filters, lead_path, today)
    if exclude_entity_ids is not None:
        entities = entities.exclude(pk__in=exclude_entity_ids)
    inner, params = entities.order_by().values("id", "uscc").query.sql_with_params()
    wanted = sorted(set(filters.get("risk_classes") or STRATA))
    only = "" if set(wanted) == set(STRATA) else "WHERE s.stratum = ANY(%s)"
    with connection.cursor() as cursor:
        # The join hashes a million classes: without room it spills to disk in batches.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(
            f"""
            SELECT s.stratum, string_agg(s.uscc, E'\\n')
            FROM (
                SELECT e.uscc, COALESCE(rc.risk_class, %s) AS stratum
                FROM ({inner}) e
                LEFT JOIN {EntityRiskClass._meta.db_table} rc
                    ON rc.entity_id = e.id AND rc.model_name = %s
            ) s
            {only}
            GROUP BY s.stratum
            """,  # noqa: S608 - the inner query is Django's, values are parameters
            [UNCLASSIFIED, *params, DEFAULT_MODEL, *([wanted] if only else [])],
        )
        rows = cursor.fetchall()
    found = {}
    for stratum, joined in rows:
        codes = joined.encode("utf-8").split(b"\n")
        codes.sort()
        found[stratum] = StratumSnapshot(stratum, len(codes), b"\n".join(codes) + b"\n")
    return {stratum: found.get(stratum, StratumSnapshot(stratum, 0, b"")) for stratum in STRATA}
