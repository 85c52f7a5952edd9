"""Jurisdiction rules without a database."""

from __future__ import annotations

import pytest

from shijian.accounts.domain import (
    UnitRef,
    jurisdiction_root_path,
    org_unit_code_problem,
    parent_kind_allowed,
)

PROV = UnitRef("province", "/410000/")
CITY = UnitRef("prefecture", "/410000/410300/")
CITY_BUREAU = UnitRef("bureau", "/410000/410300/410300-AMR/")
CITY_SECTION = UnitRef("section", "/410000/410300/410300-AMR/410300-AMR-CREDIT/")
COUNTY = UnitRef("county", "/410000/410300/410305/")
COUNTY_BUREAU = UnitRef("bureau", "/410000/410300/410305/410305-AMR/")
OFFICE = UnitRef("office", "/410000/410300/410305/410305-AMR/410305-AMR-SJS1/")
OFFICE_SECTION = UnitRef("section", "/410000/410300/410305/410305-AMR/410305-AMR-SJS1/X/")


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        ([CITY_SECTION, CITY_BUREAU, CITY, PROV], CITY.path),
        ([CITY_BUREAU, CITY, PROV], CITY.path),
        ([COUNTY_BUREAU, COUNTY, CITY, PROV], COUNTY.path),
        ([OFFICE, COUNTY_BUREAU, COUNTY, CITY, PROV], OFFICE.path),
        ([OFFICE_SECTION, OFFICE, COUNTY_BUREAU, COUNTY, CITY, PROV], OFFICE.path),
        ([COUNTY, CITY, PROV], COUNTY.path),
    ],
)
def test_jurisdiction_follows_the_bureau(chain: list[UnitRef], expected: str) -> None:
    assert jurisdiction_root_path(chain) == expected


def test_empty_chain_is_an_error() -> None:
    with pytest.raises(ValueError):
        jurisdiction_root_path([])


def test_tree_shape_rules() -> None:
    assert parent_kind_allowed("province", None)
    assert parent_kind_allowed("bureau", "county")
    assert parent_kind_allowed("section", "bureau")
    assert not parent_kind_allowed("county", "province")
    assert not parent_kind_allowed("office", "county")
    assert not parent_kind_allowed("province", "prefecture")


def test_org_unit_codes() -> None:
    assert org_unit_code_problem("410305-AMR") is None
    assert org_unit_code_problem("a b") is not None
    assert org_unit_code_problem("") is not None
    assert org_unit_code_problem("x" * 41) is not None
