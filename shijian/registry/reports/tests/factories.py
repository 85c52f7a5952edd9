"""Helpers of the report tests: representatives and valid report contents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shijian.accounts.models import User
from shijian.registry.models import EntityRepresentative, MarketEntity
from shijian.registry.reports.domain import ReportForm

#: Values that must never reach the public (non-public or not chosen for publication).
SECRET_ASSETS = "98765.4321"
SECRET_GRADUATES = 4242
FILER_MOBILE = "13812345678"
CONTACT_MOBILE = "13912345678"


def represent(
    entity: MarketEntity, user: User, *, granted_on: dt.date = dt.date(2020, 1, 1)
) -> EntityRepresentative:
    """Make ``user`` a representative (企业经办人) of ``entity``."""
    return EntityRepresentative.objects.create(entity=entity, user=user, granted_on=granted_on)


def full_payload(**overrides: Any) -> dict[str, Any]:
    """A valid enterprise annual report for an LLC (items (1)-(7) and internal statistics)."""
    payload: dict[str, Any] = {
        "address": "河南省洛阳市涧西区中州西路1号",
        "postal_code": "471000",
        "phone": CONTACT_MOBILE,
        "email": "office@example.com",
        "operating_status": "operating",
        "investments": [{"name": "洛阳某某科技有限公司", "uscc": "91410305MA00000001"}],
        "contributions": [
            {
                "shareholder": "洛阳某某控股有限公司",
                "subscribed_amount": "100",
                "subscribed_on": "2020-05-08",
                "subscribed_form": "货币",
                "paid_amount": "50.5",
                "paid_on": "2021-01-15",
                "paid_form": "货币",
            }
        ],
        "equity_transfers": [],
        "websites": [{"kind": "shop", "name": "某某旗舰店", "url": "https://shop.example.com"}],
        "employees": 12,
        "total_assets": SECRET_ASSETS,
        "total_liabilities": "100",
        "guarantees": [],
        "owners_equity": "-5.5",
        "total_revenue": "300",
        "main_revenue": "280",
        "total_profit": "-2",
        "net_profit": "-2",
        "total_tax": "7.25",
        "graduates_hired": SECRET_GRADUATES,
        "filer_name": "李娜",
        "filer_phone": FILER_MOBILE,
    }
    payload.update(overrides)
    return payload


def simplified_payload(**overrides: Any) -> dict[str, Any]:
    """A valid simplified report of an individual business."""
    payload: dict[str, Any] = {
        "licences": [{"name": "食品经营许可证", "number": "JY14103050000001", "valid_until": "2030-01-01"}],
        "turnover": "36.5",
        "total_tax": "0",
        "employees": 2,
        "websites": [],
        "phone": CONTACT_MOBILE,
        "filer_name": "王芳",
    }
    payload.update(overrides)
    return payload


def payload_for(form: ReportForm) -> dict[str, Any]:
    """A valid payload of ``form``."""
    return full_payload() if form is ReportForm.FULL else simplified_payload()
