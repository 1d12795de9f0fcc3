"""Decision aid: months forfeited, the 8-year what-if, the pension alternative, repeat stays,
re-entry permits."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from calc import estimate, load_parameters
from tests.unit.conftest import epi, make_claim, np_period


def test_months_forfeited_and_the_96_month_comparison() -> None:
    result = estimate(make_claim(nationality="PH",
                                 employees_pension=[epi("2019-04", "2026-03", 300000)]))
    decision = result.decision
    assert decision is not None
    assert decision.months_forfeited_employees_pension == 24
    what_if = estimate(make_claim(nationality="PH", what_if_96_month_cap=True,
                                  employees_pension=[epi("2019-04", "2026-03", 300000)]))
    assert decision.lump_sum_if_96_month_cap == (
        what_if.total_received + what_if.employees_pension.tax_refund.low)
    assert decision.lump_sum_if_96_month_cap > decision.lump_sum_now
    assert decision.totalization_country == "the Philippines"


def test_no_96_comparison_below_the_cap() -> None:
    decision = estimate(make_claim(employees_pension=[epi("2023-04", "2026-03")])).decision
    assert decision is not None and decision.lump_sum_if_96_month_cap is None
    assert decision.totalization_country is None  # Vietnam has no agreement


def test_pension_alternative_formula() -> None:
    params = load_parameters()
    full = params.old_age_basic_pension.at(date(2026, 11, 24))
    claim = make_claim(
        national_pension=[np_period("2008-04", "2009-03", "exempt"),   # 12 × 1/3 (before 2009-04)
                          np_period("2009-04", "2010-03", "exempt"),   # 12 × 1/2
                          np_period("2010-04", "2011-03", "student_deferral")],  # 0
        employees_pension=[epi("2002-04", "2003-03", 200000),  # before April 2003
                           epi("2023-04", "2026-03", 300000)],
        bonuses=[{"month": "2025-12", "amount": 400000}],
    )
    pension = estimate(claim).decision.pension
    months = Fraction(12, 3) + Fraction(12, 2) + 48
    assert pension.basic_pension_months == "58"
    assert pension.basic_pension_yearly == int(Fraction(full) * months / 480 + Fraction(1, 2))
    earnings = Fraction(12 * 200000) * Fraction("7.125") / 1000 + \
        Fraction(36 * 300000 + 400000) * Fraction("5.481") / 1000
    assert pension.earnings_related_yearly == int(earnings + Fraction(1, 2))
    assert pension.covered_months == 36 + 48  # exempt and deferred months count here
    assert pension.months_to_qualify == 120 - 84
    lump = estimate(claim).decision.lump_sum_now
    years = pension.years_to_exceed_lump_sum
    assert years is not None and (years - 1) * pension.yearly_total < lump <= \
        years * pension.yearly_total


def test_repeat_stay_excludes_months_already_paid_out() -> None:
    first = {**epi("2015-04", "2018-03", 250000), "already_paid_out": True}
    claim = make_claim(employees_pension=[first, epi("2023-04", "2026-03", 200000)],
                       bonuses=[{"month": "2016-12", "amount": 900000}])
    result = estimate(claim)
    assert result.employees_pension.insured_months == 36
    assert result.employees_pension.average_standard_remuneration == "200000"
    assert result.decision.pension.covered_months == 36
    only_old = estimate(make_claim(employees_pension=[first]))
    assert not only_old.employees_pension.payable
    assert only_old.employees_pension.reasons[0].message.startswith("No Employees' Pension "
                                                                    "months left")


def test_reentry_permit_without_moving_out_notice() -> None:
    claim = make_claim(claim_date="2026-11-24", left_japan_on="2026-03-31",
                       reentry_permit_until="2027-03-31", moved_out_notice_filed=False,
                       employees_pension=[epi("2023-04", "2026-03")])
    result = estimate(claim)
    assert not result.eligible
    assert result.reasons[0].code == "reentry_permit_valid"
    assert result.reasons[0].params["from"] == "2027-04-01"
    assert str(result.claim_deadline) == "2029-03-31"
    claim["claim_date"] = "2027-04-01"
    assert estimate(claim).eligible
    claim["moved_out_notice_filed"] = True
    claim["claim_date"] = "2026-11-24"
    filed = estimate(claim)
    assert filed.eligible and str(filed.claim_deadline) == "2028-03-31"
