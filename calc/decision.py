"""Decision aid: what the lump sum costs, and the old-age pension it gives up.

Claiming erases every covered month. For someone who may reach the 10-year qualifying period
(more years in Japan, or totalization with their own country), the old-age pension from 65 can
be worth more. This module puts the two side by side, neutrally, with its assumptions:
- the old-age basic pension (老齢基礎年金) = full amount × weighted months / 480;
- the earnings-related part (報酬比例部分) = Σ remuneration before April 2003 × 7.125/1000 +
  Σ remuneration and bonuses from April 2003 × 5.481/1000, without the revaluation of past pay
  (再評価率) the real pension applies, so it errs low;
- all covered months fall between ages 20 and 59, at today's amounts.
"""

from __future__ import annotations

from fractions import Fraction

from calc.common import reference, series_stretches
from calc.employees_pension import EmployeesPensionFigures, split_remuneration
from calc.i18n import Yen
from calc.models import Claim, Decision, Note, PensionAlternative
from calc.months import YearMonth
from calc.parameters import MissingParameter, Parameters
from calc.rounding import decimal_text, round_half_up
from calc.trace import Trace

ASSUMPTIONS = [Note(code) for code in ("assume_amounts_today", "assume_no_revaluation",
                                        "assume_age_20_59", "assume_not_advice")]


def basic_pension_months(claim: Claim, params: Parameters, epi_months: int) -> Fraction:
    """Employees' Pension months count whole, National Pension months by the weight of their
    status in force in each month (the same for a stretch of months under one table)."""
    series = params.basic_pension_month_weights
    total = Fraction(epi_months)
    for period in claim.national_pension:
        if period.already_paid_out:
            continue
        for start, end in series_stretches(series, period.from_.index, period.to.index):
            weights = series.at(YearMonth.from_index(start).first_day)
            total += (end - start + 1) * getattr(weights, period.status)
    return total


def compute(
    claim: Claim,
    params: Parameters,
    epi: EmployeesPensionFigures,
    *,
    covered_months: int,
    lump_sum_now: int,
    lump_sum_if_96: int | None,
    months_forfeited_np: Fraction,
    totalization_country: str | None,
    trace: Trace,
    lang: str,
) -> Decision | None:
    try:
        full = params.old_age_basic_pension.entry(claim.claim_date)
        rules = params.old_age_pension_rules.at(claim.claim_date)
        threshold = params.qualifying_period_months.at(claim.claim_date)
    except MissingParameter:
        return None  # claims dated before the pension data: no comparison

    months = min(basic_pension_months(claim, params, epi.insured_months),
                 Fraction(rules.full_months))
    basic = round_half_up(Fraction(full.value) * months / rules.full_months)
    switch = YearMonth.of(rules.switch).index
    _, before, after = split_remuneration(epi.remuneration, switch)
    after += sum(amount for month, amount in epi.standard_bonuses.items()
                 if month.index >= switch)
    earnings = round_half_up(Fraction(before) * Fraction(rules.per_mille_before_2003) / 1000
                             + Fraction(after) * Fraction(rules.per_mille_from_2003) / 1000)
    yearly = basic + earnings
    years = -(-lump_sum_now // yearly) if yearly > 0 else None
    trace.add(
        "decision", "pension_alternative",
        params={"age": rules.pension_age},
        values=[("full_basic_pension", Yen(full.value)),
                ("basic_pension_months", decimal_text(months)),
                ("pay_before_2003", Yen(before)), ("pay_from_2003", Yen(after)),
                ("covered_months", covered_months), ("months_needed", threshold)],
        result=Yen(yearly), result_key="unit.per_year",
        reference=reference(params.old_age_basic_pension, full) + " ; "
        + reference(params.old_age_pension_rules),
    )
    return Decision(
        lump_sum_now=lump_sum_now,
        lump_sum_if_96_month_cap=lump_sum_if_96,
        months_forfeited_national_pension=decimal_text(months_forfeited_np),
        months_forfeited_employees_pension=epi.months_above_cap,
        pension=PensionAlternative(
            covered_months=covered_months,
            qualifying_months=threshold,
            months_to_qualify=max(0, threshold - covered_months),
            basic_pension_months=decimal_text(months),
            basic_pension_yearly=basic,
            earnings_related_yearly=earnings,
            yearly_total=yearly,
            from_age=rules.pension_age,
            years_to_exceed_lump_sum=years,
        ),
        totalization_country=totalization_country,
        assumptions=[note.reason(lang, "assumption") for note in ASSUMPTIONS],
    )
