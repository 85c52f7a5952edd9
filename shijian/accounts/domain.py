"""Pure rules about org units and jurisdictions (no Django)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

DIVISION_KIND_VALUES = frozenset({"province", "prefecture", "county"})

#: Which kinds of unit may sit under which parent kinds.
ALLOWED_PARENTS: dict[str, frozenset[str | None]] = {
    "province": frozenset({None}),
    "prefecture": frozenset({"province"}),
    "county": frozenset({"prefecture"}),
    "bureau": frozenset({"province", "prefecture", "county"}),
    "office": frozenset({"bureau"}),
    "section": frozenset({"bureau", "office"}),
}

_CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,39}$")


@dataclass(frozen=True, slots=True)
class UnitRef:
    """The parts of an org unit the jurisdiction rule needs."""

    kind: str
    path: str


def jurisdiction_root_path(chain: Sequence[UnitRef]) -> str:
    """The path of the subtree a member of ``chain[0]`` may see.

    ``chain`` runs from the member's own unit up to the root. A section
    belongs to its bureau; a bureau covers the division it is attached to
    (a city bureau sees the whole city and its counties); a market-supervision
    office (市场监管所) covers its own subtree only.
    """
    if not chain:
        raise ValueError("empty org-unit chain")
    for index, unit in enumerate(chain):
        if unit.kind == "office":
            return unit.path
        if unit.kind == "bureau":
            parent = chain[index + 1] if index + 1 < len(chain) else None
            return parent.path if parent is not None else unit.path
        if unit.kind in DIVISION_KIND_VALUES:
            return unit.path
    return chain[-1].path


def org_unit_code_problem(code: str) -> str | None:
    """Why ``code`` cannot be an org-unit code, or ``None`` when it can."""
    if not _CODE_RE.match(code):
        return "letters, digits, '-' and '_' only, at most 40 characters"
    return None


def parent_kind_allowed(kind: str, parent_kind: str | None) -> bool:
    """True when a unit of ``kind`` may be placed under a unit of ``parent_kind``."""
    return parent_kind in ALLOWED_PARENTS.get(kind, frozenset())


def token_hash(secret: str) -> str:
    """SHA-256 of an API token secret; only this is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
