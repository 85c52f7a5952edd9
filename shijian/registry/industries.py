"""The GB/T 4754-2017 industry list (国民经济行业分类): the shipped file and its loader.

``data/industries_gbt4754_2017.csv`` holds all four levels of the 2017 text:
sections (门类), divisions (大类), groups (中类) and classes (小类); its header
says where the rows come from and how they were checked. ``industries_load``
upserts it into ``Industry`` and is idempotent: a second run changes nothing
and writes no audit record.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from shijian.core.actor import Actor, system_actor
from shijian.core.audit.services import audit_record
from shijian.registry.models import Industry

DATA_FILE = "industries_gbt4754_2017.csv"
LEVELS = ("section", "division", "group", "class")


@dataclass(frozen=True, slots=True)
class IndustryRow:
    """One code of the shipped list."""

    code: str
    level: str
    parent: str | None
    name: str


def industry_rows() -> list[IndustryRow]:
    """The shipped list, parents before children; comment lines (``#``) skipped."""
    text = resources.files("shijian.registry").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = [
        IndustryRow(code=r["code"], level=r["level"], parent=r["parent"] or None, name=r["name"])
        for r in csv.DictReader(io.StringIO("\n".join(lines)))
    ]
    return sorted(rows, key=lambda r: (LEVELS.index(r.level), r.code))


@transaction.atomic
def industries_load(*, actor: Actor | None = None) -> dict[str, int]:
    """Load the industry list into ``Industry`` (行业代码入库): create missing codes, fix changed names.

    Codes in the database that the file does not have are left alone (an
    administrator may have added some). New codes are inserted in bulk, parents
    before children. Returns the counts ``created``, ``updated`` and ``unchanged``.
    """
    actor = actor or system_actor("industries-load")
    existing = {i.code: i for i in Industry.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    new: list[Industry] = []
    for row in industry_rows():
        found = existing.get(row.code)
        if found is None:
            new.append(Industry(code=row.code, name=row.name, level=row.level, parent_id=row.parent))
            counts["created"] += 1
        elif (found.name, found.level, found.parent_id) != (row.name, row.level, row.parent):
            found.name, found.level, found.parent_id = row.name, row.level, row.parent
            found.save(update_fields=["name", "level", "parent"])
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    Industry.objects.bulk_create(new, batch_size=500)
    if counts["created"] or counts["updated"]:
        audit_record(
            actor=actor,
            action="registry.industries.loaded",
            object_type="registry.industry",
            object_id=DATA_FILE,
            after=counts,
        )
    return counts
