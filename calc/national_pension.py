"""National Pension (国民年金) lump sum: 国民年金法 附則第9条の3の2.

Amount = premium of the fiscal year of the reference month (基準月) × ½ × multiplier, where the
multiplier comes from the Category-1 months weighted by how much of each premium was paid.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from calc.common import Multiplier, multiplier, reference
from calc.i18n import Term, Yen
from calc.models import Claim, Note
from calc.months import YearMonth
from calc.parameters import Parameters
from calc.rounding import decimal_text, round_half_up_ratio
from calc.trace import Trace

#: Statuses that count toward the 10-year qualifying period (paid and every kind of exemption
#: or deferral); unpaid months do not.
QUALIFYING_STATUSES = frozenset(
    {"paid", "quarter_exempt", "half_exempt", "three_quarter_exempt", "exempt", "student_deferral"}
)


@dataclass
class NationalPensionFigures:
    counted: Fraction = Fraction(0)
    qualifying_months: int = 0
    reference_month: YearMonth | None = None
    multiplier: Multiplier | None = None
    premium: int | None = None
    premium_fiscal_year_missing: int | None = None
    amount: int = 0
    reasons: list[Note] = field(default_factory=list)

    @property
    def months_above_cap(self) -> Fraction:
        if self.multiplier is None:
            return Fraction(0)
        return max(Fraction(0), self.counted - self.multiplier.cap)


def compute(claim: Claim, params: Parameters, trace: Trace) -> NationalPensionFigures:
    figures = NationalPensionFigures()
    periods = [p for p in claim.national_pension if not p.already_paid_out]
    if not periods:
        figures.reasons.append(Note("np_no_months",
                                    key="np_no_months_left" if claim.national_pension else ""))
        return figures

    weights_series = params.np_month_weights
    weights_entry = weights_series.entry(claim.claim_date)
    weights = weights_entry.value
    months_by_status: Counter[str] = Counter()
    last_paid: YearMonth | None = None
    for period in periods:
        count = period.from_.months_until(period.to)
        months_by_status[period.status] += count
        if getattr(weights, period.status) > 0 and (last_paid is None or period.to > last_paid):
            last_paid = period.to

    figures.counted = sum(
        (count * getattr(weights, status) for status, count in months_by_status.items()),
        Fraction(0),
    )
    figures.qualifying_months = sum(
        count for status, count in months_by_status.items() if status in QUALIFYING_STATUSES
    )
    if trace.enabled:
        trace.add(
            "national_pension", "np_counted_months",
            values=[("months_with_status", n, {"status": Term(f"status.{status}")})
                    for status, n in sorted(months_by_status.items())],
            result=Decimal(decimal_text(figures.counted)), result_key="unit.months",
            reference=reference(weights_series, weights_entry),
        )

    figures.reference_month = last_paid
    if last_paid is None:
        figures.reasons.append(Note("np_nothing_paid"))
        return figures
    if trace.enabled:
        trace.add(
            "national_pension", "np_reference_month",
            result=last_paid,
            reference="国民年金法 附則第9条の3の2第3項 — "
            "https://laws.e-gov.go.jp/law/334AC0000000141",
        )

    mult = multiplier(params, figures.counted, last_paid.first_day, claim.claim_date,
                      claim.what_if_96_month_cap)
    figures.multiplier = mult
    if trace.enabled:
        trace.add(
            "national_pension", "np_multiplier",
            params={"step": mult.step, "minimum": mult.minimum},
            values=[("months", Decimal(decimal_text(figures.counted))), ("cap", mult.cap),
                    ("minimum", mult.minimum)],
            result=mult.value if mult.value is not None else "",
            result_key="" if mult.value is not None else "result.below_minimum",
            reference=reference(params.multiplier_cap, mult.cap_entry),
            interpretations=("cap_change_model",) if mult.pending_cap else (),
        )
    if mult.value is None:
        figures.reasons.append(Note("np_below_minimum", {
            "months": decimal_text(figures.counted), "minimum": mult.minimum}))
        return figures

    premium_entry = params.np_premium.entry(last_paid.first_day)
    figures.premium = premium_entry.value
    fiscal_year = last_paid.fiscal_year
    assert premium_entry.from_ is not None
    if premium_entry.from_.year != fiscal_year:
        figures.premium_fiscal_year_missing = fiscal_year
    if trace.enabled:
        trace.add(
            "national_pension", "np_premium",
            params={"fiscal_year": fiscal_year, "next_year": fiscal_year + 1},
            values=[("fiscal_year", fiscal_year)],
            result=Yen(figures.premium), result_key="unit.yen",
            reference=reference(params.np_premium, premium_entry),
        )

    # The premium is a multiple of 10 yen and the multiplier even, so this is a whole number;
    # rounding is kept for safety and is a no-op.
    figures.amount = round_half_up_ratio(figures.premium * mult.value, 2)
    if not trace.enabled:
        return figures
    trace.add(
        "national_pension", "np_amount",
        values=[("premium", Yen(figures.premium)), ("multiplier", mult.value)],
        result=Yen(figures.amount), result_key="unit.yen",
        reference="国民年金法 附則第9条の3の2第3項 — "
        "https://www.nenkin.go.jp/international/english/lumpsum/lumpsum.html",
    )
    return figures
