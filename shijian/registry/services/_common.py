"""Shared parts of the registry services: persons, code and division checks, the change feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from shijian.core.errors import DomainError, ValidationFailed
from shijian.core.identifiers import division_lookup, idcard_check, uscc_check
from shijian.registry.models import (
    ChangeFeedEntry,
    Industry,
    MarketEntity,
    Person,
)


@dataclass(frozen=True, slots=True)
class PersonIn:
    """A responsible person as entered (name and identity document)."""

    name: str
    id_number: str
    id_type: str = "resident_id"
    phone: str = ""


#: Checks other apps add on who may become a responsible person (e.g. the
#: serious-violation list's 3-year bar). Each returns a DomainError to refuse.
ResponsiblePersonCheck = Callable[[Person, dt.date], DomainError | None]
RESPONSIBLE_PERSON_CHECKS: list[ResponsiblePersonCheck] = []


def _feed(uscc: str, event: str, payload: Mapping[str, Any]) -> None:
    """Append one public event to the change feed (public, masked data only)."""
    ChangeFeedEntry.objects.create(uscc=uscc, event=event, payload=dict(payload))


def _person(person: PersonIn, *, today: dt.date) -> Person:
    """Find or create the person by identity document, validating it."""
    name = person.name.strip()
    if not name:
        raise ValidationFailed("responsible_person.name", "姓名不能为空", "the person's name is required")
    number = person.id_number.strip().upper()
    if person.id_type == "resident_id":
        result = idcard_check(number, today=today)
        if not result.valid:
            problem = result.errors[0]
            raise ValidationFailed(
                "responsible_person.id_number",
                f"身份证号码无效：{problem.message_zh}",
                f"invalid ID number: {problem.message_en}",
            )
        number = result.normalised
    elif not number:
        raise ValidationFailed("responsible_person.id_number", "证件号码不能为空", "an ID number is required")
    found, created = Person.objects.get_or_create(
        id_type=person.id_type, id_number=number, defaults={"name": name, "phone": person.phone.strip()}
    )
    if not created and found.name != name:
        raise ValidationFailed(
            "responsible_person.name",
            "该证件号码已登记为另一姓名，请核对",
            "this ID number is registered under another name",
        )
    for check in RESPONSIBLE_PERSON_CHECKS:
        refusal = check(found, today)
        if refusal is not None:
            raise refusal
    return found


def _check_division(code: str) -> None:
    division = division_lookup(code)
    if division is None:
        raise ValidationFailed("division_code", f"未知的行政区划代码 {code}", f"unknown division code {code}")
    if not division.current:
        raise ValidationFailed(
            "division_code",
            f"行政区划代码 {code}（{division.name}）已撤销",
            f"division code {code} is retired",
        )


def _check_uscc(uscc: str, *, allow_flagged: bool) -> tuple[str, bool]:
    """The normalised code and whether it is kept flagged (early pilot code, import only)."""
    result = uscc_check(uscc)
    if result.valid:
        return result.normalised, False
    if allow_flagged and result.only_check_character_failed:
        return result.normalised, True
    problem = result.errors[0]
    raise ValidationFailed(
        "uscc", f"统一社会信用代码无效：{problem.message_zh}", f"invalid USCC: {problem.message_en}"
    )


def _industry(code: str | None) -> Industry | None:
    if not code:
        return None
    industry = Industry.objects.filter(code=code).first()
    if industry is None:
        raise ValidationFailed("industry", f"未知的行业代码 {code}", f"unknown industry code {code}")
    return industry


def _public_summary(entity: MarketEntity) -> dict[str, Any]:
    """The public registration data of an entity (for the change feed)."""
    return {
        "uscc": entity.uscc,
        "name": entity.name,
        "entity_type": entity.entity_type,
        "status": entity.status,
        "established_on": entity.established_on.isoformat(),
        "division_code": entity.division_code,
        "address": entity.address,
        "responsible_person": entity.responsible_person.name,
    }
