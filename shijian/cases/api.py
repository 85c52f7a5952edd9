"""API of enforcement cases (案件).

Staff (``/cases/...``): staff of the owning department's jurisdiction list
the case leads (案件线索) other procedures handed over; leads of other
jurisdictions are not there, enterprise users and partner departments get 403.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from shijian.accounts.api_auth import staff_auth
from shijian.cases import selectors
from shijian.cases.models import LeadStatus
from shijian.cases.schemas import LeadOut, lead_out
from shijian.core.actor import Actor
from shijian.core.api import ERROR_RESPONSES

router = Router(tags=["cases 案件"], auth=staff_auth())


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined,no-any-return]


@router.get("/cases/leads", response={200: list[LeadOut], **ERROR_RESPONSES})
def leads(
    request: HttpRequest, status: LeadStatus | None = None, limit: int = 200, offset: int = 0
) -> list[LeadOut]:
    """Case leads (案件线索) of my jurisdiction, newest finding first."""
    offset, limit = max(offset, 0), min(max(limit, 1), 1000)
    found = selectors.lead_list(actor=_actor(request), status=status)[offset : offset + limit]
    return [lead_out(x) for x in found]
