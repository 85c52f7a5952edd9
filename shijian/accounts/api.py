"""Accounts API: who am I, org units in my jurisdiction, my API tokens."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from shijian.accounts import selectors
from shijian.accounts.api_auth import staff_auth
from shijian.core.api import ERROR_RESPONSES

router = Router(tags=["accounts 用户与机构"], auth=staff_auth())


class MeOut(Schema):
    """The signed-in actor."""

    user_id: int | None
    username: str
    display_name: str
    roles: list[str]
    org_unit_ids: list[int]
    jurisdiction_paths: list[str]


class OrgUnitOut(Schema):
    """An org unit."""

    id: int
    code: str
    name: str
    name_en: str
    kind: str
    division_code: str
    path: str
    parent_id: int | None


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES})
def me(request: HttpRequest) -> MeOut:
    """The actor behind this request."""
    actor = request.actor  # type: ignore[attr-defined]
    return MeOut(
        user_id=actor.user_id,
        username=actor.username,
        display_name=actor.display_name,
        roles=sorted(r.value for r in actor.roles),
        org_unit_ids=list(actor.org_unit_ids),
        jurisdiction_paths=list(actor.jurisdiction_paths),
    )


@router.get("/org-units", response={200: list[OrgUnitOut], **ERROR_RESPONSES})
def org_units(request: HttpRequest) -> list[OrgUnitOut]:
    """Org units in my jurisdiction, in tree order."""
    units = selectors.org_unit_list(actor=request.actor)  # type: ignore[attr-defined]
    return [OrgUnitOut.model_validate(u, from_attributes=True) for u in units[:5000]]


@router.get("/org-units/{unit_id}", response={200: OrgUnitOut, **ERROR_RESPONSES})
def org_unit(request: HttpRequest, unit_id: int) -> OrgUnitOut:
    """One org unit (404 when outside my jurisdiction)."""
    unit = selectors.org_unit_get(actor=request.actor, unit_id=unit_id)  # type: ignore[attr-defined]
    return OrgUnitOut.model_validate(unit, from_attributes=True)
