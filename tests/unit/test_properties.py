"""Property-based tests: invariants over many generated claims, and hostile input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import Claim, Estimate, InvalidClaim, estimate, i18n
from calc.api import estimate_json, result_for
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


# --- adversarial claims: every one ends in an Estimate or an InvalidClaim -------------------

#: Codes whose message is the catalogue's generic "This value is not valid." on purpose: a
#: lone surrogate cannot be typed, only sent by a program.
GENERIC_OK = {"string_unicode"}

huge_ints = st.sampled_from([10**12, 10**19, 2**63, 2**64 + 1, 10**30, 10**4000]) | \
    st.integers(-(10**25), 10**25)
special_floats = st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e20, -1e20, 1e308,
                                  0.5, -0.0, 2.5e-300])
months_text = st.builds(
    lambda year, month, sep: f"{year:04d}{sep}{month:02d}",
    st.sampled_from([0, 1, 999, 1000, 1941, 1942, 2024, 2100, 2101, 9999, 10000]),
    st.sampled_from([0, 1, 2, 12, 13, 99]), st.sampled_from(["-", "/", "", " - "]))
dates_text = st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01",
                              "1995-03-31", "2100-12-31", "2101-01-01", "2026-11-24T10:00:00",
                              "20261124", "", " ", "today"])
long_text = st.builds(lambda char, size: char * size,
                      st.sampled_from(["x", "9", "💰", "\u202e", "\x00", "\ud800", "<script>"]),
                      st.sampled_from([1_000, 10_000]))
hostile_scalars = st.one_of(
    st.none(), st.booleans(), huge_ints, special_floats, st.floats(),
    st.text(max_size=30), long_text, months_text, dates_text,
    st.sampled_from(["VN", "vn", " jp ", "JP", "XX", "V", "VNM", "٢٠٢٣-٠٤", "２０２４－０４",
                     "-1", "1e9", "NaN", "Infinity", "0x10", "1_000", "250,000", "<img src=x>"]))
hostile_values = st.one_of(hostile_scalars,
                           st.lists(hostile_scalars, max_size=3),
                           st.dictionaries(st.text(max_size=5), hostile_scalars, max_size=3))


def _field(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a valid value, sometimes anything at all."""
    return st.one_of(valid, valid, hostile_values)


@st.composite
def hostile_period(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    month = _field(st.sampled_from(["2019-04", "2023-04", "2026-03", "2026-10"]) | months_text)
    item: dict[str, Any] = {"from": draw(month), "to": draw(month)}
    if kind == "national_pension":
        item["status"] = draw(_field(st.sampled_from(STATUSES)))
    elif kind == "employees_pension":
        key = draw(st.sampled_from(["standard_monthly_remuneration", "monthly_salary", "both",
                                    "neither"]))
        amount = _field(st.integers(0, 3_000_000))
        if key in ("standard_monthly_remuneration", "both"):
            item["standard_monthly_remuneration"] = draw(amount)
        if key in ("monthly_salary", "both"):
            item["monthly_salary"] = draw(amount)
    else:
        item = {"month": item["from"], "amount": draw(_field(st.integers(0, 3_000_000)))}
    if draw(st.integers(0, 9)) == 0:
        item["already_paid_out"] = draw(hostile_values)
    if draw(st.integers(0, 9)) == 0:
        del item[draw(st.sampled_from(sorted(item)))]  # a missing key
    if draw(st.integers(0, 19)) == 0:
        item[draw(st.text(max_size=8))] = draw(hostile_scalars)  # an unknown key
    return item


@st.composite
def hostile_claims(draw: st.DrawFn) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "claim_date": draw(_field(st.sampled_from(["2026-11-24", "2026-04-01"]) | dates_text)),
        "nationality": draw(_field(st.sampled_from(["VN", "ID", "PH", "BR"]))),
        "left_japan_on": draw(_field(st.sampled_from([None, "2026-03-31"]) | dates_text)),
        "reentry_permit_until": draw(_field(st.sampled_from([None, "2027-01-31"]) | dates_text)),
        "moved_out_notice_filed": draw(_field(st.booleans())),
        "other_retirement_income_same_year": draw(_field(st.integers(0, 10_000_000))),
        "what_if_96_month_cap": draw(_field(st.booleans())),
    }
    for kind in ("national_pension", "employees_pension", "bonuses"):
        items = draw(st.lists(hostile_period(kind), max_size=3))
        # Now and then thousands of periods: the same ones repeated (overlapping), or a
        # valid run of months, one period each.
        repeat = draw(st.sampled_from([1, 1, 1, 2, 600, 601, 3000]))
        if items and repeat > 1:
            items = (items * repeat)[:repeat]
        claim[kind] = draw(_field(st.just(items)))
    for key in draw(st.lists(st.sampled_from(sorted(claim)), max_size=3)):
        claim.pop(key, None)  # missing keys
    return claim


@st.composite
def month_per_period(draw: st.DrawFn) -> dict[str, Any]:
    """Up to 600 one-month periods, all valid: the engine's slowest honest input."""
    count = draw(st.sampled_from([300, 600]))
    start = LAST - (count - 1)
    periods = [{"from": str(start + i), "to": str(start + i),
                "standard_monthly_remuneration": 1 + (i * 7919) % 2_000_000}
               for i in range(count)]
    return {"claim_date": "2026-11-24", "nationality": "VN", "left_japan_on": "2026-10-31",
            "employees_pension": periods,
            "bonuses": [{"month": p["from"], "amount": 10**9} for p in periods[:600]]}


def _check_errors(errors: list[Any]) -> None:
    assert errors
    for error in errors:
        assert isinstance(error.field, str) and error.message.strip()
        assert "{" not in error.message, error.message  # every placeholder filled in
        assert i18n.has(f"error.{error.code}") or error.code in GENERIC_OK, error.code


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")
    text.encode("utf-8")  # crosses into JavaScript and files: must be valid Unicode
    return json.loads(text, parse_constant=refuse)


@given(hostile_claims(), st.sampled_from(i18n.available_languages()))
@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_adversarial_claim_gives_an_estimate_or_invalid_claim(claim: dict[str, Any],
                                                              lang: str) -> None:
    try:
        result = estimate(claim, lang=lang)
    except InvalidClaim as invalid:
        _check_errors(invalid.errors)
        ok = False
    else:
        assert isinstance(result, Estimate)
        ok = True
    # The browser's path: JSON text in (NaN and Infinity as JavaScript would never send them,
    # but a hand-made link could), JSON text out, never an exception.
    answer = _strict_json(estimate_json(json.dumps(claim, allow_nan=True), lang))
    assert answer["ok"] in (True, False)
    if not answer["ok"]:
        assert answer["errors"] and all(e["message"] for e in answer["errors"])
    if all(isinstance(v, (str, bool, type(None), list)) for v in claim.values()) and not any(
            isinstance(x, float) for x in _leaves(claim)):
        assert answer["ok"] == ok  # the same verdict from a dict and from its JSON


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


@given(hostile_claims())
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_adversarial_claim_as_json_text(claim: dict[str, Any]) -> None:
    """``estimate`` also takes JSON text, parsed by pydantic rather than by ``json``."""
    text = json.dumps(claim, allow_nan=True)
    try:
        estimate(text)
    except InvalidClaim as invalid:
        _check_errors(invalid.errors)


@given(month_per_period())
@settings(max_examples=4, deadline=None)
def test_hundreds_of_valid_periods_are_computed(claim: dict[str, Any]) -> None:
    result = estimate(claim)
    assert result.employees_pension.insured_months == len(claim["employees_pension"])


json_fragments = st.sampled_from([
    "9" * 5000, "-" + "9" * 5000, "1e999", "-1e999", "NaN", "Infinity", "-Infinity", "1.5",
    '"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"' + "x" * 10_000 + '"', "[" * 5000,
    "{" * 5000, "null", "true", "[]", "{}", '""', '"2024-13"', '"0001-01"', '"9999-12"',
])


@given(st.lists(st.tuples(st.sampled_from(KEYS), json_fragments), max_size=6),
       st.sampled_from(["employees_pension", "national_pension", "bonuses", ""]))
@settings(max_examples=300, deadline=None)
def test_hand_made_json_text_is_answered(pairs: list[tuple[str, str]], nest: str) -> None:
    """JSON text no ``json.dumps`` would write: over-long numbers, lone surrogates, NaN, deep
    nesting, cut-off documents; as a whole claim or as one period of a list."""
    body = "{" + ", ".join(f'"{key}": {value}' for key, value in pairs) + "}"
    text = f'{{"nationality": "VN", "{nest}": [{body}]}}' if nest else body
    for payload in (text, text[: len(text) // 2]):
        answer = _strict_json(estimate_json(payload))
        assert answer["ok"] in (True, False)
        try:
            estimate(payload)
        except InvalidClaim as invalid:
            _check_errors(invalid.errors)


@given(st.binary(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_bytes_are_answered(data: bytes) -> None:
    text = data.decode("utf-8", errors="surrogateescape")  # lone surrogates included
    answer = _strict_json(estimate_json(text))
    assert answer["ok"] is False or "estimate" in answer


# --- regressions: inputs that once escaped as another exception ---------------------------

@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        pytest.param('{"nationality": "VN", "other_retirement_income_same_year": '
                     + "9" * 5000 + "}", "other_retirement_income_same_year",
                     "less_than_equal", id="json-number-over-4300-digits"),
        pytest.param('{"nationality": "VN", "bonuses": [{"month": "2024-01", "amount": -'
                     + "9" * 5000 + "}]}", "bonuses.0.amount", "greater_than_equal",
                     id="negative-json-number-over-4300-digits"),
        pytest.param(json.dumps({"nationality": "VN", "reentry_permit_until": "9999-12-31",
                                 "moved_out_notice_filed": False, "left_japan_on": "2026-03-31"}),
                     "reentry_permit_until", "date_range", id="reentry-permit-in-year-9999"),
        pytest.param('{"nationality": "VN", "bonuses": [{"month": "\\ud800", "amount": 1}]}',
                     "bonuses.0.month", "month_format", id="lone-surrogate-month"),
        pytest.param('{"nationality": "VN", "other_retirement_income_same_year": NaN}',
                     "other_retirement_income_same_year", "int_parsing", id="nan"),
        pytest.param('{"nationality": "VN", "bonuses": [{"month": "2024-01", "amount": 1e20}]}',
                     "bonuses.0.amount", "less_than_equal", id="float-too-large-for-int"),
    ],
)
def test_hostile_value_gets_its_own_message(payload: str, field: str, code: str) -> None:
    answer = _strict_json(estimate_json(payload))
    assert answer["ok"] is False
    assert {(e["field"], e["code"]) for e in answer["errors"]} >= {(field, code)}
    with pytest.raises(InvalidClaim) as raised:
        estimate(json.loads(payload, parse_int=lambda digits: digits))
    _check_errors(raised.value.errors)
