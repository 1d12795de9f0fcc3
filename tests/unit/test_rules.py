"""One test per rule and boundary of reference.md: minimums, caps, weights, dates, rounding."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from calc import InvalidClaim, estimate, load_parameters
from calc.eligibility import claim_deadline
from calc.months import YearMonth
from calc.rounding import round_half_up, round_half_up_tenth
from tests.unit.conftest import epi, make_claim, np_period


def months_back(end: str, count: int) -> str:
    return str(YearMonth.parse(end) - (count - 1))


# --- minimum months (5 / 6) --------------------------------------------------------------------

@pytest.mark.parametrize(("months", "payable"), [(5, False), (6, True)])
def test_employees_pension_needs_six_months(months: int, payable: bool) -> None:
    result = estimate(make_claim(employees_pension=[epi(months_back("2026-03", months),
                                                        "2026-03")]))
    assert result.employees_pension.payable is payable
    assert result.employees_pension.multiplier == (6 if payable else None)
    if not payable:
        assert result.employees_pension.reasons[0].code == "epi_below_minimum"
        assert result.employees_pension.amount == 0


@pytest.mark.parametrize(("months", "payable"), [(5, False), (6, True)])
def test_national_pension_needs_six_counted_months(months: int, payable: bool) -> None:
    result = estimate(make_claim(national_pension=[np_period(months_back("2026-03", months),
                                                             "2026-03")]))
    assert result.national_pension.payable is payable


def test_schemes_are_counted_separately() -> None:
    """5 NP months + 5 EPI months: neither scheme reaches 6 on its own."""
    result = estimate(make_claim(national_pension=[np_period("2025-06", "2025-10")],
                                 employees_pension=[epi("2025-11", "2026-03")]))
    assert not result.eligible
    assert result.national_pension.amount == result.employees_pension.amount == 0


# --- caps: 35/36/60/61 months and the March/April 2021 switch --------------------------------

@pytest.mark.parametrize(
    ("months", "final", "multiplier"),
    [
        (35, "2021-03", 30), (36, "2021-03", 36), (60, "2021-03", 36), (61, "2021-03", 36),
        (35, "2021-04", 30), (36, "2021-04", 36), (59, "2021-04", 54), (60, "2021-04", 60),
        (61, "2021-04", 60),
    ],
)
def test_cap_depends_on_final_month(months: int, final: str, multiplier: int) -> None:
    final_month = YearMonth.parse(final)
    claim = make_claim(
        claim_date=(final_month + 1).first_day.replace(day=15).isoformat(),
        left_japan_on=(final_month + 1).first_day.isoformat(),
        employees_pension=[epi(months_back(final, months), final)],
    )
    assert estimate(claim).employees_pension.multiplier == multiplier


@pytest.mark.parametrize(("last_paid", "cap"), [("2021-03", 36), ("2021-04", 60)])
def test_national_pension_cap_follows_reference_month(last_paid: str, cap: int) -> None:
    claim = make_claim(claim_date="2021-06-01", left_japan_on="2021-05-15",
                       national_pension=[np_period(months_back(last_paid, 70), last_paid)])
    result = estimate(claim).national_pension
    assert (result.cap, result.multiplier) == (cap, cap)


def test_months_above_cap_are_reported() -> None:
    result = estimate(make_claim(employees_pension=[epi("2019-04", "2026-03")]))
    assert result.employees_pension.months_above_cap == 24
    codes = [w.code for w in result.warnings]
    assert "months_above_cap" in codes and "cap_96_pending" in codes


# --- contribution-rate October: August / September final months -------------------------------

@pytest.mark.parametrize(
    ("final", "rate_month", "rate"),
    [("2017-08", "2015-10", "0.17828"), ("2017-09", "2016-10", "0.18182"),
     ("2018-08", "2016-10", "0.18182"), ("2018-09", "2017-10", "0.183")],
)
def test_rate_of_october_before_final_month(final: str, rate_month: str, rate: str) -> None:
    final_month = YearMonth.parse(final)
    claim = make_claim(claim_date=(final_month + 1).first_day.isoformat(),
                       left_japan_on=(final_month + 1).first_day.isoformat(),
                       employees_pension=[epi(months_back(final, 36), final)])
    result = estimate(claim).employees_pension
    assert str(result.contribution_rate_month) == rate_month
    assert result.contribution_rate == rate


# --- qualifying period: 119 / 120 months ---------------------------------------------------------

@pytest.mark.parametrize(("months", "eligible"), [(119, True), (120, False)])
def test_qualifying_period(months: int, eligible: bool) -> None:
    # exempt months count toward the 10 years though they pay nothing
    claim = make_claim(national_pension=[np_period("2014-04", "2016-03", "exempt")],
                       employees_pension=[epi(months_back("2026-03", months - 24), "2026-03")])
    result = estimate(claim)
    assert result.eligible is eligible
    assert ("qualifying_period_reached" in [r.code for r in result.reasons]) is not eligible


def test_unpaid_months_do_not_count_toward_qualifying_period() -> None:
    claim = make_claim(national_pension=[np_period("2014-04", "2016-03", "unpaid")],
                       employees_pension=[epi("2016-04", "2026-03")])  # 120 EPI months
    assert not estimate(claim).eligible
    claim["employees_pension"] = [epi("2016-05", "2026-03")]  # 119
    assert estimate(claim).eligible


def test_qualifying_period_was_25_years_before_august_2017() -> None:
    claim = make_claim(claim_date="2017-07-15", left_japan_on="2017-06-30",
                       employees_pension=[epi("2005-04", "2017-06")])  # 147 months
    assert estimate(claim).eligible
    claim["claim_date"] = "2017-08-01"
    assert not estimate(claim).eligible


# --- National Pension weights and reference month ----------------------------------------------

@pytest.mark.parametrize(
    ("status", "counted"),
    [("paid", "12"), ("quarter_exempt", "9"), ("half_exempt", "6"),
     ("three_quarter_exempt", "3"), ("exempt", "0"), ("student_deferral", "0"),
     ("unpaid", "0")],
)
def test_month_weights(status: str, counted: str) -> None:
    result = estimate(make_claim(national_pension=[np_period("2025-04", "2026-03", status)]))
    assert result.national_pension.counted_months == counted


def test_fractional_counted_months() -> None:
    claim = make_claim(national_pension=[np_period("2025-01", "2025-03", "three_quarter_exempt"),
                                         np_period("2025-04", "2025-09", "paid")])
    result = estimate(claim).national_pension
    assert result.counted_months == "6.75"
    assert result.multiplier == 6


def test_reference_month_skips_unpaid_tail() -> None:
    """Later unpaid or exempt months do not move the reference month (基準月)."""
    claim = make_claim(national_pension=[np_period("2024-01", "2025-03", "paid"),
                                         np_period("2025-04", "2026-02", "unpaid")])
    result = estimate(claim).national_pension
    assert str(result.reference_month) == "2025-03"
    assert result.monthly_premium == load_parameters().np_premium.at(date(2024, 4, 1))


# --- Employees' Pension average: pre-2003 and bonuses ------------------------------------------

def test_pre_april_2003_months_times_1_3() -> None:
    claim = make_claim(claim_date="2003-10-01", left_japan_on="2003-09-30",
                       employees_pension=[epi("2002-10", "2003-09", 100000)])
    result = estimate(claim).employees_pension
    # 6 months × 130,000 + 6 months × 100,000 over 12 months
    assert result.average_standard_remuneration == "115000"


def test_bonus_cap_and_truncation() -> None:
    claim = make_claim(employees_pension=[epi("2025-04", "2026-03", 0 + 100000)],
                       bonuses=[{"month": "2025-07", "amount": 1_500_999},
                                {"month": "2025-12", "amount": 999}])
    result = estimate(claim).employees_pension
    # 1,500,999 → 1,500,000 (truncated, at the cap); 999 → 0
    assert result.average_standard_remuneration == "225000"


def test_bonus_cap_before_april_2007_was_2_000_000() -> None:
    claim = make_claim(claim_date="2006-10-01", left_japan_on="2006-09-30",
                       employees_pension=[epi("2005-10", "2006-09", 100000)],
                       bonuses=[{"month": "2006-07", "amount": 2_500_000}])
    assert estimate(claim).employees_pension.average_standard_remuneration == "266666.6667"


def test_salary_mapped_to_grade_of_each_month() -> None:
    # 640,000 is grade 31 (620,000) before September 2020 and grade 32 (650,000) from then.
    claim = make_claim(employees_pension=[{"from": "2020-03", "to": "2020-10",
                                           "monthly_salary": 640000}],
                       claim_date="2020-12-01", left_japan_on="2020-11-01")
    result = estimate(claim)
    # March–August 2020: 6 × 620,000; September–October: 2 × 650,000; over 8 months
    assert result.employees_pension.average_standard_remuneration == "627500"
    assert "salary_estimated" in [w.code for w in result.warnings]


# --- rounding --------------------------------------------------------------------------------

def test_round_half_up() -> None:
    assert round_half_up(2.5) == 3 and round_half_up(-2.5) == -3 and round_half_up(2.4999) == 2


@pytest.mark.parametrize(("raw", "rounded"), [("2.745", "2.7"), ("2.75", "2.8"), ("5.49", "5.5"),
                                              ("0.549", "0.5"), ("1", "1.0")])
def test_payment_rate_rounding(raw: str, rounded: str) -> None:
    assert str(round_half_up_tenth(Fraction(raw))) == rounded


def test_epi_yen_rounding_half_up() -> None:
    # 6 months at 100,001: 100,001 × 0.5 = 50,000.5 → 50,001
    claim = make_claim(employees_pension=[epi("2025-10", "2026-03", 100001)])
    assert estimate(claim).employees_pension.amount == 50001


# --- deadline and dates ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("left", "deadline"),
    [("2026-03-31", "2028-03-31"), ("2026-03-30", "2028-03-30"),
     ("2024-02-28", "2026-02-28"), ("2024-02-29", "2026-02-28"), ("2023-02-28", "2025-02-28")],
)
def test_claim_deadline(left: str, deadline: str) -> None:
    params = load_parameters()
    assert claim_deadline(params, date.fromisoformat(left)).isoformat() == deadline


@pytest.mark.parametrize(("claim_date", "ok"), [("2028-03-31", True), ("2028-04-01", False)])
def test_deadline_boundary(claim_date: str, ok: bool) -> None:
    claim = make_claim(claim_date=claim_date, employees_pension=[epi("2023-04", "2026-03")])
    assert estimate(claim).eligible is ok


def test_claim_before_leaving_is_not_accepted_yet() -> None:
    claim = make_claim(claim_date="2026-03-20", employees_pension=[epi("2023-01", "2026-02")])
    result = estimate(claim)
    assert not result.eligible
    assert result.reasons[0].code == "still_in_japan"
    assert result.employees_pension.amount_if_eligible > 0


def test_ever_entitled_and_missing_departure() -> None:
    result = estimate(make_claim(ever_entitled_to_pension=True, left_japan_on=None,
                                 employees_pension=[epi("2023-04", "2026-03")]))
    assert {r.code for r in result.reasons} == {"ever_entitled", "left_japan_missing"}
    assert result.claim_deadline is None


# --- warnings ----------------------------------------------------------------------------------

def test_totalization_and_permanent_resident_warnings() -> None:
    result = estimate(make_claim(nationality="ph", permanent_resident=True,
                                 employees_pension=[epi("2023-04", "2026-03")]))
    codes = [w.code for w in result.warnings]
    assert "totalization_agreement" in codes and "permanent_resident" in codes
    assert "tax_refund" in codes
    china = estimate(make_claim(nationality="CN", employees_pension=[epi("2023-04", "2026-03")]))
    assert "agreement_no_totalization" in [w.code for w in china.warnings]


def test_outdated_premium_warning() -> None:
    params = load_parameters()
    year = params.latest_premium_fiscal_year() + 1
    claim = make_claim(claim_date=f"{year + 1}-05-01", left_japan_on=f"{year + 1}-04-01",
                       national_pension=[np_period(f"{year}-04", f"{year + 1}-03")])
    result = estimate(claim)
    assert "parameters_outdated" in [w.code for w in result.warnings]


# --- input validation --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"nationality": "JP"}, "nationality", "japanese_national"),
        ({"nationality": "Vietnam"}, "nationality", "nationality_format"),
        ({"employees_pension": [epi("2024-05", "2024-01")]}, "employees_pension.0.to",
         "period_order"),
        ({"employees_pension": [epi("2024-01", "2026-11")]}, "employees_pension.0.to",
         "month_not_before_claim"),
        ({"employees_pension": [{"from": "2024-01", "to": "2024-06"}]},
         "employees_pension.0.standard_monthly_remuneration", "remuneration_choice"),
        ({"employees_pension": [epi("2024-01", "2024-06", -5)]},
         "employees_pension.0.standard_monthly_remuneration", "greater_than_equal"),
        ({"employees_pension": [{"from": "2024-01", "to": "2024-06", "monthly_salary": "abc"}]},
         "employees_pension.0.monthly_salary", "int_parsing"),
        ({"national_pension": [np_period("2024-01", "2024-06", "maybe")]},
         "national_pension.0.status", "literal_error"),
        ({"national_pension": [np_period("2024-13", "2024-06")]},
         "national_pension.0.from", "month_format"),
        ({"national_pension": [np_period("0001-01", "2024-06")]},
         "national_pension.0.from", "month_range"),
        ({"national_pension": [np_period("2024-01", "2024-06")],
          "employees_pension": [epi("2024-06", "2024-12")]}, "employees_pension.0.from",
         "period_overlap"),
        ({"employees_pension": [epi("2024-01", "2024-06")],
          "bonuses": [{"month": "2024-07", "amount": 1}]}, "bonuses.0.month",
         "bonus_outside_coverage"),
        ({"claim_date": "tomorrow"}, "claim_date", "date_parsing"),
        ({"colour": "blue"}, "colour", "extra_forbidden"),
    ],
)
def test_invalid_input_names_the_field(changes: dict, field: str, code: str) -> None:
    with pytest.raises(InvalidClaim) as caught:
        estimate(make_claim(**changes))
    found = {(e.field, e.code) for e in caught.value.errors}
    assert (field, code) in found, caught.value.errors
    assert all(e.message and "Input should" not in e.message for e in caught.value.errors)


def test_overlap_inside_a_long_period_is_found() -> None:
    claim = make_claim(employees_pension=[epi("2020-01", "2025-12"), epi("2021-01", "2021-06"),
                                          epi("2023-01", "2023-06")])
    with pytest.raises(InvalidClaim) as caught:
        estimate(claim)
    assert {e.field for e in caught.value.errors} == {"employees_pension.1.from",
                                                      "employees_pension.2.from"}
