"""Pure tests of the counting convention, the calendar and clock replay (no database).

Expected dates below were worked out by hand from the printed calendars of
the months involved and the State Council tables (2025: National Day and
Mid-Autumn 10-01..10-08 off, Sundays 09-28 and Saturday 10-11 worked; 2026:
Spring Festival 02-15..02-23 off, Saturdays 02-14 and 02-28 worked, Qingming
04-04..04-06 off). Each case lists the working days counted; they were not
produced by the code under test.

Weekdays used: 2025-09-26 Fri, 09-28 Sun, 09-29 Mon, 10-01 Wed, 10-09 Thu,
10-11 Sat, 10-13 Mon; 2026-02-11 Wed, 02-14 Sat, 02-24 Tue, 02-28 Sat,
03-02 Mon, 03-17 Tue, 04-03 Fri, 04-07 Tue, 04-15 Wed.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest

from shijian.core.clock.calendar import package_calendar, package_year_spec
from shijian.core.clock.domain import (
    CalendarYearMissing,
    ClockEventKind,
    ClockEventRejected,
    ClockEventSpec,
    ClockStatus,
    DateRange,
    ExtensionNotAllowed,
    InvalidPause,
    Period,
    RuleNotInForce,
    RuleSet,
    TraceKind,
    Unit,
    UnknownRule,
    YearTableCalendar,
    add_months,
    check_within_period,
    compute_due,
    days_remaining,
    due_date,
    due_soon_threshold,
    merge_windows,
    parse_calendar_data,
    parse_date,
    replay_clock,
)
from shijian.core.clock.tests.conftest import TEST_2027, rule
from shijian.core.errors import DomainError, ValidationFailed

D = dt.date
WD7 = Period(7, Unit.WORKING_DAYS)


def _due(rules: RuleSet, rule_id: str, start: dt.date, cal: YearTableCalendar, **kwargs: object) -> dt.date:
    spec = rules.get(rule_id, on=start)
    return compute_due(start, spec.period, cal, rule=spec, **kwargs).due  # type: ignore[arg-type]


# -- 2025 National Day -------------------------------------------------------------------


def test_complaint_accept_across_national_day_2025(rules: RuleSet, cal: YearTableCalendar) -> None:
    # Start Fri 2025-09-26 (not counted). Counted: 09-28 Sun make-up #1, 09-29 #2, 09-30 #3,
    # [10-01..10-08 holiday], 10-09 #4, 10-10 #5, 10-11 Sat make-up #6, [10-12 Sun], 10-13 Mon #7.
    assert _due(rules, "complaint.accept", D(2025, 9, 26), cal) == D(2025, 10, 13)


def test_report_verify_and_its_extension_2025(rules: RuleSet, cal: YearTableCalendar) -> None:
    # 15 WD from 2025-09-26: the 7 above to 10-13, then 10-14 #8, 10-15 #9, 10-16 #10,
    # 10-17 #11, 10-20 #12, 10-21 #13, 10-22 #14, 10-23 #15.
    assert _due(rules, "report.verify", D(2025, 9, 26), cal) == D(2025, 10, 23)
    # +15 WD counted from 10-23: 10-24 #1, 10-27..10-31 #2-6, 11-03..11-07 #7-11,
    # 11-10 #12, 11-11 #13, 11-12 #14, 11-13 #15.
    assert _due(rules, "report.verify", D(2025, 9, 26), cal, extensions=1) == D(2025, 11, 13)


def test_pause_over_national_day_2025(cal: YearTableCalendar) -> None:
    # Pause 09-29..10-10 (testing) keeps out working days 09-29, 09-30, 10-09, 10-10.
    # Counted: 09-28 #1, [pause], 10-11 Sat #2, 10-13 #3, 10-14 #4, 10-15 #5, 10-16 #6, 10-17 Fri #7.
    result = compute_due(D(2025, 9, 26), WD7, cal, [DateRange(D(2025, 9, 29), D(2025, 10, 10), "送检")])
    assert result.due == D(2025, 10, 17)
    (effect,) = result.pause_effects
    assert effect.excluded == 4
    due_event = result.trace[-1]
    assert due_event.kind is TraceKind.DUE
    assert due_event.counted == (
        D(2025, 9, 28),
        D(2025, 10, 11),
        D(2025, 10, 13),
        D(2025, 10, 14),
        D(2025, 10, 15),
        D(2025, 10, 16),
        D(2025, 10, 17),
    )


def test_start_on_a_make_up_working_day(cal: YearTableCalendar) -> None:
    # Start Sun 2025-09-28 (a working day, but the start day is never counted):
    # 09-29 #1, 09-30 #2, 10-09 #3, 10-10 #4, 10-11 #5, 10-13 #6, 10-14 #7.
    assert due_date(D(2025, 9, 28), WD7, cal) == D(2025, 10, 14)


def test_start_inside_the_holiday(rules: RuleSet, cal: YearTableCalendar) -> None:
    # Start Fri 2025-10-03 (holiday). 5 WD: 10-09 #1, 10-10 #2, 10-11 #3, 10-13 #4, 10-14 #5.
    assert _due(rules, "report.notify_reporter", D(2025, 10, 3), cal) == D(2025, 10, 14)


def test_pause_overlapping_the_start_day_is_clipped(cal: YearTableCalendar) -> None:
    # Pause 09-20..09-28 only matters after the start (09-26): it keeps out 09-28 (make-up day).
    # Counted: 09-29 #1, 09-30 #2, 10-09 #3, 10-10 #4, 10-11 #5, 10-13 #6, 10-14 #7.
    assert due_date(D(2025, 9, 26), WD7, cal, [DateRange(D(2025, 9, 20), D(2025, 9, 28))]) == D(2025, 10, 14)


def test_pause_after_the_due_date_changes_nothing(cal: YearTableCalendar) -> None:
    assert due_date(D(2025, 9, 26), WD7, cal, [DateRange(D(2025, 10, 14), D(2025, 10, 20))]) == D(
        2025, 10, 13
    )


def test_pause_on_the_due_day_moves_it(cal: YearTableCalendar) -> None:
    # The pause includes its only day (10-13), so #7 becomes 10-14.
    assert due_date(D(2025, 9, 26), WD7, cal, [DateRange(D(2025, 10, 13), D(2025, 10, 13))]) == D(
        2025, 10, 14
    )


def test_case_decide_calendar_days_into_national_day(rules: RuleSet, cal: YearTableCalendar) -> None:
    # 2025-07-03 + 90 days: +28 -> 07-31, +31 -> 08-31, +30 -> 09-30, +1 -> 10-01 (holiday);
    # 10-02..10-08 are off too, so the end moves to Thu 10-09.
    assert _due(rules, "case.decide", D(2025, 7, 3), cal) == D(2025, 10, 9)
    # Extension +30 days counted from the original due date 10-09: 10-31 is +22, 11-08 (Sat) is +30,
    # not a working day -> Mon 11-10.
    assert _due(rules, "case.decide", D(2025, 7, 3), cal, extensions=1) == D(2025, 11, 10)


def test_case_decide_with_a_hearing_pause(rules: RuleSet, cal: YearTableCalendar) -> None:
    hearing = [DateRange(D(2025, 7, 1), D(2025, 7, 10), "听证")]
    # 2025-06-10 + 90 = 09-08 (+20 -> 06-30, +31 -> 07-31, +31 -> 08-31, +8 -> 09-08);
    # the 10 paused days push it to Thu 09-18, a working day.
    assert _due(rules, "case.decide", D(2025, 6, 10), cal, pauses=hearing) == D(2025, 9, 18)
    # 2025-06-25 + 90 = 09-23 (+5 -> 06-30, +31 -> 07-31, +31 -> 08-31, +23 -> 09-23);
    # +10 paused days -> 10-03, a holiday; next working day Thu 10-09.
    assert _due(rules, "case.decide", D(2025, 6, 25), cal, pauses=hearing) == D(2025, 10, 9)


# -- 2026 Spring Festival -------------------------------------------------------------------


def test_complaint_accept_across_spring_festival_2026(rules: RuleSet, cal: YearTableCalendar) -> None:
    # Start Wed 2026-02-11. 02-12 #1, 02-13 #2, 02-14 Sat make-up #3, [02-15..02-23 off],
    # 02-24 #4, 02-25 #5, 02-26 #6, 02-27 Fri #7.
    assert _due(rules, "complaint.accept", D(2026, 2, 11), cal) == D(2026, 2, 27)


def test_foi_reply_and_extension_2026(rules: RuleSet, cal: YearTableCalendar) -> None:
    # 20 WD from 2026-02-11: #1-#7 as above to 02-27, 02-28 Sat make-up #8, 03-02..03-06 #9-13,
    # 03-09..03-13 #14-18, 03-16 #19, 03-17 #20.
    assert _due(rules, "foi.reply", D(2026, 2, 11), cal) == D(2026, 3, 17)
    # +20 WD from 03-17: 03-18..03-20 #1-3, 03-23..03-27 #4-8, 03-30 #9, 03-31 #10, 04-01 #11,
    # 04-02 #12, 04-03 #13, [04-04..04-06 Qingming], 04-07..04-10 #14-17, 04-13 #18, 04-14 #19, 04-15 #20.
    assert _due(rules, "foi.reply", D(2026, 2, 11), cal, extensions=1) == D(2026, 4, 15)


def test_foi_reply_with_third_party_pause_2026(rules: RuleSet, cal: YearTableCalendar) -> None:
    # Consultation 02-24..03-06 keeps out 02-24..02-27, 02-28 (make-up Sat), 03-02..03-06: 10 WD.
    # Counted: 02-12 #1, 02-13 #2, 02-14 #3, then 03-09..03-13 #4-8, 03-16..03-20 #9-13,
    # 03-23..03-27 #14-18, 03-30 #19, 03-31 #20.
    pause = [DateRange(D(2026, 2, 24), D(2026, 3, 6), "征求第三方意见")]
    spec = rules.get("foi.reply", on=D(2026, 2, 11))
    result = compute_due(D(2026, 2, 11), spec.period, cal, pause, rule=spec)
    assert result.due == D(2026, 3, 31)
    assert result.pause_effects[0].excluded == 10
    # With the extension: 20 more WD from 03-31: 04-01 #1, 04-02 #2, 04-03 #3, [04-04..04-06],
    # 04-07..04-10 #4-7, 04-13..04-17 #8-12, 04-20..04-24 #13-17, 04-27 #18, 04-28 #19, 04-29 #20.
    assert compute_due(D(2026, 2, 11), spec.period, cal, pause, 1).due == D(2026, 4, 29)


def test_short_period_over_spring_festival_2026(rules: RuleSet, cal: YearTableCalendar) -> None:
    # Start Fri 2026-02-13. 3 WD: 02-14 Sat make-up #1, [02-15..02-23], 02-24 #2, 02-25 #3.
    assert _due(rules, "penalty.withdraw", D(2026, 2, 13), cal) == D(2026, 2, 25)


def test_calendar_day_period_ending_on_a_make_up_saturday(rules: RuleSet, cal: YearTableCalendar) -> None:
    # 2026-01-15 + 30 days = 02-14 (+16 -> 01-31, +14 -> 02-14): a working Saturday, so no shift.
    assert _due(rules, "equipment.use_registration", D(2026, 1, 15), cal) == D(2026, 2, 14)
    # 2026-01-20 + 30 = 02-19 (+11 -> 01-31, +19 -> 02-19), inside the holiday -> Tue 02-24.
    assert _due(rules, "equipment.use_registration", D(2026, 1, 20), cal) == D(2026, 2, 24)


def test_month_periods(rules: RuleSet, cal: YearTableCalendar) -> None:
    # 2025-08-31 + 6 months = 2026-02-31 -> last day 02-28, a make-up working Saturday: stays.
    assert _due(rules, "foi.lawsuit", D(2025, 8, 31), cal) == D(2026, 2, 28)
    # 2025-08-15 + 6 months = 2026-02-15, Spring Festival -> first working day Tue 02-24.
    assert _due(rules, "foi.lawsuit", D(2025, 8, 15), cal) == D(2026, 2, 24)


def test_annual_report_deadline(rules: RuleSet, cal: YearTableCalendar) -> None:
    assert _due(rules, "annual_report.deadline", D(2025, 12, 31), cal) == D(2026, 6, 30)
    # 2024-06-30 was a Sunday: the rule does not shift, the statute says 30 June.
    assert _due(rules, "annual_report.deadline", D(2023, 5, 5), cal) == D(2024, 6, 30)
    shifted = Period(1, Unit.FIXED_DATE, shift_to_workday=True, fixed_month=6, fixed_day=30)
    assert due_date(D(2023, 5, 5), shifted, cal) == D(2024, 7, 1)


def test_fixed_date_clamps_to_month_end(cal: YearTableCalendar) -> None:
    feb = Period(1, Unit.FIXED_DATE, shift_to_workday=False, fixed_month=2, fixed_day=31)
    assert due_date(D(2023, 3, 1), feb, cal) == D(2024, 2, 29)
    assert due_date(D(2024, 3, 1), feb, cal) == D(2025, 2, 28)


def test_year_boundary(cal: YearTableCalendar) -> None:
    # 2025-12-30 (Tue) + 3 WD: 12-31 #1, [2026-01-01..01-03 off], 01-04 Sun make-up #2, 01-05 #3.
    assert cal.nth_workday_after(D(2025, 12, 30), 3) == D(2026, 1, 5)
    assert cal.workdays_between(D(2025, 12, 30), D(2026, 1, 5)) == 3


# -- errors --------------------------------------------------------------------------------


def test_missing_year_fails_closed_naming_the_year(cal: YearTableCalendar) -> None:
    # 2026-12-28 (Mon) + 7 WD needs 2027, which chinesecalendar 1.11 does not cover.
    with pytest.raises(CalendarYearMissing) as info:
        due_date(D(2026, 12, 28), WD7, cal)
    assert info.value.year == 2027
    assert "2027" in info.value.message_zh and "2027" in info.value.message_en
    assert info.value.code == "calendar_year_missing"
    assert isinstance(info.value, DomainError)


def test_missing_year_for_a_shifted_calendar_period(rules: RuleSet, cal: YearTableCalendar) -> None:
    # 2026-11-01 + 90 days ends in 2027: whether that is a working day is unknown.
    with pytest.raises(CalendarYearMissing):
        _due(rules, "case.decide", D(2026, 11, 1), cal)


def test_unshifted_calendar_period_needs_no_calendar(rules: RuleSet, cal: YearTableCalendar) -> None:
    # Three years of publicity: the end is not moved, so no holiday table is needed (2028).
    spec = rules.get("penalty.publicity", on=D(2025, 3, 15))
    result = compute_due(D(2025, 3, 15), spec.period, cal)
    assert result.due == D(2028, 3, 15)
    assert "2028-03-15" in result.explain("en")


def test_one_missing_day_of_data_is_not_guessed() -> None:
    empty = YearTableCalendar(label="empty")
    assert not empty.covers(2025)
    with pytest.raises(CalendarYearMissing):
        empty.is_workday(D(2025, 1, 2))


def test_extension_limits(rules: RuleSet, cal: YearTableCalendar) -> None:
    with pytest.raises(ExtensionNotAllowed) as info:
        _due(rules, "complaint.accept", D(2025, 9, 26), cal, extensions=1)
    assert "不得延长" in info.value.message_zh and "may not be extended" in info.value.message_en
    with pytest.raises(ExtensionNotAllowed) as info:
        _due(rules, "report.verify", D(2025, 9, 26), cal, extensions=2)
    assert info.value.details["limit"] == 1
    with pytest.raises(ValidationFailed):
        due_date(D(2025, 9, 26), WD7, cal, extensions=-1)


def test_pause_validation(rules: RuleSet, cal: YearTableCalendar) -> None:
    with pytest.raises(InvalidPause) as info:
        DateRange(D(2025, 10, 5), D(2025, 10, 1))
    assert info.value.field == "pauses"
    with pytest.raises(InvalidPause):
        DateRange.parse("2025-10-05:2025-10-01")
    with pytest.raises(ValidationFailed):
        DateRange.parse("2025-10-05:2025-13-01")
    with pytest.raises(InvalidPause):
        DateRange.parse("a:b:c")
    assert DateRange.parse("2025-10-05") == DateRange(D(2025, 10, 5), D(2025, 10, 5))
    spec = rules.get("annual_report.deadline", on=D(2025, 1, 1))
    with pytest.raises(InvalidPause):
        compute_due(D(2025, 1, 1), spec.period, cal, [DateRange(D(2025, 3, 1), D(2025, 3, 2))])


def test_parse_date() -> None:
    assert parse_date("2025-09-26") == D(2025, 9, 26)
    for bad in ("2025-02-30", "26/09/2025", "2025-9-26", ""):
        with pytest.raises(ValidationFailed) as info:
            parse_date(bad, field="start")
        assert info.value.field == "start"


# -- calendar ------------------------------------------------------------------------------


def test_package_calendar_matches_chinesecalendar_every_day(cal: YearTableCalendar) -> None:
    day = D(2004, 1, 1)
    while day <= D(2026, 12, 31):
        assert cal.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_make_up_days_2025_and_2026() -> None:
    spec_2025, spec_2026 = package_year_spec(2025), package_year_spec(2026)
    assert spec_2025 is not None and spec_2026 is not None
    assert sorted(spec_2025.workdays) == [
        D(2025, 1, 26),
        D(2025, 2, 8),
        D(2025, 4, 27),
        D(2025, 9, 28),
        D(2025, 10, 11),
    ]
    assert sorted(spec_2026.workdays) == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    assert package_year_spec(2027) is None


def test_workday_queries(cal: YearTableCalendar) -> None:
    assert cal.is_workday(D(2025, 9, 28))  # make-up Sunday
    assert not cal.is_workday(D(2025, 10, 6))  # holiday Monday
    assert cal.next_workday(D(2025, 10, 1)) == D(2025, 10, 9)
    assert cal.next_workday(D(2025, 10, 9)) == D(2025, 10, 9)
    assert cal.workdays_in(D(2025, 9, 26), D(2025, 10, 13)) == [
        D(2025, 9, 28),
        D(2025, 9, 29),
        D(2025, 9, 30),
        D(2025, 10, 9),
        D(2025, 10, 10),
        D(2025, 10, 11),
        D(2025, 10, 13),
    ]
    assert cal.workdays_between(D(2025, 10, 13), D(2025, 10, 13)) == 0
    specials = cal.special_days(D(2025, 9, 26), D(2025, 10, 13))
    assert next(s.day for s in specials) == D(2025, 9, 28)
    assert len(specials) == 10  # 09-28, 10-01..10-08, 10-11
    with pytest.raises(ValueError):
        cal.nth_workday_after(D(2025, 1, 1), 0)


def test_days_remaining_and_due_soon(cal: YearTableCalendar) -> None:
    assert days_remaining(D(2025, 9, 26), D(2025, 10, 13), cal) == 7
    assert days_remaining(D(2025, 10, 13), D(2025, 10, 13), cal) == 0
    assert days_remaining(D(2025, 10, 15), D(2025, 10, 13), cal) == -2
    # 3 working days after Tue 2025-09-30: 10-09, 10-10, 10-11.
    assert due_soon_threshold(D(2025, 9, 30), cal, 3) == D(2025, 10, 11)
    assert due_soon_threshold(D(2025, 9, 30), cal, 0) == D(2025, 9, 30)


def test_override_year_from_a_calendar_file(cal: YearTableCalendar) -> None:
    spec, _ = parse_calendar_data(TEST_2027)
    combined = YearTableCalendar([spec], source=package_year_spec)
    # Start Wed 2027-02-03: 02-04 #1, 02-05 #2, [02-06..02-12 off, 02-13 Sat], 02-14 Sun make-up #3,
    # 02-15 #4, 02-16 #5, 02-17 #6, 02-18 Thu #7.
    assert due_date(D(2027, 2, 3), WD7, combined) == D(2027, 2, 18)
    # Across the boundary: 2026-12-28 (Mon): 12-29 #1, 12-30 #2, 12-31 #3, [2027-01-01 off, 01-02/03 weekend],
    # 01-04 #4, 01-05 #5, 01-06 #6, 01-07 Thu #7.
    assert due_date(D(2026, 12, 28), WD7, combined) == D(2027, 1, 7)
    assert combined.year_spec(2026) is not None and combined.year_spec(2026).origin == "package"  # type: ignore[union-attr]
    assert combined.year_spec(2027).origin == "override"  # type: ignore[union-attr]


def test_override_wins_over_the_package() -> None:
    package = package_year_spec(2025)
    assert package is not None
    # An override for 2025 that (hypothetically) also gives 2025-10-09 off.
    override = type(package)(
        year=2025,
        holidays=package.holidays | {D(2025, 10, 9)},
        workdays=package.workdays,
        origin="override",
    )
    combined = YearTableCalendar([override], source=package_year_spec)
    assert not combined.is_workday(D(2025, 10, 9))
    assert package_calendar().is_workday(D(2025, 10, 9))


# -- rules ---------------------------------------------------------------------------------


def test_rule_versions_in_force() -> None:
    old = rule("x.period", Period(15, Unit.WORKING_DAYS), D(2020, 1, 1), version=1)
    new = rule("x.period", Period(10, Unit.WORKING_DAYS), D(2024, 5, 1), version=2)
    ended = rule("y.period", Period(5, Unit.WORKING_DAYS), D(2020, 1, 1), effective_to=D(2022, 12, 31))
    rules = RuleSet([new, old, ended])
    assert rules.get("x.period", on=D(2024, 4, 30)) is old
    assert rules.get("x.period", on=D(2024, 5, 1)) is new
    assert rules.version("x.period", 1) is old
    assert rules.get("y.period", on=D(2022, 12, 31)) is ended
    with pytest.raises(RuleNotInForce):
        rules.get("y.period", on=D(2023, 1, 1))
    with pytest.raises(RuleNotInForce):
        rules.get("x.period", on=D(2019, 12, 31))
    with pytest.raises(UnknownRule) as info:
        rules.get("nope", on=D(2024, 1, 1))
    assert info.value.field == "rule_id"
    assert len(rules) == 3 and "x.period" in rules and rules.ids() == ["x.period", "y.period"]
    with pytest.raises(ValueError):
        RuleSet([old, rule("x.period", Period(1, Unit.WORKING_DAYS), D(2020, 1, 1), version=3)])


def test_period_validation() -> None:
    with pytest.raises(ValueError):
        Period(0, Unit.WORKING_DAYS)
    with pytest.raises(ValueError):
        Period(1, Unit.FIXED_DATE)
    with pytest.raises(ValueError):
        Period(5, Unit.WORKING_DAYS, extension_limit=1)
    with pytest.raises(ValueError):
        Period(1, Unit.FIXED_DATE, extension_amount=1, extension_limit=1, fixed_month=6, fixed_day=30)
    assert Period(15, Unit.WORKING_DAYS, 15, 1).extension_allowed
    assert not Period(15, Unit.WORKING_DAYS).extension_allowed


def test_add_months() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)
    assert add_months(D(2025, 3, 15), 36) == D(2028, 3, 15)
    assert add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)


def test_merge_windows() -> None:
    windows = merge_windows(
        [
            DateRange(D(2025, 3, 10), D(2025, 3, 12), "a"),
            DateRange(D(2025, 3, 1), D(2025, 3, 5), "b"),
            DateRange(D(2025, 3, 13), D(2025, 3, 14), "c"),
            DateRange(D(2025, 2, 1), D(2025, 2, 3), "before"),
        ],
        after=D(2025, 3, 2),
    )
    assert windows == [
        DateRange(D(2025, 3, 3), D(2025, 3, 5), "b"),
        DateRange(D(2025, 3, 10), D(2025, 3, 14), "a；c"),
    ]


# -- the explanation -----------------------------------------------------------------------


def test_explain_lists_holidays_make_up_days_pauses_and_due(rules: RuleSet, cal: YearTableCalendar) -> None:
    spec = rules.get("report.verify", on=D(2025, 9, 26))
    result = compute_due(
        D(2025, 9, 26), spec.period, cal, [DateRange(D(2025, 10, 9), D(2025, 10, 10), "检测")], 1, rule=spec
    )
    zh, en = result.explain("zh"), result.explain("en")
    assert "起算日 2025-09-26" in zh and "当日不计入" in zh
    assert "2025-09-28（星期日）调休上班日" in zh
    assert "2025-10-01 至 2025-10-08 法定节假日" in zh
    assert "暂停 2025-10-09 至 2025-10-10（检测）：其间2个工作日不计入期限" in zh
    assert "第1次延长" in zh and "原到期日" in zh
    assert f"到期日 {result.due.isoformat()}" in zh
    assert "make-up working day" in en and "statutory holiday" in en and "extension 1" in en
    kinds = [event.kind for event in result.trace]
    assert kinds[0] is TraceKind.START and kinds[-1] is TraceKind.DUE
    assert TraceKind.HOLIDAY in kinds and TraceKind.MAKEUP_WORKDAY in kinds and TraceKind.PAUSE in kinds
    # 15 working days for the period plus 15 for the extension, none inside the pause.
    counted = result.trace[-1].counted
    assert len(counted) == 30
    assert D(2025, 10, 9) not in counted and D(2025, 10, 10) not in counted
    payload = result.as_dict()
    assert payload["due"] == result.due.isoformat() and payload["start"] == "2025-09-26"
    assert all(isinstance(item, dict) and "kind" in item and "text_zh" in item for item in payload["trace"])


def test_explain_shift_for_calendar_days(rules: RuleSet, cal: YearTableCalendar) -> None:
    spec = rules.get("case.decide", on=D(2025, 7, 3))
    result = compute_due(D(2025, 7, 3), spec.period, cal, rule=spec)
    shift = [e for e in result.trace if e.kind is TraceKind.SHIFT]
    assert len(shift) == 1 and shift[0].day == D(2025, 10, 1) and shift[0].until == D(2025, 10, 9)
    assert "2025-10-01（星期三）不是工作日，顺延至 2025-10-09（星期四）" in result.explain("zh")
    assert "is not a working day: moved to 2025-10-09" in result.explain("en")


# -- clock replay --------------------------------------------------------------------------


def _ev(kind: ClockEventKind, on: dt.date, reason: str = "") -> ClockEventSpec:
    return ClockEventSpec(kind, on, reason=reason, actor="张三")


def test_replay_pause_resume(cal: YearTableCalendar) -> None:
    events = [
        _ev(ClockEventKind.START, D(2025, 9, 26)),
        _ev(ClockEventKind.PAUSE, D(2025, 9, 29), "送检"),
        _ev(ClockEventKind.RESUME, D(2025, 10, 11)),
    ]
    state = replay_clock(events, WD7, cal)
    # Window 09-29..10-10, as in test_pause_over_national_day_2025.
    assert state.status is ClockStatus.RUNNING and state.due == D(2025, 10, 17)
    assert state.pauses == (DateRange(D(2025, 9, 29), D(2025, 10, 10), "送检"),)
    text = state.explain("zh")
    assert "暂停计时：送检" in text and "恢复计时" in text and "到期日 2025-10-17" in text


def test_replay_open_pause_is_provisional(cal: YearTableCalendar) -> None:
    state = replay_clock(
        [_ev(ClockEventKind.START, D(2025, 9, 26)), _ev(ClockEventKind.PAUSE, D(2025, 9, 29), "鉴定")],
        WD7,
        cal,
    )
    # As if resumed 09-30: 09-28 #1, 09-30 #2, 10-09 #3, 10-10 #4, 10-11 #5, 10-13 #6, 10-14 #7.
    assert state.status is ClockStatus.PAUSED and state.open_pause == D(2025, 9, 29)
    assert state.due == D(2025, 10, 14)
    assert any(e.kind is TraceKind.OPEN_PAUSE for e in state.trace)


def test_replay_restart_for_a_corrected_request(rules: RuleSet, cal: YearTableCalendar) -> None:
    spec = rules.get("foi.reply", on=D(2026, 2, 11))
    events = [
        _ev(ClockEventKind.START, D(2026, 2, 11)),
        _ev(ClockEventKind.PAUSE, D(2026, 2, 12), "补正"),
        _ev(ClockEventKind.RESTART, D(2026, 2, 13), "收到补正后的申请"),
    ]
    state = replay_clock(events, spec.period, cal, rule=spec)
    # 20 WD from 02-13: 02-14 #1, 02-24..02-27 #2-5, 02-28 #6, 03-02..03-06 #7-11, 03-09..03-13 #12-16,
    # 03-16..03-19 #17-20.
    assert state.period_start == D(2026, 2, 13) and state.due == D(2026, 3, 19)
    assert state.pauses == () and state.open_pause is None and state.status is ClockStatus.RUNNING


def test_replay_extension_and_completion(rules: RuleSet, cal: YearTableCalendar) -> None:
    spec = rules.get("report.verify", on=D(2025, 9, 26))
    events = [_ev(ClockEventKind.START, D(2025, 9, 26)), _ev(ClockEventKind.EXTEND, D(2025, 10, 20), "复杂")]
    state = replay_clock(events, spec.period, cal, rule=spec)
    assert state.due == D(2025, 11, 13) and state.normal_due == D(2025, 10, 23)
    with pytest.raises(ExtensionNotAllowed):
        replay_clock([*events, _ev(ClockEventKind.EXTEND, D(2025, 10, 21))], spec.period, cal, rule=spec)
    done = replay_clock([*events, _ev(ClockEventKind.COMPLETE, D(2025, 11, 14))], spec.period, cal, rule=spec)
    assert done.status is ClockStatus.COMPLETED and done.completed_late
    on_time = replay_clock(
        [*events, _ev(ClockEventKind.COMPLETE, D(2025, 11, 13))], spec.period, cal, rule=spec
    )
    assert not on_time.completed_late


def test_replay_rejects_events_that_do_not_fit(cal: YearTableCalendar) -> None:
    start = _ev(ClockEventKind.START, D(2025, 9, 26))
    cases = [
        ([_ev(ClockEventKind.PAUSE, D(2025, 9, 26))], "clock_no_start"),
        ([start, _ev(ClockEventKind.RESUME, D(2025, 9, 29))], "clock_not_paused"),
        (
            [start, _ev(ClockEventKind.PAUSE, D(2025, 9, 29)), _ev(ClockEventKind.PAUSE, D(2025, 9, 30))],
            "clock_not_running",
        ),
        (
            [start, _ev(ClockEventKind.PAUSE, D(2025, 9, 29)), _ev(ClockEventKind.RESUME, D(2025, 9, 29))],
            "resume_before_pause",
        ),
        (
            [start, _ev(ClockEventKind.PAUSE, D(2025, 9, 29)), _ev(ClockEventKind.PAUSE, D(2025, 9, 27))],
            "clock_event_out_of_order",
        ),
        (
            [start, _ev(ClockEventKind.STOP, D(2025, 9, 29)), _ev(ClockEventKind.PAUSE, D(2025, 9, 30))],
            "clock_ended",
        ),
        ([start, start], "clock_already_started"),
    ]
    for events, code in cases:
        with pytest.raises(ClockEventRejected) as info:
            replay_clock(events, WD7, cal)
        assert info.value.code == code, events
        assert info.value.message_zh and info.value.message_en


def test_stop_closes_an_open_pause(cal: YearTableCalendar) -> None:
    events = [
        _ev(ClockEventKind.START, D(2025, 9, 26)),
        _ev(ClockEventKind.PAUSE, D(2025, 9, 29)),
        _ev(ClockEventKind.STOP, D(2025, 10, 11), "撤回投诉"),
    ]
    state = replay_clock(events, WD7, cal)
    assert state.status is ClockStatus.STOPPED and state.ended_on == D(2025, 10, 11)
    assert state.pauses == (DateRange(D(2025, 9, 29), D(2025, 10, 10)),)


def test_check_within_period(cal: YearTableCalendar) -> None:
    state = replay_clock([_ev(ClockEventKind.START, D(2025, 9, 26))], WD7, cal)
    check_within_period(state, D(2025, 10, 13), "暂停", "paused")
    with pytest.raises(ClockEventRejected) as info:
        check_within_period(state, D(2025, 10, 14), "暂停", "paused")
    assert info.value.code == "clock_lapsed"
