"""The second payment in the claim kit: the refund return line by line (NTA's worked examples,
the short-service rule, the 2027 surtaxes, the tax year), the payment notice's checks, agency
offers and the exchange view. Expected figures come from the sources' own numbers or from the
engine's ``estimate`` on the same claim."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import estimate, i18n
from calc.kit import kit, tax_return
from calc.parameters import load_parameters
from tests.unit.conftest import epi, make_claim

PARAMS = load_parameters()


def lines(result) -> dict[str, int]:
    return {line.code: line.amount for line in result.tax_return.lines}


# --- NTA's worked examples (taisyokusentaku.pdf, as transcribed; claim-kit.md §4.7) ------------


def test_nta_example_employees_pension_lump_sum() -> None:
    """② 厚生年金の脱退一時金 ¥291,478: deduction ¥800,000 (the minimum), tax ¥0, all of the
    ¥59,519 withheld comes back."""
    claim = make_claim(employees_pension=[epi("2024-04", "2026-03", 100000)])
    result = kit({"claim": claim, "notice": {"gross": 291_478, "withheld": 59_519,
                                             "remitted": 231_959, "date": "2026-07-10"}})
    assert result.notice.ok, result.notice.problems
    assert result.tax_return.source == "notice"
    assert lines(result) == {
        "gross": 291_478, "deduction": 800_000, "income": 0, "taxable_income": 0,
        "income_tax": 0, "reconstruction": 0, "total_tax": 0, "withheld": 59_519,
        "refund": 59_519}
    assert result.tax_return.service_years == 2
    assert (result.tax_return.file_from, result.tax_return.file_until) == (
        date(2027, 1, 1), date(2031, 12, 31))


def test_nta_example_ten_years() -> None:
    """① ¥10,000,000 over 10 years: deduction ¥4,000,000, taxable ¥3,000,000, tax
    ¥202,500 + ¥4,252 = ¥206,752; withheld ¥1,429,400 → refund ¥1,222,648."""
    found = tax_return.figures(PARAMS, gross=10_000_000, withheld=1_429_400, other_income=0,
                               insured_months=120, capped_months=120, paid_on=date(2026, 6, 1))
    assert (found.deduction, found.taxable_income, found.income_tax) == (
        4_000_000, 3_000_000, 202_500)
    assert [(s.code, s.rate, s.amount) for s in found.surtaxes] == [
        ("reconstruction", "2.1", 4_252)]
    assert found.total_tax == 206_752
    assert found.refund == 1_222_648
    assert not found.short_service


def test_short_service_rule() -> None:
    """5 years or less: only the first ¥3,000,000 above the deduction is halved."""
    found = tax_return.figures(PARAMS, gross=5_000_000, withheld=1_021_000, other_income=0,
                               insured_months=36, capped_months=36, paid_on=date(2026, 6, 1))
    assert found.deduction == 1_200_000
    assert found.short_service
    assert found.income == 1_500_000 + (3_800_000 - 3_000_000)
    assert found.taxable_income == 2_300_000
    longer = tax_return.figures(PARAMS, gross=5_000_000, withheld=1_021_000, other_income=0,
                                insured_months=72, capped_months=60, paid_on=date(2026, 6, 1))
    assert not longer.short_service and longer.income == (5_000_000 - 2_400_000) // 2


def test_2027_surtaxes_are_two_lines() -> None:
    found = tax_return.figures(PARAMS, gross=10_000_000, withheld=2_042_000, other_income=0,
                               insured_months=120, capped_months=120, paid_on=date(2027, 3, 1))
    assert [(s.code, s.rate) for s in found.surtaxes] == [("reconstruction", "1.1"),
                                                           ("defence", "1")]
    assert [s.amount for s in found.surtaxes] == [202_500 * 11 // 1000, 202_500 // 100]
    assert found.total_tax == 202_500 + 2_227 + 2_025
    assert found.other_readings == ()  # together they truncate to the same 4,252


def test_2027_surtaxes_together_can_differ_by_a_yen() -> None:
    """Taxable ¥1,000 → income tax ¥50: 1.1% and 1% apart truncate to 0 + 0, together
    2.1% gives ¥1 (the other reading)."""
    found = tax_return.figures(PARAMS, gross=4_002_000, withheld=817_208, other_income=0,
                               insured_months=120, capped_months=120, paid_on=date(2027, 3, 1))
    assert (found.taxable_income, found.income_tax, found.total_tax) == (1_000, 50, 50)
    assert {r.code: r.refund for r in found.other_readings} == {
        "surtaxes_together": 817_208 - 51}


@pytest.mark.parametrize(("notice_date", "year", "file_from"), [
    ("2026-12-18", 2026, date(2027, 1, 1)), ("2027-01-08", 2027, date(2028, 1, 1))])
def test_tax_year_follows_the_notice_date(notice_date: str, year: int, file_from: date) -> None:
    claim = make_claim(employees_pension=[epi("2023-04", "2026-03", 300000)])
    result = kit({"claim": claim, "notice": {"gross": 810_000, "withheld": 165_402,
                                             "remitted": 644_598, "date": notice_date}})
    assert result.tax_return.tax_year == year
    assert result.tax_return.file_from == file_from
    assert result.tax_return.file_until == date(file_from.year + 4, 12, 31)


def test_capped_years_reading_beside_the_primary() -> None:
    claim = make_claim(employees_pension=[epi("2017-04", "2026-03", 650000)],
                       other_retirement_income_same_year=0)
    result = kit({"claim": claim})
    found = result.tax_return
    expected = estimate(claim)
    assert expected.employees_pension.payable
    refunds = {found.refund, *(r.refund for r in found.other_readings)}
    assert found.service_years == 9
    assert {r.code for r in found.other_readings} == {"capped_years"}
    refund = expected.employees_pension.tax_refund
    low, high = refund.low, refund.high
    assert low <= min(refunds) < max(refunds) <= high  # the estimate spans two tax years too
    assert all(r.reason for r in found.other_readings)


# --- the return agrees with the estimate ----------------------------------------------------


claims = st.builds(
    lambda start, months, smr, other, claim_day: make_claim(
        claim_date=claim_day, left_japan_on="2026-03-31",
        employees_pension=[{"from": f"{2026 - (start + months) // 12}-{1 + (start % 12):02d}",
                            "to": "2026-03", "standard_monthly_remuneration": smr}],
        other_retirement_income_same_year=other),
    st.integers(0, 11), st.integers(6, 300), st.sampled_from([88000, 200000, 410000, 650000]),
    st.sampled_from([0, 0, 1_500_000, 9_000_000]),
    st.sampled_from(["2026-04-15", "2026-09-10", "2027-02-01", "2027-09-30"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims)
def test_return_refund_lies_in_the_estimates_range(claim: dict[str, Any]) -> None:
    try:
        expected = estimate(claim)
    except ValueError:
        return  # a generated period the engine refuses: nothing to compare
    result = kit({"claim": claim})
    refund = expected.employees_pension.tax_refund
    if not expected.employees_pension.payable:
        return
    found = result.tax_return
    assert found is not None and found.withheld == expected.employees_pension.withholding_tax
    for value in (found.refund, *(r.refund for r in found.other_readings)):
        assert refund.low <= value <= refund.high


# --- the payment notice -----------------------------------------------------------------------


CLAIM = make_claim(claim_date="2026-08-03",
                   employees_pension=[epi("2023-08", "2026-07", 300000)],
                   left_japan_on="2026-07-31")


def notice_problems(result) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for problem in result.notice.problems:
        found.setdefault(problem.field, set()).add(problem.code)
    return found


def test_published_notice_example_checks_out() -> None:
    """east-tax's example: ¥880,618 with ¥179,822 withheld (truncation to the yen)."""
    result = kit({"claim": CLAIM, "notice": {"gross": 880_618, "withheld": 179_822,
                                             "remitted": 700_796, "date": "2026-12-01"}})
    found = notice_problems(result)
    assert "notice.withheld" not in found and "notice.remitted" not in found
    assert [line.amount for line in result.notice.lines] == [880_618, 179_822, 700_796]
    assert all(line.text for line in result.notice.lines)


@pytest.mark.parametrize(("notice", "field", "code", "params"), [
    ({"gross": 880_618, "withheld": 179_823, "remitted": 700_795}, "notice.withheld",
     "notice_withheld_mismatch", {"expected": "179822", "rate": "20.42"}),
    ({"gross": 880_618, "withheld": 179_822, "remitted": 700_000}, "notice.remitted",
     "notice_remitted_mismatch", {"expected": "700796"}),
])
def test_notice_catches_a_wrong_figure(notice: dict, field: str, code: str,
                                       params: dict[str, str]) -> None:
    result = kit({"claim": CLAIM, "notice": {**notice, "date": "2026-12-01"}})
    problem = next(p for p in result.notice.problems if p.field == field)
    assert problem.code == code and problem.params == params
    assert not result.notice.ok


def test_notice_against_the_estimate() -> None:
    expected = estimate(CLAIM).employees_pension.amount
    result = kit({"claim": CLAIM, "notice": {"gross": expected - 27_000,
                                             "withheld": (expected - 27_000) * 1021 // 5000,
                                             "remitted": 0, "date": "2026-12-01"}})
    problem = next(p for p in result.notice.problems if p.field == "notice.gross")
    assert problem.code == "notice_differs" and problem.severity == "warning"
    assert problem.params["difference"] == "-27000"
    # the return is computed from the notice's figures
    assert result.tax_return.gross == expected - 27_000
    same = kit({"claim": CLAIM, "notice": {"gross": expected, "withheld": expected * 1021 // 5000,
                                           "remitted": expected - expected * 1021 // 5000,
                                           "date": "2026-12-01"}})
    assert same.notice.ok and not same.notice.problems


def test_notice_half_typed_and_unreadable() -> None:
    result = kit({"claim": CLAIM, "notice": {"gross": "abc", "withheld": -5}})
    found = notice_problems(result)
    assert found["notice.gross"] == {"int_parsing"}
    assert found["notice.withheld"] == {"greater_than_equal"}
    assert found["notice.remitted"] == {"missing"} and found["notice.date"] == {"missing"}
    assert result.tax_return.source == "estimate"


# --- offers --------------------------------------------------------------------------------------


def offers_result(*offers: dict[str, Any]):
    """claim-kit.md §6.1: EPI 30 months, ASR ¥300,000: ¥810,000 gross, ¥165,402 withheld,
    ¥644,598 remitted; the refund is ¥165,402."""
    claim = make_claim(claim_date="2026-05-10",
                       employees_pension=[epi("2023-10", "2026-03", 300000)])
    return kit({"claim": claim, "notice": {"gross": 810_000, "withheld": 165_402,
                                           "remitted": 644_598, "date": "2026-09-01"},
                "offers": list(offers)}).offers


def test_offers_fees_and_what_you_keep() -> None:
    found = offers_result(
        {"label": "LOOK UP", "fixed_fee": 22_000},
        {"label": "20% of the refund", "percent_of_refund": 20},
        {"label": "20% of both payments", "percent_of_total": "20"},
        {"label": "Plan B", "percent_of_gross": 4, "minimum_fee": 20_000, "maximum_fee": 40_000},
    )
    assert found.refund == 165_402 and found.first_payment == 644_598
    assert [(o.label, o.fee, o.you_keep) for o in found.offers] == [
        ("LOOK UP", 22_000, 143_402),
        ("20% of the refund", 33_080, 132_322),
        ("20% of both payments", 162_000, 3_402),
        ("Plan B", 32_400, 133_002),
    ]
    assert (found.do_it_yourself.fee, found.do_it_yourself.you_keep) == (0, 165_402)


@pytest.mark.parametrize(("months", "rate"), [(6, "0.562500"), (12, "0.250000"),
                                               (14, "0.210781")])
def test_advance_effective_annual_rate(months: int, rate: str) -> None:
    found = offers_result({"advance_percent": 80, "advance_months_early": months})
    offer = found.offers[0]
    assert offer.advance == 165_402 * 80 // 100
    assert offer.fee == 165_402 - offer.advance
    assert offer.effective_annual_rate == rate
    assert offer.label == i18n.text("kit.offers.default_label", "en", number=1)


def test_bad_offers_are_located_and_the_others_costed() -> None:
    found = offers_result({"fixed_fee": -1}, {"percent_of_refund": 120}, {"fixed_fee": 10},
                          {"unknown": 1}, "x")
    fields = {p.field for p in found.problems}
    assert {"offers.0.fixed_fee", "offers.1.percent_of_refund", "offers.3.unknown",
            "offers.4"} <= fields
    assert [o.fee for o in found.offers] == [10]


# --- exchange rate and money left behind ----------------------------------------------------


def test_exchange_rate_shows_every_yen_figure() -> None:
    claim = make_claim(employees_pension=[epi("2023-04", "2026-03", 300000)])
    result = kit({"claim": claim, "offers": [{"fixed_fee": 22_000}],
                  "exchange_rate": {"currency": "vnd", "per_yen": "165.5"}})
    rate = Decimal("165.5")
    figures = result.exchange_rate.figures
    assert result.exchange_rate.currency == "VND" and not result.exchange_rate.problems
    assert figures["estimate.total_received"] == str(
        (result.estimate.total_received * rate).quantize(Decimal("0.01")))
    assert figures["tax_return.refund"] == str(
        (result.tax_return.refund * rate).quantize(Decimal("0.01")))
    assert "offers.0.you_keep" in figures and "do_it_yourself.you_keep" in figures


@pytest.mark.parametrize(("rate", "field"), [
    ({"currency": "VN", "per_yen": "165"}, "exchange_rate.currency"),
    ({"currency": "VND", "per_yen": "-1"}, "exchange_rate.per_yen"),
    ({"currency": "VND", "per_yen": "abc"}, "exchange_rate.per_yen"),
    ({"currency": "VND"}, "exchange_rate.per_yen"),
])
def test_bad_exchange_rates(rate: dict, field: str) -> None:
    result = kit({"claim": make_claim(employees_pension=[epi("2023-04", "2026-03")]),
                  "exchange_rate": rate})
    assert field in {p.field for p in result.exchange_rate.problems}


def test_money_left_in_dc_plans() -> None:
    claim = make_claim(employees_pension=[epi("2023-04", "2026-03")])
    result = kit({"claim": claim, "details": {"defined_contribution": {"company": True,
                                                                       "ideco": True}}},
                 lang="vi")
    assert [item.code for item in result.left_behind] == ["company_dc", "ideco"]
    assert all(item.title and item.text for item in result.left_behind)
    assert kit({"claim": claim}).left_behind == []


def test_no_employees_pension_no_return() -> None:
    claim = make_claim(national_pension=[{"from": "2024-04", "to": "2026-03", "status": "paid"}])
    result = kit({"claim": claim, "offers": [{"fixed_fee": 22_000}]})
    assert result.tax_return is None
    assert result.offers.refund == 0 and result.offers.offers[0].you_keep == -22_000
