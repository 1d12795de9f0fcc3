"""Tax on the Employees' Pension lump sum: 20.42% withheld, part of it refundable.

The refund comes from electing to be taxed as a resident on retirement income
(退職所得の選択課税, 所得税法171条・173条). Two points are not settled by any source we found, so
the refund is a range over every reading instead of one guessed figure:
- the years of service: the whole insured period (best-supported reading of 所得税法施行令69条①二)
  or only the months used for the payment (capped);
- the tax year: the payment arrives some months after the claim (third-party reports: 3–4
  months), possibly in the next calendar year, whose rules may differ (from 2027 the surtax is
  split into two parts that may be truncated separately).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cache
from itertools import product

from calc.common import reference
from calc.i18n import Yen
from calc.parameters import MissingParameter, Parameters, percent
from calc.trace import Trace

#: Months between the claim and the payment assumed for choosing the tax year.
PAYMENT_DELAY_DAYS = 120


@dataclass(frozen=True)
class Withholding:
    rate: Decimal
    tax: int


@cache
def ratio(percentage: Decimal) -> tuple[int, int]:
    """A percentage as an exact integer ratio: ``Decimal("20.42")`` → ``(1021, 5000)``."""
    exact = Fraction(percent(percentage))
    return exact.numerator, exact.denominator


def share(amount: int, percentage: Decimal) -> int:
    """``amount × percentage``, truncated to the yen, in integer arithmetic."""
    numerator, denominator = ratio(percentage)
    return amount * numerator // denominator


def withholding(params: Parameters, amount: int, paid_on: date) -> Withholding:
    rate = params.withholding_rate.at(paid_on)
    return Withholding(rate=rate, tax=share(amount, rate))


def years_of_service(months: int) -> int:
    """Part of a year counts as a whole year (所得税法施行令69条②)."""
    return max(1, -(-months // 12))


def deduction(params: Parameters, years: int, year: int) -> int:
    rule = params.retirement_income_deduction.at(date(year, 1, 1))
    first = min(years, rule.years_at_first_rate)
    amount = rule.per_year * first + rule.per_year_after * max(0, years - first)
    return max(rule.minimum, amount)


def retirement_income(params: Parameters, total: int, years: int, year: int) -> int:
    """Taxable retirement income, truncated to 1,000 yen (課税退職所得金額)."""
    excess = max(0, total - deduction(params, years, year))
    try:
        short = params.short_service_rule.at(date(year, 1, 1))
    except MissingParameter:
        short = None
    # Amounts are whole yen and halving leaves at most 50 sen, which the 1,000-yen cut drops.
    if short is not None and years <= short.max_years and excess > short.halved_up_to:
        income = short.halved_up_to // 2 + (excess - short.halved_up_to)
    else:
        income = excess // 2
    return income // 1000 * 1000


def income_tax(params: Parameters, taxable: int, year: int, separate_surtaxes: bool) -> int:
    """Income tax plus surtaxes on a taxable retirement income."""
    brackets = params.income_tax_brackets.at(date(year, 1, 1)).brackets
    base = 0
    for start, rate, quick in brackets:
        if taxable >= start:
            base = share(taxable, rate) - quick
    base = max(0, base)
    rates = [rate for _, rate in params.surtax.at(date(year, 1, 1)).surtaxes]
    if separate_surtaxes:
        extra = sum(share(base, rate) for rate in rates)
    else:
        extra = share(base, sum(rates, Decimal(0)))
    return base + extra


def tax_due(params: Parameters, amount: int, other: int, years: int, year: int,
            separate: bool) -> int:
    """Tax the lump sum adds to the year's retirement income (other income taxed anyway)."""
    with_lump_sum = income_tax(params, retirement_income(params, amount + other, years, year),
                               year, separate)
    if not other:
        return with_lump_sum
    without = income_tax(params, retirement_income(params, other, years, year), year, separate)
    return with_lump_sum - without


@dataclass(frozen=True)
class Refund:
    low: int
    high: int
    payment_years: tuple[int, ...]
    years_variants: tuple[int, ...]
    filing_from: date
    filing_until: date
    withholding_rate: Decimal


def refund(
    params: Parameters,
    *,
    amount: int,
    withheld: int,
    other_income: int,
    insured_months: int,
    capped_months: int,
    claim_date: date,
    trace: Trace,
) -> Refund:
    paid_on = claim_date + timedelta(days=PAYMENT_DELAY_DAYS)
    payment_years = tuple(sorted({claim_date.year, paid_on.year}))
    years_variants = tuple(sorted({years_of_service(insured_months),
                                   years_of_service(capped_months)}))
    outcomes: dict[tuple[int, int, bool], int] = {}
    for year, years, separate in product(payment_years, years_variants, (False, True)):
        if separate and len(params.surtax.at(date(year, 1, 1)).surtaxes) < 2:
            continue  # one surtax: truncating it separately changes nothing
        due = tax_due(params, amount, other_income, years, year, separate)
        outcomes[(year, years, separate)] = min(withheld, max(0, withheld - due))

    main_year, main_years = payment_years[-1], years_variants[-1]
    taxable = retirement_income(params, amount + other_income, main_years, main_year)
    trace.add(
        "tax", "tax_refund",
        values=[
            ("amount", Yen(amount)),
            ("other_retirement_income", Yen(other_income)),
            ("years_of_service", main_years),
            ("deduction", Yen(deduction(params, main_years, main_year))),
            ("taxable_income", Yen(taxable)),
            ("tax_year", main_year),
            ("tax", Yen(withheld - outcomes[(main_year, main_years, False)])),
            ("withheld", Yen(withheld)),
        ],
        result=Yen(outcomes[(main_year, main_years, False)]), result_key="unit.yen",
        reference=reference(params.retirement_income_deduction) + " ; "
        + reference(params.income_tax_brackets) + " ; " + reference(params.short_service_rule),
    )
    window = params.tax_refund_window.at(claim_date)
    filing_from = date(paid_on.year + 1, 1, 1)
    filing_until = date(filing_from.year + window, 1, 1) - timedelta(days=1)
    low, high = min(outcomes.values()), max(outcomes.values())
    if low != high:
        trace.add(
            "tax", "tax_refund_range",
            values=[("refund_variant_separate" if sep else "refund_variant", Yen(value),
                     {"year": year, "years": years})
                    for (year, years, sep), value in sorted(outcomes.items())],
            params={"low": Yen(low), "high": Yen(high)},
            result_key="result.range",
            reference="所得税法施行令 第69条第1項第2号・第2項",
        )
    return Refund(low=low, high=high, payment_years=payment_years,
                  years_variants=years_variants, filing_from=filing_from,
                  filing_until=filing_until,
                  withholding_rate=params.withholding_rate.at(paid_on))
