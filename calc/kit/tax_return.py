"""The second payment: the figures of the refund return (退職所得の選択課税による還付のための申告書)
line by line, from the engine's own tax rules.

The return is written on the ordinary income-tax forms (第一表, 第二表, 第三表); lines are named
by their printed labels, which stay while their numbers change from year to year (NTA's guide,
claim-kit.md §4.7). The arithmetic is ``calc.tax``'s (``TaxYear``), never copied: the refund
given here is one of the readings ``estimate`` spans in its range, and the other readings'
refunds are returned beside it with the reason they differ.

Readings (reference.md §10–§11):
- years of service: the whole insured period (primary) or only the months the payment counts
  (capped), 所得税法施行令69条1項2号;
- surtaxes from 2027 (1.1% reconstruction + 1% defence): each truncated on its own line
  (primary, as the return prints them) or together (±1 yen);
- the tax year: the payment notice's date when the person has it, else the expected payment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from calc import tax
from calc.parameters import Parameters


@dataclass(frozen=True)
class Surtax:
    code: str  # reconstruction, defence
    rate: str  # percent, e.g. "2.1"
    amount: int


@dataclass(frozen=True)
class Reading:
    code: str  # capped_years, surtaxes_together
    service_years: int
    refund: int


@dataclass(frozen=True)
class ReturnFigures:
    """The return's lines for one person (all yen), and how they were read."""

    gross: int
    other_income: int
    service_years: int
    short_service: bool
    deduction: int
    income: int
    taxable_income: int
    income_tax: int
    surtaxes: tuple[Surtax, ...]
    total_tax: int
    tax_on_other_income: int
    withheld: int
    refund: int
    tax_year: int
    file_from: date
    file_until: date
    other_readings: tuple[Reading, ...]


#: The surtaxes by their number on the return: one from 2013 (復興特別所得税 2.1%), two from 2027
#: (復興特別所得税 1.1% and 防衛特別所得税 1%). The parameter file gives the rates in this order.
SURTAX_CODES = ("reconstruction", "defence")


def _due(rules: tax.TaxYear, total: int, years: int, separate: bool) -> tuple[int, int, int]:
    """(taxable income, income tax, tax with surtaxes) on ``total`` retirement income."""
    taxable = rules.retirement_income(total, years)
    base = rules.base_tax(taxable)
    return taxable, base, rules.with_surtaxes(base, separate)


def figures(params: Parameters, *, gross: int, withheld: int, other_income: int,
            insured_months: int, capped_months: int, paid_on: date) -> ReturnFigures:
    """The return for a lump sum ``gross`` paid on ``paid_on`` with ``withheld`` tax taken.

    Raises ``MissingParameter`` for a year outside the tax tables in the data."""
    year = paid_on.year
    rules = tax.tax_year(params, year)
    years = tax.years_of_service(insured_months)
    separate = len(rules.surtaxes) >= 2
    total = gross + other_income

    def refund_for(years: int, separate: bool) -> int:
        return rules.refund(withheld, rules.base_taxes(gross, other_income, years), separate)

    taxable, base, with_surtaxes = _due(rules, total, years, separate)
    surtaxes = tuple(
        Surtax(code, _percent_text(numerator, denominator), base * numerator // denominator)
        for code, (numerator, denominator) in zip(SURTAX_CODES, rules.surtaxes, strict=False))
    on_other = _due(rules, other_income, years, separate)[2] if other_income else 0
    refund = refund_for(years, separate)
    readings = []
    capped = tax.years_of_service(capped_months)
    if capped != years and (other := refund_for(capped, separate)) != refund:
        readings.append(Reading("capped_years", capped, other))
    if separate and (other := refund_for(years, False)) != refund:
        readings.append(Reading("surtaxes_together", years, other))
    file_from, file_until = tax.filing_window(params, paid_on)
    return ReturnFigures(
        gross=gross, other_income=other_income, service_years=years,
        short_service=rules.short_service_applies(total, years),
        deduction=rules.deduction(years), income=rules.retirement_income_before_cut(total, years),
        taxable_income=taxable, income_tax=base, surtaxes=surtaxes, total_tax=with_surtaxes,
        tax_on_other_income=on_other, withheld=withheld, refund=refund, tax_year=year,
        file_from=file_from, file_until=file_until,
        other_readings=tuple(readings),
    )


def _percent_text(numerator: int, denominator: int) -> str:
    """An exact percentage as text: (21, 1000) → "2.1"."""
    from decimal import Decimal

    value = Decimal(numerator * 100) / Decimal(denominator)
    return format(value.normalize(), "f")
