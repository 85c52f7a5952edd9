"""Pure rules of licences (证照分离): no database."""

from __future__ import annotations

import datetime as dt

import pytest

from shijian.core.errors import Conflict, ValidationFailed
from shijian.registry.licences.domain import (
    LicenceErrorCode,
    LicenceStatus,
    ReformMode,
    VerificationOutcome,
    effective_status,
    grant_check,
    outcome_check,
    status_change_allowed,
)

D = dt.date
TODAY = D(2026, 9, 1)


def check(**overrides: object) -> None:
    values: dict[str, object] = {
        "reform_mode": ReformMode.COMMITMENT,
        "item_active": True,
        "on_commitment": True,
        "issued_on": TODAY,
        "expires_on": D(2031, 8, 31),
        "established_on": D(2020, 5, 8),
        "today": TODAY,
    }
    values.update(overrides)
    grant_check(**values)  # type: ignore[arg-type]


def test_a_valid_grant_passes() -> None:
    check()
    check(reform_mode=ReformMode.OPTIMISED, on_commitment=False, expires_on=None)
    check(reform_mode=ReformMode.TO_FILING, on_commitment=False)


def test_no_licence_for_an_abolished_or_retired_item() -> None:
    with pytest.raises(Conflict) as err:
        check(reform_mode=ReformMode.ABOLISHED, on_commitment=False)
    assert err.value.code == LicenceErrorCode.ITEM_ABOLISHED
    with pytest.raises(Conflict) as err:
        check(item_active=False)
    assert err.value.code == LicenceErrorCode.ITEM_INACTIVE


def test_commitment_only_for_items_in_that_mode() -> None:
    with pytest.raises(ValidationFailed) as err:
        check(reform_mode=ReformMode.OPTIMISED)
    assert err.value.code == LicenceErrorCode.COMMITMENT_NOT_ALLOWED and err.value.field == "on_commitment"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issued_on": TODAY + dt.timedelta(days=1)}, "issued_on"),
        ({"issued_on": D(2019, 1, 1)}, "issued_on"),
        ({"expires_on": TODAY - dt.timedelta(days=1)}, "expires_on"),
    ],
)
def test_dates(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        check(**overrides)
    assert err.value.field == field


def test_effective_status_expires() -> None:
    assert effective_status(LicenceStatus.VALID, D(2026, 8, 31), TODAY) is LicenceStatus.EXPIRED
    assert effective_status(LicenceStatus.VALID, TODAY, TODAY) is LicenceStatus.VALID
    assert effective_status(LicenceStatus.VALID, None, TODAY) is LicenceStatus.VALID
    assert effective_status(LicenceStatus.REVOKED, D(2020, 1, 1), TODAY) is LicenceStatus.REVOKED


def test_status_transitions() -> None:
    assert status_change_allowed(LicenceStatus.VALID, LicenceStatus.SUSPENDED)
    assert status_change_allowed(LicenceStatus.SUSPENDED, LicenceStatus.VALID)
    assert status_change_allowed(LicenceStatus.REVOKED, LicenceStatus.CANCELLED)
    assert not status_change_allowed(LicenceStatus.CANCELLED, LicenceStatus.VALID)
    assert not status_change_allowed(LicenceStatus.VALID, LicenceStatus.EXPIRED)


def test_outcome_checks() -> None:
    outcome_check(outcome=VerificationOutcome.KEPT, found_on=TODAY, issued_on=TODAY, note="", today=TODAY)
    for outcome, found_on, note, field in (
        (VerificationOutcome.PENDING, TODAY, "", "outcome"),
        (VerificationOutcome.KEPT, TODAY + dt.timedelta(days=1), "", "found_on"),
        (VerificationOutcome.KEPT, TODAY - dt.timedelta(days=1), "", "found_on"),
        (VerificationOutcome.BROKEN, TODAY, "  ", "note"),
    ):
        with pytest.raises(ValidationFailed) as err:
            outcome_check(outcome=outcome, found_on=found_on, issued_on=TODAY, note=note, today=TODAY)
        assert err.value.field == field


def test_labels() -> None:
    assert ReformMode.COMMITMENT.label_zh == "实行告知承诺"
    assert {m.label_zh for m in ReformMode} == {
        "直接取消审批",
        "审批改为备案",
        "实行告知承诺",
        "优化审批服务",
    }
    assert VerificationOutcome.BROKEN.label_en == "commitment broken"
