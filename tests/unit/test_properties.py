"""Property-based tests: invariants over many generated claims, and hostile input."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import Claim, Estimate, InvalidClaim, estimate
from calc.api import result_for
from calc.months import YearMonth

STATUSES = ["paid", "quarter_exempt", "half_exempt", "three_quarter_exempt", "exempt",
            "student_deferral", "unpaid"]
LAST = YearMonth(2026, 10)  # the month before the default claim month (2026-11)


@st.composite
def valid_claims(draw: st.DrawFn) -> dict[str, Any]:
    """Non-overlapping NP and EPI periods between 2004 and October 2026."""
    count = draw(st.integers(0, 6))
    cuts = sorted(draw(st.lists(st.integers(YearMonth(2004, 1).index, LAST.index),
                                min_size=2 * count, max_size=2 * count, unique=True)))
    np_periods, epi_periods, bonuses = [], [], []
    for start, end in zip(cuts[::2], cuts[1::2], strict=True):
        start_m, end_m = YearMonth.from_index(start), YearMonth.from_index(end)
        if draw(st.booleans()):
            np_periods.append({"from": str(start_m), "to": str(end_m),
                               "status": draw(st.sampled_from(STATUSES))})
        else:
            amount = draw(st.one_of(
                st.fixed_dictionaries({"standard_monthly_remuneration":
                                       st.integers(1, 2_000_000)}),
                st.fixed_dictionaries({"monthly_salary": st.integers(0, 5_000_000)})))
            epi_periods.append({"from": str(start_m), "to": str(end_m), **amount})
            if draw(st.booleans()):
                bonuses.append({"month": str(end_m), "amount": draw(st.integers(0, 5_000_000))})
    return {
        "claim_date": "2026-11-24",
        "nationality": draw(st.sampled_from(["VN", "ID", "PH", "CN", "MM", "NP", "US", "BR"])),
        "left_japan_on": draw(st.sampled_from([None, "2024-01-01", "2025-06-30", "2026-10-31",
                                               "2026-12-01"])),
        "national_pension": np_periods,
        "employees_pension": epi_periods,
        "bonuses": bonuses,
        "permanent_resident": draw(st.booleans()),
        "ever_entitled_to_pension": draw(st.booleans()),
        "other_retirement_income_same_year": draw(st.sampled_from([0, 0, 5_000_000])),
        "what_if_96_month_cap": draw(st.booleans()),
    }


@given(valid_claims())
@settings(max_examples=300, deadline=None)
def test_amounts_are_consistent(claim: dict[str, Any]) -> None:
    result = estimate(claim)
    np, epi = result.national_pension, result.employees_pension
    for value in (np.amount, epi.amount, epi.withholding_tax, epi.tax_refund.low,
                  result.total_received):
        assert value >= 0
    assert epi.tax_refund.low <= epi.tax_refund.high <= epi.withholding_tax
    assert epi.amount_after_withholding == epi.amount - epi.withholding_tax
    assert result.total_received == np.amount + epi.amount_after_withholding
    assert result.eligible == (np.payable or epi.payable)
    assert np.amount in (0, np.amount_if_eligible) and epi.amount in (0, epi.amount_if_eligible)
    if result.reasons:
        assert not result.eligible
    assert result.steps, "every estimate explains itself"


@given(valid_claims())
@settings(max_examples=150, deadline=None)
def test_json_round_trip(claim: dict[str, Any]) -> None:
    model = Claim.model_validate(claim)
    again = Claim.model_validate_json(model.model_dump_json(by_alias=True))
    assert again == model
    result = estimate(model)
    assert Estimate.model_validate_json(result.model_dump_json()) == result


@given(months=st.integers(6, 59), extra=st.integers(1, 30),
       smr=st.integers(1, 1_000_000))
@settings(max_examples=200, deadline=None)
def test_monotonic_in_months_below_cap(months: int, extra: int, smr: int) -> None:
    def amount(count: int) -> int:
        start = LAST - (count - 1)
        return estimate({"nationality": "VN", "claim_date": "2026-11-24",
                         "left_japan_on": "2026-11-01",
                         "employees_pension": [{"from": str(start), "to": str(LAST),
                                                "standard_monthly_remuneration": smr}]}
                        ).employees_pension.amount
    assert amount(months) <= amount(min(months + extra, 119))


@given(low=st.integers(1, 1_999_999), high=st.integers(1, 2_000_000))
@settings(max_examples=200, deadline=None)
def test_monotonic_in_remuneration(low: int, high: int) -> None:
    low, high = min(low, high), max(low, high)

    def amount(smr: int) -> int:
        return estimate({"nationality": "VN", "claim_date": "2026-11-24",
                         "left_japan_on": "2026-11-01",
                         "employees_pension": [{"from": "2023-01", "to": "2026-10",
                                                "standard_monthly_remuneration": smr}]}
                        ).employees_pension.amount
    assert amount(low) <= amount(high)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=12,
)
KEYS = ["claim_date", "nationality", "left_japan_on", "national_pension", "employees_pension",
        "bonuses", "ever_entitled_to_pension", "permanent_resident",
        "other_retirement_income_same_year", "what_if_96_month_cap", "from", "to", "status"]


@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), json_values, max_size=8))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hostile_input_ends_in_a_validation_error(data: dict[str, Any]) -> None:
    try:
        estimate(data)
    except InvalidClaim as invalid:
        assert invalid.errors and all(e.message for e in invalid.errors)
    outcome = result_for(json.dumps(data, default=str))
    assert outcome["ok"] in (True, False)


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_text_is_answered(text: str) -> None:
    outcome = result_for(text)
    assert outcome["ok"] is False or "estimate" in outcome
