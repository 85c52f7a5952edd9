"""Turning the catalogue into form rows and posted forms back into payloads (no validation here:
the services validate, so page and API share one set of rules)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from shijian.registry.reports.domain import FieldKind, FieldSpec, Visibility

#: Blank rows offered under each list field (more rows: file, then correct).
BLANK_ROWS = 2


@dataclass
class FormRow:
    """One field as the template shows it."""

    spec: FieldSpec
    value: Any = ""
    rows: list[list[tuple[FieldSpec, Any]]] = field(default_factory=list)
    published: bool = False
    error: str = ""

    @property
    def is_records(self) -> bool:
        """True for a list of records (a small table)."""
        return self.spec.kind is FieldKind.RECORDS

    @property
    def optional(self) -> bool:
        """True when the filer chooses whether it is published."""
        return self.spec.visibility is Visibility.OPTIONAL

    @property
    def row_count(self) -> int:
        """How many table rows are shown."""
        return len(self.rows)


def form_rows(
    specs: Sequence[FieldSpec],
    values: Mapping[str, Any],
    published: Iterable[str] = (),
    errors: Mapping[str, str] | None = None,
) -> list[FormRow]:
    """The rows of a form for ``specs`` prefilled with ``values``."""
    chosen = set(published)
    errors = errors or {}
    rows: list[FormRow] = []
    for spec in specs:
        row = FormRow(spec=spec, published=spec.key in chosen, error=errors.get(spec.key, ""))
        raw = values.get(spec.key)
        if spec.kind is FieldKind.RECORDS:
            existing = [r for r in (raw or []) if isinstance(r, Mapping)]
            for record in [*existing, *({} for _ in range(BLANK_ROWS))]:
                row.rows.append([(column, record.get(column.key, "")) for column in spec.columns])
        else:
            row.value = "" if raw is None else raw
        rows.append(row)
    return rows


def posted_values(specs: Sequence[FieldSpec], data: QueryDict, *, prefix: str = "") -> dict[str, Any]:
    """The payload posted by a form built from ``form_rows`` (empty inputs left out)."""
    payload: dict[str, Any] = {}
    for spec in specs:
        name = f"{prefix}{spec.key}"
        if spec.kind is FieldKind.RECORDS:
            try:
                count = min(int(data.get(f"{name}__rows", "0")), 200)
            except ValueError:
                count = 0
            records = []
            for index in range(max(count, 0)):
                record = {
                    column.key: data.get(f"{name}__{index}__{column.key}", "").strip()
                    for column in spec.columns
                }
                if any(record.values()):
                    records.append({key: value for key, value in record.items() if value})
            payload[spec.key] = records
            continue
        value = data.get(name, "").strip()
        if value:
            payload[spec.key] = value
    return payload


def posted_public_fields(specs: Sequence[FieldSpec], data: QueryDict) -> list[str]:
    """The optional fields ticked "公示" in a posted form."""
    return [s.key for s in specs if s.visibility is Visibility.OPTIONAL and data.get(f"public__{s.key}")]


def problem_messages(details: Mapping[str, Any], lang: str) -> dict[str, str]:
    """Field key -> first message, from a ``ValidationFailed``'s ``details["problems"]``."""
    messages: dict[str, str] = {}
    for problem in details.get("problems", []):
        path = str(problem.get("field", "")).split(".")
        key = path[1] if path[0] == "content" and len(path) > 1 else path[0]
        messages.setdefault(key, str(problem.get("message_en" if lang == "en" else "message_zh", "")))
    return messages
