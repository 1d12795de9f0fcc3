"""Coverage over time: every month from April 2003 to the end of the data can be a final
month, a last paid month and a claim date, with no gap in a series and no date the data does
not cover."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from calc import InvalidClaim, estimate
from calc.months import YearMonth
from calc.parameters import load_parameters
from tests.unit.conftest import epi, make_claim, np_period

PARAMS = load_parameters()
FIRST = YearMonth(2003, 4)
#: The end of the data: the last month of the last fiscal year with a National Pension premium.
LAST = YearMonth(PARAMS.latest_premium_fiscal_year() + 1, 3)
#: Series that start later than April 2003 on purpose, with what their start limits.
LATER_BY_DESIGN = {
    "income_tax_brackets": "the refund estimate starts with tax year 2007",
    "short_service_rule": "the short-service rule exists from 2022",
    "old_age_basic_pension": "the claim-now-or-wait comparison starts in fiscal year 2025",
}
#: Final and last paid months; the claim is made the month after, up to the end of the data.
MONTHS = [YearMonth.from_index(i) for i in range(FIRST.index, LAST.index)]


def _text(month: YearMonth) -> str:
    return f"{month.year}-{month.month:02d}"


def test_the_data_reaches_past_today() -> None:
    assert YearMonth(2027, 3) <= LAST


def test_every_series_covers_april_2003_or_says_why_not() -> None:
    later = {series.id for series in PARAMS.all_series()
             if series.dated[0].from_ is not None and series.dated[0].from_ > FIRST.first_day}
    assert later == set(LATER_BY_DESIGN)


def test_one_premium_for_each_fiscal_year_from_april() -> None:
    """Each fiscal year has its own row (from 1 April), so a missing year cannot silently
    reuse the year before."""
    starts = [v.from_ for v in PARAMS.np_premium.dated if v.from_ is not None]
    assert all(start.month == 4 and start.day == 1 for start in starts)
    assert [start.year for start in starts] == list(range(starts[0].year, LAST.year)), \
        "a fiscal year is missing or repeated"


@pytest.mark.parametrize("year", range(FIRST.year, LAST.year + 1))
def test_every_month_is_a_final_month_a_last_paid_month_and_a_claim_date(year: int) -> None:
    for month in (m for m in MONTHS if m.year == year):
        first = _text(YearMonth.from_index(month.index - 35))
        left = YearMonth.from_index(month.index + 1).first_day - timedelta(days=1)
        claim_date = (left + timedelta(days=1)).isoformat()
        common = {"claim_date": claim_date, "left_japan_on": left.isoformat()}
        try:
            np = estimate(make_claim(**common, national_pension=[np_period(first, _text(month))]),
                          explain=False)
            by_pay = estimate(make_claim(**common, employees_pension=[
                epi(first, _text(month - 12)),
                {"from": _text(month - 11), "to": _text(month), "monthly_salary": 310000}]),
                explain=False)
            by_grade = estimate(make_claim(**common,
                                           employees_pension=[epi(first, _text(month))]),
                                explain=False)
        except InvalidClaim as error:  # outside_data or any other gap in the data
            pytest.fail(f"{month}: {error}")
        premium = PARAMS.np_premium.at(month.first_day)
        assert np.national_pension.amount == premium * 36 // 2, month
        assert np.national_pension.reference_month == month
        assert "parameters_outdated" not in {w.code for w in np.warnings}, month
        for result in (by_pay, by_grade):
            assert result.employees_pension.amount > 0, month
            assert result.employees_pension.final_month == month
            codes = {w.code for w in result.warnings}
            tax_from = PARAMS.income_tax_brackets.dated[0].from_
            assert tax_from is not None
            assert ("tax_rules_missing" in codes) == (date.fromisoformat(claim_date).year
                                                      < tax_from.year), month
