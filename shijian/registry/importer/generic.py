"""The generic path (通用导入): the ORM in small batches, for SQLite and other databases.

Same results as the PostgreSQL path (the tests compare the two), slower:
a few queries per batch instead of COPY. USCCs of earlier rows are kept in
memory to find duplicates, which is fine for the file sizes SQLite is for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from shijian.accounts.models import OrgUnit
from shijian.registry.importer.batching import Batch
from shijian.registry.importer.domain import EntityRow, RowError, duplicate_of, person_conflict
from shijian.registry.importer.store import (
    CHANGE_ITEMS,
    STATUS_SHOWN,
    TYPE_SHOWN,
    YES_NO_SHOWN,
    WriteOutcome,
    missing_parents,
    split_refused,
)
from shijian.registry.models import ChangeFeedEntry, EntityChange, MarketEntity, Person

# Model attribute <- EntityRow attribute, for the plain fields.
_PLAIN = (
    ("uscc_flagged", "uscc_flagged"),
    ("name", "name"),
    ("name_search", "name_search"),
    ("entity_type", "entity_type"),
    ("foreign_invested", "foreign_invested"),
    ("registered_capital", "registered_capital"),
    ("capital_currency", "capital_currency"),
    ("established_on", "established_on"),
    ("term_start", "term_start"),
    ("term_end", "term_end"),
    ("address", "address"),
    ("division_code", "division_code"),
    ("premises_address", "premises_address"),
    ("business_scope", "business_scope"),
    ("industry_id", "industry_code"),
    ("registration_authority_id", "authority_id"),
    ("supervisor_path", "supervisor_path"),
    ("status", "status"),
    ("status_since", "status_since"),
    ("suspended_until", "suspended_until"),
)
_COMPARED = [model for model, _row in _PLAIN] + ["responsible_person_id", "parent_entity_id"]
_UPDATED_FIELDS = [*_COMPARED, "updated_at"]


class _Shown:
    """How a value appears in a change record, the same as the SQL of the PostgreSQL path."""

    def __init__(self) -> None:
        self.person_names: dict[int, str] = {}
        self.org_names: dict[int, str] = {}
        self.usccs: dict[int, str] = {}

    def person(self, pk: int | None) -> str:
        if pk is None:
            return ""
        if pk not in self.person_names:
            self.person_names[pk] = Person.objects.get(pk=pk).name
        return self.person_names[pk]

    def org(self, pk: int | None) -> str:
        if pk is None:
            return ""
        if pk not in self.org_names:
            self.org_names[pk] = OrgUnit.objects.get(pk=pk).name
        return self.org_names[pk]

    def entity(self, pk: int | None) -> str:
        if pk is None:
            return ""
        if pk not in self.usccs:
            self.usccs[pk] = MarketEntity.objects.get(pk=pk).uscc
        return self.usccs[pk]

    def values(self, entity: MarketEntity) -> dict[str, tuple[Any, str]]:
        """key -> (what is compared, what is shown) for every change item."""

        def text(value: object) -> str:
            return "" if value is None else str(value)

        def day(value: dt.date | None) -> str:
            return "" if value is None else value.isoformat()

        return {
            "name": (entity.name, entity.name),
            "entity_type": (entity.entity_type, TYPE_SHOWN.get(entity.entity_type, entity.entity_type)),
            "responsible_person": (entity.responsible_person_id, ""),
            "address": (entity.address, entity.address),
            "division_code": (entity.division_code, entity.division_code),
            "premises_address": (entity.premises_address, entity.premises_address),
            "business_scope": (entity.business_scope, entity.business_scope),
            "registered_capital": (entity.registered_capital, text(entity.registered_capital)),
            "capital_currency": (entity.capital_currency, entity.capital_currency),
            "established_on": (entity.established_on, day(entity.established_on)),
            "term_start": (entity.term_start, day(entity.term_start)),
            "term_end": (entity.term_end, day(entity.term_end)),
            "industry": (entity.industry_id, text(entity.industry_id)),
            "foreign_invested": (entity.foreign_invested, YES_NO_SHOWN[bool(entity.foreign_invested)]),
            "registration_authority": (entity.registration_authority_id, ""),
            "parent_entity": (entity.parent_entity_id, ""),
            "status": (entity.status, STATUS_SHOWN.get(entity.status, entity.status)),
            "status_since": (entity.status_since, day(entity.status_since)),
            "suspended_until": (entity.suspended_until, day(entity.suspended_until)),
        }

    def shown(self, key: str, compared: Any, shown: str) -> str:
        """The shown value, looking up names for the id-valued items."""
        if key == "responsible_person":
            return self.person(compared)
        if key == "registration_authority":
            return self.org(compared)
        if key == "parent_entity":
            return self.entity(compared)
        return shown


class GenericWriter:
    """Writes batches through the ORM (any database Django supports)."""

    name = "generic"

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def start(self) -> None:
        """Nothing to prepare."""

    def finish(self) -> None:
        """Forget the USCCs seen."""
        self.seen.clear()

    def remember(self, keys: Sequence[tuple[str, int]]) -> None:
        """Record USCCs of rows before the resume point (first occurrence wins)."""
        for key, row in keys:
            self.seen.setdefault(key, row)

    def write(self, batch: Batch, *, today: dt.date, now: dt.datetime) -> WriteOutcome:
        """Store one batch (inside the caller's transaction)."""
        refused: dict[int, RowError] = {}
        for result in batch.results:
            if not result.key:
                continue
            first = self.seen.get(result.key)
            if first is not None:
                refused[result.row] = duplicate_of(result.row, first)
        for result in batch.results:
            if result.key:
                self.seen.setdefault(result.key, result.row)
        entities, errors = split_refused(batch.results, refused)
        persons = self._persons(entities)
        refused = {
            e.row: person_conflict(e.row, None)
            for e in entities
            if (p := persons.get((e.person_id_type, e.person_id_number))) is not None
            and p.name != e.person_name
        }
        names: dict[tuple[str, str], tuple[str, int]] = {}
        for e in entities:
            if e.row in refused:
                continue
            name, first = names.setdefault((e.person_id_type, e.person_id_number), (e.person_name, e.row))
            if name != e.person_name:
                refused[e.row] = person_conflict(e.row, first)
        kept = [e for e in entities if e.row not in refused]
        refused.update(missing_parents(kept))
        errors.extend(refused[e.row] for e in entities if e.row in refused)
        entities = [e for e in entities if e.row not in refused]
        outcome = WriteOutcome(errors=errors)
        if not entities:
            return outcome
        self._create_persons(entities, persons, now=now)
        for roots in (True, False):
            part = [e for e in entities if (e.parent_uscc is None) == roots]
            if part:
                self._upsert(part, persons, outcome, today=today, now=now)
        outcome.unchanged = len(entities) - outcome.created - outcome.updated
        return outcome

    def _persons(self, entities: Sequence[EntityRow]) -> dict[tuple[str, str], Person]:
        numbers = {e.person_id_number for e in entities}
        return {(p.id_type, p.id_number): p for p in Person.objects.filter(id_number__in=numbers)}

    def _create_persons(
        self, entities: Sequence[EntityRow], persons: dict[tuple[str, str], Person], *, now: dt.datetime
    ) -> None:
        new: dict[tuple[str, str], Person] = {}
        for e in entities:
            key = (e.person_id_type, e.person_id_number)
            if key not in persons and key not in new:
                new[key] = Person(
                    name=e.person_name,
                    id_type=e.person_id_type,
                    id_number=e.person_id_number,
                    phone=e.person_phone,
                )
        if new:
            Person.objects.bulk_create(new.values())
            persons.update(self._persons(entities))

    @staticmethod
    def _assign(
        entity: MarketEntity,
        row: EntityRow,
        persons: dict[tuple[str, str], Person],
        parents: dict[str, int],
    ) -> None:
        for model_field, row_field in _PLAIN:
            setattr(entity, model_field, getattr(row, row_field))
        entity.responsible_person_id = persons[(row.person_id_type, row.person_id_number)].pk
        entity.parent_entity_id = parents.get(row.parent_uscc) if row.parent_uscc else None

    def _upsert(
        self,
        entities: Sequence[EntityRow],
        persons: dict[tuple[str, str], Person],
        outcome: WriteOutcome,
        *,
        today: dt.date,
        now: dt.datetime,
    ) -> None:
        existing = {e.uscc: e for e in MarketEntity.objects.filter(uscc__in=[r.uscc for r in entities])}
        parents = dict(
            MarketEntity.objects.filter(
                uscc__in={r.parent_uscc for r in entities if r.parent_uscc}
            ).values_list("uscc", "id")
        )
        shown = _Shown()
        created: list[MarketEntity] = []
        changed: list[MarketEntity] = []
        records: list[EntityChange] = []
        feed: list[ChangeFeedEntry] = []
        for row in entities:
            entity = existing.get(row.uscc)
            if entity is None:
                entity = MarketEntity(uscc=row.uscc, created_at=now, updated_at=now)
                self._assign(entity, row, persons, parents)
                created.append(entity)
                continue
            stored = {attr: getattr(entity, attr) for attr in _COMPARED}
            before = shown.values(entity)
            self._assign(entity, row, persons, parents)
            if all(getattr(entity, attr) == value for attr, value in stored.items()):
                continue
            entity.updated_at = now
            changed.append(entity)
            after = shown.values(entity)
            rendered = [
                {
                    "item": label,
                    "before": shown.shown(key, before[key][0], before[key][1]),
                    "after": shown.shown(key, after[key][0], after[key][1]),
                }
                for key, label in CHANGE_ITEMS
                if before[key][0] != after[key][0]
            ]
            if not rendered:
                continue  # only internal fields changed: nothing to publish
            records.extend(
                EntityChange(
                    entity=entity, item=r["item"], before=r["before"], after=r["after"], changed_on=today
                )
                for r in rendered
            )
            feed.append(
                ChangeFeedEntry(
                    uscc=entity.uscc,
                    event="changed",
                    payload={"items": rendered, "changed_on": today.isoformat(), "source": "import"},
                )
            )
        if created:
            MarketEntity.objects.bulk_create(created)
            ids = dict(
                MarketEntity.objects.filter(uscc__in=[e.uscc for e in created]).values_list("uscc", "id")
            )
            for entity in created:
                entity.pk = ids[entity.uscc]
        if changed:
            MarketEntity.objects.bulk_update(changed, _UPDATED_FIELDS)
        by_uscc = {row.uscc: row for row in entities}
        registered_feed = [
            ChangeFeedEntry(
                uscc=e.uscc,
                event="registered",
                payload={
                    "uscc": e.uscc,
                    "name": e.name,
                    "entity_type": e.entity_type,
                    "status": e.status,
                    "established_on": e.established_on.isoformat(),
                    "division_code": e.division_code,
                    "address": e.address,
                    "responsible_person": by_uscc[e.uscc].person_name,
                },
            )
            for e in created
        ]
        EntityChange.objects.bulk_create(records)
        ordered = sorted(registered_feed + feed, key=lambda f: by_uscc[f.uscc].row)
        ChangeFeedEntry.objects.bulk_create(ordered)
        outcome.created += len(created)
        outcome.updated += len(changed)
