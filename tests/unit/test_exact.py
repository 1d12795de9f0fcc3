"""The engine's exact arithmetic in integers, checked against plain ``Fraction`` arithmetic
straight from the parameter files (rounding, averages, payment rates, the tax readings), and
its months counted by ranges, checked against months counted one by one."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc import InvalidClaim, estimate, load_parameters, tax
from calc.api import _int_or_text, load_json
from calc.common import series_stretches
from calc.months import _PARSED, MAX_YEAR, MIN_YEAR, YearMonth
from calc.parameters import MissingParameter
from calc.rounding import decimal_text, ratio, ratio_text, round_half_up, round_half_up_ratio
from calc.trace import NullTrace

PARAMS = load_parameters()


def half_up(value: Fraction) -> int:
    """四捨五入 by its definition: the nearest whole number, halves away from zero."""
    magnitude = math.floor(abs(value) + Fraction(1, 2))
    return magnitude if value >= 0 else -magnitude


# --- rounding and decimal text ---------------------------------------------------------------

@given(st.integers(-(10**15), 10**15), st.integers(1, 10**7))
def test_round_half_up_of_a_ratio(numerator: int, denominator: int) -> None:
    expected = half_up(Fraction(numerator, denominator))
    assert round_half_up_ratio(numerator, denominator) == expected
    assert round_half_up(Fraction(numerator, denominator)) == expected


@given(st.integers(-(10**6), 10**6))
def test_round_half_up_at_every_half(whole: int) -> None:
    assert round_half_up_ratio(2 * whole + 1, 2) == half_up(Fraction(2 * whole + 1, 2))


def text_by_definition(value: Fraction, places: int) -> str:
    """Exact when it ends within ``places`` digits, else rounded half up to ``places``."""
    scaled = value * 10**places
    if scaled.denominator == 1:
        return format(Decimal(scaled.numerator).scaleb(-places).normalize(), "f")
    return format(Decimal(half_up(scaled)).scaleb(-places), "f")


@given(st.integers(-(10**12), 10**12), st.integers(1, 20_000), st.integers(1, 50),
       st.sampled_from([0, 1, 2, 4]))
def test_decimal_text_of_a_ratio(numerator: int, denominator: int, factor: int,
                                 places: int) -> None:
    value = Fraction(numerator, denominator)
    expected = text_by_definition(value, places)
    assert decimal_text(value, places) == expected
    # Not reduced to lowest terms, the same value gives the same text.
    assert ratio_text(numerator * factor, denominator * factor, places) == expected


@given(st.integers(-(10**15), 10**15) | st.sampled_from([0, 10**5, 10**12, -(10**7)]))
def test_decimal_text_of_a_whole_number(value: int) -> None:
    assert decimal_text(value) == decimal_text(Fraction(value)) == str(value)
    assert decimal_text(Decimal(value)) == str(value)


@given(st.decimals(min_value=-1000, max_value=1000, places=5, allow_nan=False))
def test_ratio_of_a_decimal(value: Decimal) -> None:
    numerator, denominator = ratio(value)
    assert Fraction(numerator, denominator) == Fraction(value)
    assert math.gcd(numerator, denominator) == 1 and denominator > 0


# --- Employees' Pension: average, payment rate and amount ----------------------------------

@st.composite
def epi_claims(draw: st.DrawFn) -> dict[str, Any]:
    """Standard remunerations over up to three periods, from 1998 (before April 2003) to 2026."""
    count = draw(st.integers(1, 3))
    cuts = sorted(draw(st.lists(st.integers(YearMonth(1998, 1).index, YearMonth(2026, 10).index),
                                min_size=2 * count, max_size=2 * count, unique=True)))
    periods, bonuses = [], []
    for first, last in zip(cuts[::2], cuts[1::2], strict=True):
        periods.append({"from": str(YearMonth.from_index(first)),
                        "to": str(YearMonth.from_index(last)),
                        "standard_monthly_remuneration": draw(st.integers(1, 2_000_000))})
        for month in draw(st.lists(st.integers(first, last), max_size=3)):
            bonuses.append({"month": str(YearMonth.from_index(month)),
                            "amount": draw(st.integers(0, 6_000_000))})
    return {"claim_date": "2026-11-24", "nationality": "VN", "left_japan_on": "2026-10-31",
            "employees_pension": periods, "bonuses": bonuses,
            "what_if_96_month_cap": draw(st.booleans())}


def average_by_definition(claim: dict[str, Any]) -> Fraction:
    """(months before the cut-off × factor + later months + standard bonuses) / months."""
    pre = PARAMS.pre2003_factor.at(date(2026, 11, 24))
    cutoff = YearMonth.of(pre.applies_before)
    months = [(YearMonth.parse(p["from"]) + k, p["standard_monthly_remuneration"])
              for p in claim["employees_pension"]
              for k in range(YearMonth.parse(p["from"]).months_until(YearMonth.parse(p["to"])))]
    total = sum((Fraction(pre.factor) * smr if month < cutoff else Fraction(smr)
                 for month, smr in months), Fraction(0))
    by_month: dict[YearMonth, int] = {}
    for bonus in claim["bonuses"]:
        month = YearMonth.parse(bonus["month"])
        by_month[month] = by_month.get(month, 0) + bonus["amount"]
    for month, amount in by_month.items():
        try:
            rule = PARAMS.standard_bonus.at(month.first_day)
        except MissingParameter:
            continue  # bonuses before standard bonuses began count for nothing
        total += min(amount // rule.unit * rule.unit, rule.cap_per_month)
    return total / len(months)


@given(epi_claims())
@settings(max_examples=200, deadline=None)
def test_employees_pension_amount_is_exact(claim: dict[str, Any]) -> None:
    epi = estimate(claim, explain=False).employees_pension
    average = average_by_definition(claim)
    assert Fraction(epi.average_standard_remuneration_fraction) == average
    assert epi.average_standard_remuneration == text_by_definition(average, 4)
    if epi.multiplier is None:
        assert epi.amount_if_eligible == 0
        return
    assert epi.contribution_rate is not None and epi.payment_rate is not None
    unrounded = Fraction(epi.contribution_rate) * epi.multiplier / 2
    assert Fraction(epi.payment_rate) == Fraction(half_up(unrounded * 10), 10)
    assert epi.amount_if_eligible == half_up(average * Fraction(epi.payment_rate))


# --- tax: every reading of the refund ---------------------------------------------------------

def taxable_by_definition(on: date, total: int, years: int) -> int:
    """課税退職所得金額: half of what exceeds the deduction (only the first part of it for short
    service), truncated to 1,000 yen."""
    rule = PARAMS.retirement_income_deduction.at(on)
    try:
        short = PARAMS.short_service_rule.at(on)
    except MissingParameter:
        short = None
    deduction = max(rule.minimum, rule.per_year * min(years, rule.years_at_first_rate)
                    + rule.per_year_after * max(0, years - rule.years_at_first_rate))
    excess = max(0, total - deduction)
    if short is not None and years <= short.max_years and excess > short.halved_up_to:
        income = Fraction(short.halved_up_to, 2) + excess - short.halved_up_to
    else:
        income = Fraction(excess, 2)
    return math.floor(income / 1000) * 1000


def income_tax_by_definition(on: date, income: int, separate: bool) -> int:
    """The bracket's rate less its quick deduction, plus surtaxes truncated apart or as one."""
    _, rate, quick = max(row for row in PARAMS.income_tax_brackets.at(on).brackets
                         if income >= row[0])
    base = max(0, math.floor(income * Fraction(rate) / 100) - quick)
    surtaxes = [Fraction(rate) / 100 for _, rate in PARAMS.surtax.at(on).surtaxes]
    if separate:
        return base + sum(math.floor(base * surtax) for surtax in surtaxes)
    return base + math.floor(base * sum(surtaxes, Fraction(0)))


def refund_by_definition(amount: int, withheld: int, other: int, insured: int, capped: int,
                         claim_date: date) -> tuple[int, int]:
    """Each reading computed on its own from the parameter files, as the law reads."""
    paid_on = claim_date + timedelta(days=tax.PAYMENT_DELAY_DAYS)
    refunds = []
    for year in {claim_date.year, paid_on.year}:
        on = date(year, 1, 1)
        two_surtaxes = len(PARAMS.surtax.at(on).surtaxes) >= 2
        for months in (insured, capped):
            years = max(1, math.ceil(months / 12))
            for separate in (False, True) if two_surtaxes else (False,):
                due = income_tax_by_definition(on, taxable_by_definition(on, amount + other,
                                                                         years), separate)
                if other:
                    due -= income_tax_by_definition(on, taxable_by_definition(on, other, years),
                                                    separate)
                refunds.append(min(withheld, max(0, withheld - due)))
    return min(refunds), max(refunds)


@given(amount=st.integers(1, 30_000_000), other=st.sampled_from([0, 0, 1]) |
       st.integers(0, 60_000_000), insured=st.integers(1, 600), capped=st.integers(1, 600),
       claim_date=st.dates(date(2007, 1, 1), date(2040, 12, 31)))
@settings(max_examples=400, deadline=None)
def test_refund_range_is_every_reading(amount: int, other: int, insured: int, capped: int,
                                       claim_date: date) -> None:
    capped = min(capped, insured)
    withheld = tax.withholding(PARAMS, amount, tax.payment_date(claim_date)).tax
    found = tax.refund(PARAMS, amount=amount, withheld=withheld, other_income=other,
                       insured_months=insured, capped_months=capped, claim_date=claim_date,
                       trace=NullTrace())
    assert (found.low, found.high) == refund_by_definition(amount, withheld, other, insured,
                                                           capped, claim_date)


def test_refund_before_the_tax_tables_is_missing() -> None:
    with pytest.raises(MissingParameter):
        tax.refund(PARAMS, amount=500_000, withheld=102_100, other_income=0,
                   insured_months=36, capped_months=36, claim_date=date(2003, 6, 1),
                   trace=NullTrace())


# --- dated series in stretches of months ------------------------------------------------------

def entry_or_none(series: Any, index: int) -> Any:
    try:
        return series.entry(YearMonth.from_index(index).first_day)
    except MissingParameter:
        return None


@given(st.sampled_from(["smr_grades", "basic_pension_month_weights", "np_premium"]),
       st.integers(YearMonth(1980, 1).index, YearMonth(2035, 12).index), st.integers(0, 400))
def test_series_stretches_share_one_value(name: str, first: int, length: int) -> None:
    series = getattr(PARAMS, name)
    stretches = series_stretches(series, first, first + length)
    months = [m for start, end in stretches for m in range(start, end + 1)]
    assert months == list(range(first, first + length + 1))  # every month once, in order
    for start, end in stretches:
        value = entry_or_none(series, start)
        assert all(entry_or_none(series, m) is value for m in range(start, end + 1))
    for (_, end), (start, _) in pairwise(stretches):
        assert entry_or_none(series, end) is not entry_or_none(series, start)  # cut only on change


# --- months covered by ranges -----------------------------------------------------------------

@given(st.lists(st.integers(YearMonth(2020, 1).index, YearMonth(2025, 12).index), min_size=2,
                max_size=6, unique=True),
       st.lists(st.integers(YearMonth(2019, 6).index, YearMonth(2026, 6).index), max_size=5),
       st.booleans())
def test_a_bonus_counts_only_in_a_month_of_coverage(cuts: list[int], bonus_months: list[int],
                                                    first_paid_out: bool) -> None:
    cuts = sorted(cuts)[: len(cuts) // 2 * 2]
    periods = [{"from": str(YearMonth.from_index(a)), "to": str(YearMonth.from_index(b)),
                "standard_monthly_remuneration": 300_000}
               for a, b in zip(cuts[::2], cuts[1::2], strict=True)]
    periods[0]["already_paid_out"] = first_paid_out  # paid out, its months still covered
    covered = {m for a, b in zip(cuts[::2], cuts[1::2], strict=True) for m in range(a, b + 1)}
    claim = {"claim_date": "2026-11-24", "nationality": "VN", "left_japan_on": "2026-10-31",
             "employees_pension": periods,
             "bonuses": [{"month": str(YearMonth.from_index(m)), "amount": 100_000}
                         for m in bonus_months]}
    outside = {f"bonuses.{i}.month" for i, m in enumerate(bonus_months) if m not in covered}
    try:
        estimate(claim, explain=False)
    except InvalidClaim as invalid:
        refused = {e.field for e in invalid.errors if e.code == "bonus_outside_coverage"}
        assert refused == outside and outside
    else:
        assert not outside


# --- months parsed once ------------------------------------------------------------------------

@given(st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12),
       st.sampled_from(["{y}-{m:02d}", "{y}-{m}", " {y}-{m:02d} ", "{y}-{m:02d}\n"]))
def test_a_month_parses_the_same_every_time(year: int, month: int, form: str) -> None:
    text = form.format(y=year, m=month)
    assert YearMonth.parse(text) == YearMonth.parse(text) == YearMonth(year, month)
    assert all(key == str(value) for key, value in _PARSED.items())  # canonical texts only


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "1941-12", "2101-01", "2024/04",
                                  "２０２４－０４", ""])
def test_a_bad_month_is_refused_after_good_ones(text: str) -> None:
    YearMonth.parse("2024-04")
    YearMonth.parse("2024-12")
    with pytest.raises(ValueError, match=r"month|year"):
        YearMonth.parse(text)


# --- JSON text ---------------------------------------------------------------------------------

def loads_or_error(function: Any, text: str) -> Any:
    try:
        return ("value", function(text))
    except (ValueError, RecursionError) as error:
        return ("error", type(error), str(error))


@given(st.text(max_size=40) | st.sampled_from(['{"a": 1}', "\ufeff{}", "\ufeff", "[" * 3000,
                                                "9" * 5000, '{"id": 12, "x": [1.5, null]}']))
def test_load_json_reads_as_json_loads(text: str) -> None:
    expected = loads_or_error(lambda t: json.loads(t, parse_int=_int_or_text), text)
    assert loads_or_error(load_json, text) == expected
