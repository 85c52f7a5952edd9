"""The set-based engine of the monthly run (PostgreSQL): a few statements per chunk of entity ids.

Per chunk ``[lo, hi]`` in one transaction:

1. ``EntityFeatures`` rows of the range are rebuilt by one ``INSERT ... SELECT``
   (facts in force, change records, annual reports, related-party links and
   the industry table joined as grouped sub-queries, never per entity);
2. the model scores them into a temporary table (scorecard: a ``CASE`` per
   feature gives the bin, an array literal its points; deduction: window
   functions over the facts);
3. a history row is inserted where the class differs from the current one,
   the current class is upserted, and classes of entities no longer
   classified (closed) are removed.

``features_compute``/``scorecard_score``/``deduction_score`` are the Python
twins; the SQL is generated from the same definition and windows, so the two
agree (tests compare them entity by entity).
"""

# The SQL is assembled from fixed fragments, catalogue column names and integers taken from a parsed
# definition; every value (dates, kinds, labels, bin values) is a bound parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from shijian.credit.risk.domain import DeductionModel, FeatureWindows, Scorecard, months_before
from shijian.credit.risk.domain.features import FeatureKind, list_prefix
from shijian.registry.domain import CLOSED_STATUSES

CLOSED = [s.value for s in CLOSED_STATUSES]

IN_FORCE = (
    "f.relation <> 'revokes' AND NOT EXISTS (SELECT 1 FROM credit_creditfact s WHERE s.supersedes_id = f.id)"
)


def listings_sql(where: str) -> str:
    """Active listings per entity: per list (kind prefix), listing facts minus removals (``*.removed``).

    Mirrors ``domain.features.active_listings``; ``where`` narrows the facts (alias ``f``).
    """
    return f"""
    SELECT p.entity_id, sum(GREATEST(0, p.listed - p.removed))::int AS lists,
           sum(CASE WHEN p.prefix = ANY(%(serious_prefixes)s) THEN GREATEST(0, p.listed - p.removed)
                    ELSE 0 END)::int AS serious
    FROM (
        SELECT f.entity_id, regexp_replace(f.kind, '\\.[^.]*$', '') AS prefix,
               count(*) FILTER (WHERE right(f.kind, %(rm_len)s) <> %(rm)s) AS listed,
               count(*) FILTER (WHERE right(f.kind, %(rm_len)s) = %(rm)s) AS removed
        FROM credit_creditfact f
        WHERE f.category = %(list_cat)s AND f.decided_on <= %(as_of)s AND {IN_FORCE} AND {where}
        GROUP BY 1, 2
    ) AS p
    GROUP BY p.entity_id
    """


LISTED_SQL = f"""
DROP TABLE IF EXISTS risk_listed;
CREATE TEMP TABLE risk_listed AS
SELECT e.id AS entity_id, e.responsible_person_id AS person_id, e.address
FROM ({listings_sql("TRUE")}) AS l JOIN registry_marketentity e ON e.id = l.entity_id
WHERE l.lists > 0;
CREATE INDEX ON risk_listed (person_id);
CREATE INDEX ON risk_listed (address);
ANALYZE risk_listed;
"""

FEATURES_SQL = f"""
DELETE FROM credit_risk_entityfeatures WHERE entity_id BETWEEN %(lo)s AND %(hi)s;
INSERT INTO credit_risk_entityfeatures (
    entity_id, as_of, entity_type, age_years, registered_capital, industry_risk, status,
    reports_late, reports_missing, status_changes, key_changes, lists_in_force, serious_listed,
    penalties, penalties_serious, penalty_months, inspections_problem, sampling_failed,
    related_listed, complaints_per_size)
WITH ent AS MATERIALIZED (
    SELECT e.id, e.entity_type, e.established_on, floor(e.registered_capital)::bigint AS capital,
           e.industry_id, e.status, e.responsible_person_id, e.address
    FROM registry_marketentity e
    WHERE e.id BETWEEN %(lo)s AND %(hi)s AND e.status <> ALL(%(closed)s) AND e.established_on <= %(as_of)s
), facts AS (
    SELECT f.entity_id,
           count(*) FILTER (WHERE f.category = %(pen_cat)s AND f.decided_on > %(since_sup)s) AS penalties,
           count(*) FILTER (WHERE f.category = %(pen_cat)s AND f.decided_on > %(since_sup)s
                            AND f.severity = 'serious') AS penalties_serious,
           max(f.decided_on) FILTER (WHERE f.category = %(pen_cat)s) AS last_penalty,
           count(*) FILTER (WHERE f.kind = %(insp)s AND f.decided_on > %(since_sup)s) AS inspections,
           count(*) FILTER (WHERE f.kind = %(insp)s AND f.decided_on > %(since_sup)s
                            AND f.body -> 'problem_found' = 'true'::jsonb) AS problems,
           count(*) FILTER (WHERE f.kind = %(samp)s AND f.decided_on > %(since_sup)s) AS sampled,
           count(*) FILTER (WHERE f.kind = %(compl)s AND f.decided_on > %(since_compl)s) AS complaints
    FROM credit_creditfact f
    WHERE f.entity_id BETWEEN %(lo)s AND %(hi)s AND f.decided_on <= %(as_of)s AND {IN_FORCE}
    GROUP BY f.entity_id
), lst AS (
    {listings_sql("f.entity_id BETWEEN %(lo)s AND %(hi)s")}
), changes AS (
    SELECT c.entity_id,
           count(*) FILTER (WHERE c.item = ANY(%(status_items)s)) AS status_changes,
           count(*) FILTER (WHERE c.item = ANY(%(key_items)s)) AS key_changes
    FROM registry_entitychange c
    WHERE c.entity_id BETWEEN %(lo)s AND %(hi)s AND c.changed_on > %(since_changes)s
          AND c.changed_on <= %(as_of)s
    GROUP BY c.entity_id
), reports AS (
    SELECT r.entity_id, count(*) AS filed, count(*) FILTER (WHERE r.late) AS late
    FROM registry_reports_annualreport r
    WHERE r.entity_id BETWEEN %(lo)s AND %(hi)s AND r.report_year BETWEEN %(first_year)s AND %(last_due)s
          AND r.filed_on <= %(as_of)s
    GROUP BY r.entity_id
), related AS (
    SELECT x.id, count(DISTINCT x.other) AS n FROM (
        SELECT ent.id, l.entity_id AS other
        FROM ent JOIN risk_listed l ON l.person_id = ent.responsible_person_id AND l.entity_id <> ent.id
        UNION ALL
        SELECT ent.id, l.entity_id
        FROM ent JOIN risk_listed l ON l.address = ent.address AND l.entity_id <> ent.id
    ) AS x GROUP BY x.id
)
SELECT ent.id, %(as_of)s, ent.entity_type,
       extract(year FROM age(%(as_of)s::date, ent.established_on))::int,
       ent.capital,
       CASE WHEN ent.industry_id IS NULL THEN NULL ELSE COALESCE(rd.level, rs.level, 'general') END,
       ent.status,
       CASE WHEN %(last_due)s::int IS NULL THEN NULL ELSE COALESCE(rep.late, 0) END,
       CASE WHEN %(last_due)s::int IS NULL THEN NULL ELSE GREATEST(0,
           GREATEST(0, %(last_due)s::int
                       - GREATEST(%(first_year)s::int, extract(year FROM ent.established_on)::int) + 1)
           - COALESCE(rep.filed, 0)) END,
       COALESCE(ch.status_changes, 0), COALESCE(ch.key_changes, 0),
       COALESCE(ls.lists, 0), COALESCE(ls.serious, 0),
       COALESCE(fa.penalties, 0), COALESCE(fa.penalties_serious, 0),
       CASE WHEN fa.last_penalty IS NULL THEN NULL ELSE
           (extract(year FROM %(as_of)s::date) - extract(year FROM fa.last_penalty))::int * 12
           + (extract(month FROM %(as_of)s::date) - extract(month FROM fa.last_penalty))::int END,
       CASE WHEN COALESCE(fa.inspections, 0) = 0 THEN NULL ELSE fa.problems END,
       COALESCE(fa.sampled, 0), COALESCE(rel.n, 0),
       COALESCE(fa.complaints, 0) / CASE WHEN ent.capital IS NULL OR ent.capital < 100 THEN 1
                                         WHEN ent.capital < 1000 THEN 2
                                         WHEN ent.capital < 10000 THEN 5 ELSE 10 END
FROM ent
LEFT JOIN facts fa ON fa.entity_id = ent.id
LEFT JOIN lst ls ON ls.entity_id = ent.id
LEFT JOIN changes ch ON ch.entity_id = ent.id
LEFT JOIN reports rep ON rep.entity_id = ent.id
LEFT JOIN related rel ON rel.id = ent.id
LEFT JOIN credit_risk_industryrisk rd ON rd.code = left(ent.industry_id, 2)
LEFT JOIN registry_industry di ON di.code = left(ent.industry_id, 2)
LEFT JOIN credit_risk_industryrisk rs ON rs.code = di.parent_id;
"""

STORE_SQL = """
INSERT INTO credit_risk_riskclasshistory
    (entity_id, model_name, score_model_id, risk_class, previous_class, score, as_of, run_id, created_at)
SELECT c.entity_id, %(name)s, %(model_id)s, c.risk_class, COALESCE(cur.risk_class, ''), c.score,
       %(as_of)s, %(run)s, now()
FROM risk_chunk c
LEFT JOIN credit_risk_entityriskclass cur ON cur.model_name = %(name)s AND cur.entity_id = c.entity_id
WHERE cur.risk_class IS DISTINCT FROM c.risk_class;
INSERT INTO credit_risk_entityriskclass
    (entity_id, model_name, score_model_id, risk_class, score, bins, override, as_of, run_id, updated_at)
SELECT entity_id, %(name)s, %(model_id)s, risk_class, score, to_jsonb(bins), override, %(as_of)s, %(run)s,
       now()
FROM risk_chunk
ON CONFLICT (model_name, entity_id) DO UPDATE SET
    score_model_id = EXCLUDED.score_model_id, risk_class = EXCLUDED.risk_class, score = EXCLUDED.score,
    bins = EXCLUDED.bins, override = EXCLUDED.override, as_of = EXCLUDED.as_of, run_id = EXCLUDED.run_id,
    updated_at = EXCLUDED.updated_at;
DELETE FROM credit_risk_entityriskclass cur
USING registry_marketentity e
WHERE e.id = cur.entity_id AND cur.model_name = %(name)s AND cur.entity_id BETWEEN %(lo)s AND %(hi)s
      AND (e.status = ANY(%(closed)s) OR e.established_on > %(as_of)s);
"""


def feature_params(
    *, lo: int, hi: int, as_of: dt.date, windows: FeatureWindows, last_due_year: int | None
) -> dict[str, Any]:
    """The parameters of ``FEATURES_SQL`` (cut-off dates computed once, as the Python twin does)."""
    w = windows
    return {
        "lo": lo,
        "hi": hi,
        "as_of": as_of,
        "closed": CLOSED,
        "list_cat": w.list_category,
        "pen_cat": w.penalty_category,
        "serious_prefixes": sorted({list_prefix(k) for k in w.serious_list_kinds}),
        "rm": w.list_removal_suffix,
        "rm_len": len(w.list_removal_suffix),
        "insp": w.inspection_kind,
        "samp": w.sampling_kind,
        "compl": w.complaint_kind,
        "since_sup": months_before(as_of, w.supervision_months),
        "since_compl": months_before(as_of, w.complaints_months),
        "since_changes": months_before(as_of, w.changes_months),
        "status_items": list(w.status_change_items),
        "key_items": list(w.key_change_items),
        "last_due": last_due_year,
        "first_year": None if last_due_year is None else last_due_year - w.report_years + 1,
    }


def listed_prepare(*, as_of: dt.date, windows: FeatureWindows) -> None:
    """Build the session's table of listed entities (person, address) for the related-party feature."""
    with connection.cursor() as cur:
        params = feature_params(lo=0, hi=0, as_of=as_of, windows=windows, last_due_year=None)
        cur.execute(LISTED_SQL, params)


def _scorecard_select(card: Scorecard, params: dict[str, Any]) -> str:
    """``SELECT entity_id, bins, score, risk_class, override`` of the scorecard over the chunk's features."""
    bin_cases = []
    points = []
    for feature in card.features:
        col = f'"{feature.name}"'  # a name of the fixed catalogue, never user text
        whens = []
        for index, b in enumerate(feature.bins, start=1):
            if feature.kind is FeatureKind.INT:
                conds = []
                if b.low is not None:
                    conds.append(f"{col} >= {_param(params, b.low)}")
                if b.high is not None:
                    conds.append(f"{col} <= {_param(params, b.high)}")
                cond = " AND ".join(conds) or "TRUE"
            elif b.other:
                cond = "TRUE"
            else:
                cond = f"{col}::text = ANY({_param(params, list(b.values))})"
            whens.append(f"WHEN {cond} THEN {index}")
        bin_cases.append(f"CASE WHEN {col} IS NULL THEN 0 {' '.join(whens)} ELSE 0 END")
        points.append("ARRAY[" + ",".join(str(int(p)) for p in feature.points) + "]::int[]")
    score = " + ".join(f"({p})[bins[{i + 1}] + 1]" for i, p in enumerate(points)) or "0"
    maxima = [m for _, m in card.thresholds[:-1]]
    score_rank = (
        "CASE "
        + " ".join(f"WHEN score <= {int(m or 0)} THEN {i + 1}" for i, m in enumerate(maxima))
        + " ELSE 4 END"
    )
    override_cols = []
    for i, o in enumerate(card.overrides):
        override_cols.append(
            f'CASE WHEN "{o.feature}" >= {int(o.minimum)} '
            f"THEN {'ABCD'.index(o.risk_class) + 1} ELSE 0 END AS o{i}"
        )
    ranks = ", ".join(["score_rank", *(f"o{i}" for i in range(len(card.overrides)))])
    rank = f"GREATEST({ranks})" if card.overrides else "score_rank"
    which = " ".join(f"WHEN o{i} = {rank} THEN '{o.feature}'" for i, o in enumerate(card.overrides))
    override = f"CASE WHEN {rank} > score_rank THEN CASE {which} END ELSE '' END" if card.overrides else "''"
    return f"""
    WITH b AS MATERIALIZED (
        SELECT entity_id, ARRAY[{", ".join(bin_cases) or "0"}]::int[] AS bins
               {"".join(", " + c for c in override_cols)}
        FROM credit_risk_entityfeatures WHERE entity_id BETWEEN %(lo)s AND %(hi)s
    ), s AS MATERIALIZED (SELECT b.*, {score} AS score FROM b),
    r AS (SELECT s.*, {score_rank} AS score_rank FROM s)
    SELECT entity_id, bins, score, (ARRAY['A','B','C','D'])[{rank}] AS risk_class, {override} AS override
    FROM r
    """


def _deduction_select(model: DeductionModel, params: dict[str, Any]) -> str:
    """``SELECT entity_id, bins, score, risk_class, override`` of a deduction model over the chunk's facts."""
    rule_cases = []
    for index, rule in enumerate(model.rules, start=1):
        conds = []
        for column, values in (
            ("kind", rule.kinds),
            ("category", rule.categories),
            ("severity", rule.severities),
        ):
            if values:
                conds.append(f"f.{column} = ANY({_param(params, list(values))})")
        rule_cases.append(f"WHEN {' AND '.join(conds) or 'TRUE'} THEN {index}")
    points = (
        "ARRAY[" + ",".join(str(r.points) for r in model.rules) + "]::int[]" if model.rules else "ARRAY[0]"
    )
    dishonesty = _param(params, sorted({list_prefix(k) for k in model.dishonesty_kinds}))
    totals = ", ".join(
        f"COALESCE(sum(d.total) FILTER (WHERE d.rule = {i}), 0)" for i in range(1, len(model.rules) + 1)
    )
    grades = " ".join(
        f"WHEN score >= {int(low or 0)} THEN {i + 1}" for i, (_c, low) in enumerate(model.grades[:-1])
    )
    limit = model.dishonesty_serious_violations
    serious = f"OR COALESCE(agg.serious, 0) >= {int(limit)}" if limit is not None else ""
    return f"""
    WITH ent AS (
        SELECT e.id FROM registry_marketentity e
        WHERE e.id BETWEEN %(lo)s AND %(hi)s AND e.status <> ALL(%(closed)s) AND e.established_on <= %(as_of)s
    ), f AS (
        SELECT f.id, f.entity_id, f.kind, f.category, f.severity, f.decided_on,
               COALESCE(f.body -> 'intent' = 'true'::jsonb, false) AS intent
        FROM credit_creditfact f
        WHERE f.entity_id BETWEEN %(lo)s AND %(hi)s AND f.decided_on <= %(as_of)s AND {IN_FORCE}
    ), v AS (
        SELECT f.*, CASE {" ".join(rule_cases) or "WHEN FALSE THEN 0"} END AS rule
        FROM f WHERE f.decided_on > %(since)s
    ), n AS (
        SELECT v.*, row_number() OVER (PARTITION BY v.entity_id, v.rule ORDER BY v.decided_on, v.id) AS nth
        FROM v WHERE v.rule IS NOT NULL
    ), d AS (
        SELECT n.entity_id, n.rule,
               sum(({points})[n.rule] * CASE WHEN n.intent THEN %(intent)s ELSE 100 END / 100
                   * CASE WHEN n.nth > 1 THEN %(repeat)s ELSE 100 END / 100) AS total,
               count(*) FILTER (WHERE n.severity = 'serious') AS serious
        FROM n GROUP BY n.entity_id, n.rule
    ), agg AS (
        SELECT d.entity_id, ARRAY[{totals or "0"}]::int[] AS bins, sum(d.total) AS deducted,
               sum(d.serious) AS serious
        FROM d GROUP BY d.entity_id
    ), dis AS (
        SELECT p.entity_id FROM (
            SELECT f.entity_id, regexp_replace(f.kind, '\\.[^.]*$', '') AS prefix,
                   count(*) FILTER (WHERE right(f.kind, %(rm_len)s) <> %(rm)s)
                   - count(*) FILTER (WHERE right(f.kind, %(rm_len)s) = %(rm)s) AS active
            FROM f WHERE f.category = %(list_cat)s GROUP BY 1, 2
        ) AS p WHERE p.prefix = ANY({dishonesty}) GROUP BY p.entity_id HAVING max(p.active) > 0
    ),
    s AS (
        SELECT ent.id AS entity_id,
               COALESCE(agg.bins, array_fill(0, ARRAY[{len(model.rules)}]))::int[] AS bins,
               GREATEST(0, %(start)s - COALESCE(agg.deducted, 0))::int AS score,
               (dis.entity_id IS NOT NULL {serious}) AS dishonest
        FROM ent LEFT JOIN agg ON agg.entity_id = ent.id LEFT JOIN dis ON dis.entity_id = ent.id
    )
    SELECT entity_id, bins, score,
           CASE WHEN dishonest THEN 'D'
                ELSE (ARRAY['A','B','C','D'])[CASE {grades} ELSE 4 END] END AS risk_class,
           CASE WHEN dishonest THEN 'serious_dishonesty' ELSE '' END AS override
    FROM s
    """


def _param(params: dict[str, Any], value: Any) -> str:
    """Add a generated named parameter and return its placeholder."""
    name = f"p{len(params)}"
    params[name] = value
    return f"%({name})s"


def chunk_run(
    *,
    lo: int,
    hi: int,
    as_of: dt.date,
    windows: FeatureWindows,
    last_due_year: int | None,
    model: Scorecard | DeductionModel,
    model_name: str,
    model_id: int,
    run_id: int,
) -> tuple[int, int]:
    """Classify the entities with ids in ``[lo, hi]``; returns (classified, classes changed).

    Call inside a transaction, after ``listed_prepare`` in the same session.
    """
    named: dict[str, Any] = {
        **feature_params(lo=lo, hi=hi, as_of=as_of, windows=windows, last_due_year=last_due_year),
        "name": model_name,
        "model_id": model_id,
        "run": run_id,
    }
    generated: dict[str, Any] = {}
    if isinstance(model, DeductionModel):
        select = _deduction_select(model, generated)
        named.update(
            since=months_before(as_of, model.window_months),
            intent=model.intent_percent,
            repeat=model.repeat_percent,
            start=model.start,
        )
    else:
        select = _scorecard_select(model, generated)
    named.update(generated)  # generated names (p0, p1 …) never clash with the fixed ones
    with connection.cursor() as cur:
        # The grouped sub-queries make the planner's row estimates huge; JIT compilation would then
        # cost more than the chunk itself (about a second per statement).
        cur.execute("SET LOCAL jit = off")
        if isinstance(model, Scorecard):
            cur.execute(FEATURES_SQL, named)
        cur.execute("DROP TABLE IF EXISTS risk_chunk")
        cur.execute(f"CREATE TEMP TABLE risk_chunk AS {select}", named)
        cur.execute("ANALYZE risk_chunk")  # so that the anti-join below is hashed, not nested
        cur.execute("SELECT count(*) FROM risk_chunk")
        (classified,) = cur.fetchone()
        history, upsert, remove = (q for q in STORE_SQL.split(";") if q.strip())
        cur.execute(history, named)
        changed = cur.rowcount
        cur.execute(upsert, named)
        cur.execute(remove, named)
        cur.execute("DROP TABLE risk_chunk")
    return int(classified), int(changed)
