"""Pure rules of inspection results: findings per checklist point, content hashes, notice numbers.

No Django: the services validate with these and turn the problems into
field-named errors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "OUTCOMES",
    "Finding",
    "FindingProblem",
    "findings_clean",
    "result_content_sha256",
    "result_notice_number",
]

#: A checklist point's outcome: complies, a problem found, not applicable (未涉及).
OUTCOMES = {
    "ok": ("符合", "complies"),
    "problem": ("不符合", "problem found"),
    "na": ("不涉及", "not applicable"),
}
NOTE_MAX = 2000


@dataclass(frozen=True, slots=True)
class Finding:
    """The outcome of one checklist point of one item."""

    item: str
    point: str
    outcome: str
    note: str

    def as_dict(self) -> dict[str, str]:
        """The stored shape."""
        return {"item": self.item, "point": self.point, "outcome": self.outcome, "note": self.note}


@dataclass(frozen=True, slots=True)
class FindingProblem:
    """Why the findings cannot be stored: the offending index (or None) and the reason in zh and en."""

    index: int | None
    message_zh: str
    message_en: str


def findings_clean(
    points: Sequence[tuple[str, str]], findings: Sequence[Mapping[str, Any]]
) -> tuple[list[Finding], list[FindingProblem]]:
    """Check the findings against the plan's checklist: every point once, a known outcome, a bounded note.

    ``points`` are ``(item code, point text)`` in checklist order; the cleaned
    findings come back in that order. A "problem" outcome needs a note saying
    what was found (it is what the follow-up will act on).
    """
    wanted = {p: n for n, p in enumerate(points)}
    seen: dict[tuple[str, str], Finding] = {}
    problems: list[FindingProblem] = []
    for index, raw in enumerate(findings):
        item = str(raw.get("item", "")).strip()
        point = str(raw.get("point", "")).strip()
        outcome = str(raw.get("outcome", "")).strip()
        note = str(raw.get("note", "") or "").strip()
        key = (item, point)
        if key not in wanted:
            problems.append(
                FindingProblem(
                    index,
                    f"检查要点“{point}”不在本计划的检查事项中",
                    f"point {point!r} is not on the plan's checklist",
                )
            )
            continue
        if key in seen:
            problems.append(FindingProblem(index, f"检查要点“{point}”重复", f"point {point!r} appears twice"))
            continue
        if outcome not in OUTCOMES:
            problems.append(
                FindingProblem(
                    index, "检查结论应为符合、不符合或不涉及", "the outcome must be ok, problem or na"
                )
            )
            continue
        if len(note) > NOTE_MAX:
            problems.append(
                FindingProblem(
                    index, f"说明不超过{NOTE_MAX}字", f"the note is longer than {NOTE_MAX} characters"
                )
            )
            continue
        if outcome == "problem" and not note:
            problems.append(
                FindingProblem(
                    index, "不符合的检查要点须写明发现的问题", "say what was found at a failed point"
                )
            )
            continue
        seen[key] = Finding(item, point, outcome, note)
    missing = [p for p in points if p not in seen]
    if missing and not problems:
        item, point = missing[0]
        problems.append(
            FindingProblem(
                None,
                f"检查要点“{point}”未填写结论（共{len(missing)}项未填）",
                f"point {point!r} has no outcome ({len(missing)} missing)",
            )
        )
    ordered = sorted(seen.values(), key=lambda f: wanted[(f.item, f.point)])
    return ordered, problems


def result_content_sha256(
    *,
    category: str,
    inspected_on: dt.date,
    findings: Sequence[Mapping[str, Any]],
    summary: str,
    evidence: Sequence[str],
) -> str:
    """SHA-256 of a result's content as signed: canonical JSON of what the signatures cover.

    ``evidence`` are the evidence files' SHA-256 (order does not matter).
    """
    body = {
        "category": category,
        "inspected_on": inspected_on.isoformat(),
        "findings": [dict(f) for f in findings],
        "summary": summary,
        "evidence": sorted(evidence),
    }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def result_notice_number(*, prefix: str, year: int, sequence: int) -> str:
    """A result-notice number, e.g. ``涧市监抽结〔2026〕7号`` (抽查检查结果公示)."""
    return f"{prefix}抽结〔{year}〕{sequence}号"
