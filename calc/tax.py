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
from functools import cache

from calc.common import joined, reference
from calc.i18n import Yen
from calc.parameters import DatedSeries, MissingParameter, Parameters, ParameterValue, percent
from calc.parameters.schema import RetirementDeduction, ShortServiceRule, recording
from calc.rounding import ratio
from calc.trace import Trace

#: Days between the claim and the payment assumed for choosing the tax year.
PAYMENT_DELAY_DAYS = 120


def payment_date(claim_date: date) -> date:
    """The day the lump sum is assumed to be paid: its tax year, withholding rate and the
    refund's filing period all follow from it."""
    return claim_date + timedelta(days=PAYMENT_DELAY_DAYS)


@dataclass(frozen=True)
class Withholding:
    rate: Decimal
    tax: int


@cache
def percent_ratio(percentage: Decimal) -> tuple[int, int]:
    """A percentage as an exact integer ratio: ``Decimal("20.42")`` → ``(1021, 5000)``."""
    return ratio(percent(percentage))


def share(amount: int, percentage: Decimal) -> int:
    """``amount × percentage``, truncated to the yen, in integer arithmetic."""
    numerator, denominator = percent_ratio(percentage)
    return amount * numerator // denominator


def withholding(params: Parameters, amount: int, paid_on: date) -> Withholding:
    rate = params.withholding_rate.at(paid_on)
    return Withholding(rate=rate, tax=share(amount, rate))


def years_of_service(months: int) -> int:
    """Part of a year counts as a whole year (所得税法施行令69条②)."""
    return max(1, -(-months // 12))


#: A rate as the exact integer ratio of its percentage (``numerator, denominator``).
Rate = tuple[int, int]


@dataclass(frozen=True, slots=True)
class TaxYear:
    """The tax rules of one calendar year, read from the parameters once: every claim asks
    for them under several readings (years of service, surtaxes truncated together or apart).
    """

    deduction_rule: RetirementDeduction
    short_service: ShortServiceRule | None
    #: ``(taxable income from, rate, quick deduction)``, highest bracket first.
    brackets: tuple[tuple[int, Rate, int], ...]
    surtaxes: tuple[Rate, ...]
    surtax_total: Rate

    def deduction(self, years: int) -> int:
        rule = self.deduction_rule
        first = min(years, rule.years_at_first_rate)
        amount = rule.per_year * first + rule.per_year_after * max(0, years - first)
        return max(rule.minimum, amount)

    def retirement_income_before_cut(self, total: int, years: int) -> int:
        """Retirement income (退職所得の金額) in whole yen: half of what exceeds the deduction,
        or for short service (5 years or less) only its first 3,000,000 yen halved. Halving
        leaves at most 50 sen, which a return in whole yen (and the 1,000-yen cut) drops."""
        excess = max(0, total - self.deduction(years))
        short = self.short_service
        if short is not None and self.short_service_applies(total, years):
            return short.halved_up_to // 2 + (excess - short.halved_up_to)
        return excess // 2

    def short_service_applies(self, total: int, years: int) -> bool:
        """Whether the short-service rule (短期退職手当等, 5 years or less) limits the halving."""
        short = self.short_service
        return short is not None and years <= short.max_years \
            and total - self.deduction(years) > short.halved_up_to

    def retirement_income(self, total: int, years: int) -> int:
        """Taxable retirement income, truncated to 1,000 yen (課税退職所得金額)."""
        return self.retirement_income_before_cut(total, years) // 1000 * 1000

    def base_tax(self, taxable: int) -> int:
        """Income tax before surtaxes: the bracket the income reaches, less its quick deduction."""
        for start, (numerator, denominator), quick in self.brackets:
            if taxable >= start:
                return max(0, taxable * numerator // denominator - quick)
        return 0

    def base_taxes(self, amount: int, other_income: int, years: int) -> tuple[int, int]:
        """Income tax before surtaxes on all the year's retirement income, and on the other
        retirement income alone (0 when there is none): the lump sum's tax is what the first
        adds to the second, since the other income is taxed anyway."""
        with_lump_sum = self.base_tax(self.retirement_income(amount + other_income, years))
        without = self.base_tax(self.retirement_income(other_income, years)) \
            if other_income else 0
        return with_lump_sum, without

    def refund(self, withheld: int, base_taxes: tuple[int, int], separate: bool) -> int:
        """What comes back of ``withheld``: less the tax the lump sum adds (``base_taxes``
        with their surtaxes), never below nothing nor above what was withheld."""
        with_lump_sum, without = base_taxes
        due = self.with_surtaxes(with_lump_sum, separate)
        if without:
            due -= self.with_surtaxes(without, separate)
        return min(withheld, max(0, withheld - due))

    def with_surtaxes(self, base: int, separate: bool) -> int:
        """Income tax plus its surtaxes, each truncated to the yen (``separate``) or as one."""
        if separate:
            return base + sum(base * numerator // denominator
                              for numerator, denominator in self.surtaxes)
        numerator, denominator = self.surtax_total
        return base + base * numerator // denominator


def tax_year(params: Parameters, year: int) -> TaxYear:
    """The rules in force on 1 January of ``year``. Raises ``MissingParameter`` for a year
    before the tax tables in the data. The rules are read once (cached: the parameters never
    change once loaded), but every call counts their values as used by the estimate asking."""
    rules, used = _tax_year(params, year)
    for series, value in used:
        series.note(value)
    return rules


@cache
def _tax_year(params: Parameters, year: int
              ) -> tuple[TaxYear, tuple[tuple[DatedSeries, ParameterValue], ...]]:
    with recording(apart=True) as used:  # noted by tax_year on every call, this one included
        rules = _read_tax_year(params, year)
    return rules, tuple(used.values())


def _read_tax_year(params: Parameters, year: int) -> TaxYear:
    # Read in the order the refund step cites them: deduction, brackets, the short-service
    # rule (from 2022), surtaxes.
    on = date(year, 1, 1)
    deduction_rule = params.retirement_income_deduction.at(on)
    brackets = params.income_tax_brackets.at(on).brackets
    try:
        short_service: ShortServiceRule | None = params.short_service_rule.at(on)
    except MissingParameter:
        short_service = None
    rates = [rate for _, rate in params.surtax.at(on).surtaxes]
    return TaxYear(
        deduction_rule=deduction_rule,
        short_service=short_service,
        brackets=tuple((start, percent_ratio(rate), quick)
                       for start, rate, quick in reversed(brackets)),
        surtaxes=tuple(percent_ratio(rate) for rate in rates),
        surtax_total=percent_ratio(sum(rates, Decimal(0))),
    )


@dataclass(frozen=True)
class Refund:
    """The refund of the withheld tax: the lowest and highest over every reading."""

    low: int
    high: int
    payment_years: tuple[int, ...]
    years_variants: tuple[int, ...]


def _ascending(*values: int) -> tuple[int, ...]:
    """The distinct values, smallest first."""
    return tuple(sorted(set(values)))


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
    payment_years = _ascending(claim_date.year, payment_date(claim_date).year)
    years_variants = _ascending(years_of_service(insured_months),
                                years_of_service(capped_months))
    outcomes: dict[tuple[int, int, bool], int] = {}
    for year in payment_years:
        rules = tax_year(params, year)
        # With one surtax, truncating it separately changes nothing.
        readings = (False, True) if len(rules.surtaxes) >= 2 else (False,)
        for years in years_variants:
            # Surtaxes apply to the base taxes, computed once for both readings.
            bases = rules.base_taxes(amount, other_income, years)
            for separate in readings:
                outcomes[(year, years, separate)] = rules.refund(withheld, bases, separate)

    low, high = min(outcomes.values()), max(outcomes.values())
    if trace.enabled:
        _trace_refund(trace, params, outcomes, low, high, amount=amount, withheld=withheld,
                      other_income=other_income, main_year=payment_years[-1],
                      main_years=years_variants[-1])
    return Refund(low=low, high=high, payment_years=payment_years,
                  years_variants=years_variants)


def filing_period(params: Parameters, claim_date: date) -> tuple[date, date]:
    """First and last day to file the return that claims the refund, for a claim reaching
    JPS on ``claim_date`` (paid on ``payment_date``)."""
    return filing_window(params, payment_date(claim_date))


def filing_window(params: Parameters, paid_on: date) -> tuple[date, date]:
    """First and last day to file the return for a lump sum paid on ``paid_on``: from
    1 January after the payment, for the years the refund can be claimed (the series is keyed
    by the payment)."""
    window = params.tax_refund_window.at(paid_on)
    filing_from = date(paid_on.year + 1, 1, 1)
    return filing_from, date(filing_from.year + window, 1, 1) - timedelta(days=1)


def _trace_refund(trace: Trace, params: Parameters, outcomes: dict[tuple[int, int, bool], int],
                  low: int, high: int, *, amount: int, withheld: int, other_income: int,
                  main_year: int, main_years: int) -> None:
    """The refund of the main reading (the later tax year, the longer service) and the range
    over every reading."""
    rules = tax_year(params, main_year)
    cited = joined(reference(series, entry) for series, entry in _tax_year(params, main_year)[1])
    readings = ("tax_years_of_service", "tax_year") + \
        (("surtax_2027_rounding",) if len(rules.surtaxes) >= 2 else ())
    trace.add(
        "tax", "tax_refund",
        values=[
            ("amount", Yen(amount)),
            ("other_retirement_income", Yen(other_income)),
            ("years_of_service", main_years),
            ("deduction", Yen(rules.deduction(main_years))),
            ("taxable_income", Yen(rules.retirement_income(amount + other_income,
                                                           main_years))),
            ("tax_year", main_year),
            ("tax", Yen(withheld - outcomes[(main_year, main_years, False)])),
            ("withheld", Yen(withheld)),
        ],
        result=Yen(outcomes[(main_year, main_years, False)]), result_key="unit.yen",
        reference=cited,
        interpretations=readings,
    )
    if low != high:
        trace.add(
            "tax", "tax_refund_range",
            values=[("refund_variant_separate" if sep else "refund_variant", Yen(value),
                     {"year": year, "years": years})
                    for (year, years, sep), value in sorted(outcomes.items())],
            params={"low": Yen(low), "high": Yen(high)},
            result_key="result.range",
            reference="所得税法施行令 第69条第1項第2号・第2項 — "
            "https://laws.e-gov.go.jp/law/340CO0000000096" + " ; " + cited,
            interpretations=readings,
        )
