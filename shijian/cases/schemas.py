"""Schemas of the cases API and how a case lead is shown."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from shijian.cases.models import CaseLead, LeadStatus


class LeadOut(Schema):
    """A case lead as staff see it."""

    id: int
    entity_id: int
    entity_name: str
    uscc: str
    source_type: str
    source_id: str
    summary: str
    found_on: dt.date
    department_id: int
    department: str
    status: LeadStatus
    status_label: str
    created_at: dt.datetime


def lead_out(x: CaseLead) -> LeadOut:
    """The lead in the API shape (entity and department must be loaded)."""
    return LeadOut(
        id=x.pk,
        entity_id=x.entity_id,
        entity_name=x.entity.name,
        uscc=x.entity.uscc,
        source_type=x.source_type,
        source_id=x.source_id,
        summary=x.summary,
        found_on=x.found_on,
        department_id=x.department_id,
        department=x.department.name,
        status=LeadStatus(x.status),
        status_label=LeadStatus(x.status).label,
        created_at=x.created_at,
    )
