"""Employees' Pension (厚生年金保険) lump sum: 厚生年金保険法 附則第29条.

Amount = average standard remuneration × payment rate, where
- the average covers *every* insured month (months before April 2003 × 1.3; standard bonuses
  from April 2003 added), and is kept exact, as a ratio of two integers;
- payment rate = contribution rate (October of the year before the final month's year, or two
  years before for a final month in January–August) × ½ × multiplier, rounded half up to 0.1;
- the yen amount is rounded half up (EPI Act 35条 applied by 附則29条9項).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter

from calc.common import Multiplier, joined, multiplier, reference, series_stretches
from calc.errors import ClaimError, InvalidClaim
from calc.i18n import Change, Listing, Yen
from calc.models import Claim, Note
from calc.months import YearMonth, month_index
from calc.parameters import MissingParameter, Parameters, ParameterValue, percent
from calc.parameters.schema import GradeTable, Pre2003Factor, StandardBonusRule
from calc.rounding import decimal_text, ratio, round_half_up_ratio, tenths_decimal
from calc.trace import StepValue, Trace

#: Insured months with one standard monthly remuneration: ``(first month index, last month
#: index, remuneration)``, both ends included. A claim's periods never overlap (validation
#: rejects that), so its stretches hold each insured month exactly once, and sums over them
#: cost one step per stretch instead of one per month.
Stretch = tuple[int, int, int]


@dataclass
class EmployeesPensionFigures:
    insured_months: int = 0
    final_month: YearMonth | None = None
    #: The average standard remuneration as ``(numerator, denominator)``, not reduced: the
    #: amount is rounded from it in integer arithmetic; ``average`` gives it as a fraction.
    average_ratio: tuple[int, int] | None = None
    rate_month: YearMonth | None = None
    contribution_rate: Decimal | None = None
    multiplier: Multiplier | None = None
    payment_rate: Decimal | None = None
    amount: int = 0
    salary_estimated: bool = False
    ignored_bonus_months: list[YearMonth] = field(default_factory=list)
    remuneration: list[Stretch] = field(default_factory=list)
    standard_bonuses: dict[YearMonth, int] = field(default_factory=dict)
    reasons: list[Note] = field(default_factory=list)

    @property
    def average(self) -> Fraction | None:
        """The average standard remuneration as an exact fraction in lowest terms."""
        return Fraction(*self.average_ratio) if self.average_ratio is not None else None

    @property
    def months_above_cap(self) -> int:
        if self.multiplier is None:
            return 0
        return max(0, self.insured_months - self.multiplier.cap)


def split_remuneration(stretches: list[Stretch], cutoff: int) -> tuple[int, int, int]:
    """``(months before, remuneration before, remuneration from)`` the month index ``cutoff``."""
    months_before = before = after = 0
    for first, last, smr in stretches:
        if first < cutoff:
            months = min(last, cutoff - 1) - first + 1
            months_before += months
            before += smr * months
        if last >= cutoff:
            after += smr * (last - max(first, cutoff) + 1)
    return months_before, before, after


def _covers(stretches: list[Stretch], index: int) -> bool:
    return any(first <= index <= last for first, last, _ in stretches)


_LOWEST_PAY = itemgetter(1)


def grade_for_salary(params: Parameters, salary: int, month: YearMonth) -> int:
    """Standard monthly remuneration of the grade a monthly salary falls in, in that month:
    the last grade whose lowest pay the salary reaches (the table ascends)."""
    table = params.smr_grades.at(month.first_day).grades
    position = bisect_right(table, salary, key=_LOWEST_PAY)
    return table[max(position, 1) - 1][0]


def rate_month_for(params: Parameters, final: YearMonth, claim_date: date) -> YearMonth:
    rule = params.epi_rate_reference.at(claim_date)
    years = (rule.years_before_early_final_month if final.month <= rule.early_final_month_until
             else rule.years_before)
    return YearMonth(final.year - years, rule.rate_month)


def _remuneration(claim: Claim, params: Parameters
                  ) -> tuple[list[Stretch], list[ParameterValue[GradeTable]]]:
    """Stretches of the months not yet paid out, and the grade tables used to turn salaries
    into grades (none when every period gave its standard monthly remuneration)."""
    stretches: list[Stretch] = []
    tables: list[ParameterValue[GradeTable]] = []
    for i, period in enumerate(claim.employees_pension):
        if period.already_paid_out:
            continue
        first, last = period.from_.index, period.to.index
        if period.standard_monthly_remuneration is not None:
            stretches.append((first, last, period.standard_monthly_remuneration))
            continue
        assert period.monthly_salary is not None
        # One grade per stretch of months under the same grade table.
        for start, end in series_stretches(params.smr_grades, first, last):
            try:
                grade = grade_for_salary(params, period.monthly_salary,
                                         YearMonth.from_index(start))
            except MissingParameter:
                table_start = params.smr_grades.dated[0].from_
                assert table_start is not None
                raise InvalidClaim([ClaimError.of(
                    f"employees_pension.{i}.monthly_salary", "salary_table_missing",
                    first=YearMonth.of(table_start),
                )]) from None
            stretches.append((start, end, grade))
            table = params.smr_grades.entry(YearMonth.from_index(start).first_day)
            if all(known is not table for known in tables):
                tables.append(table)
    return stretches, tables


def compute(claim: Claim, params: Parameters, trace: Trace) -> EmployeesPensionFigures:
    figures = EmployeesPensionFigures()
    if not any(not p.already_paid_out for p in claim.employees_pension):
        figures.reasons.append(Note("epi_no_months",
                                    key="epi_no_months_left" if claim.employees_pension else ""))
        return figures

    # 1. Monthly remuneration of every insured month (from the salary where that was given).
    stretches, grade_tables = _remuneration(claim, params)
    figures.salary_estimated = bool(grade_tables)
    figures.insured_months = sum(last - first + 1 for first, last, _ in stretches)
    figures.final_month = YearMonth.from_index(max(last for _, last, _ in stretches))

    # The factor's switch date is read to split the months; the factor itself counts as used
    # (and its source as cited) only when some months fall before it.
    pre = params.pre2003_factor.entry(claim.claim_date, record=False)
    early_months, early, late = split_remuneration(stretches,
                                                   month_index(pre.value.applies_before))
    if early_months:
        params.pre2003_factor.note(pre)
    if figures.salary_estimated and trace.enabled:
        trace.add(
            "employees_pension", "epi_salary_to_grade",
            values=[("grades_used", Listing(Yen(v) for v in sorted({smr for *_, smr
                                                                     in stretches})))],
            reference=joined(reference(params.smr_grades, table) for table in grade_tables),
        )

    # 2. Standard bonuses: the month's bonuses summed, truncated to 1,000 yen, capped.
    by_month: dict[YearMonth, int] = defaultdict(int)
    for bonus in claim.bonuses:
        if _covers(stretches, bonus.month.index):  # bonuses of months paid out are left out
            by_month[bonus.month] += bonus.amount
    standard_bonuses: dict[YearMonth, int] = {}
    bonus_rules: list[ParameterValue[StandardBonusRule]] = []
    for month, month_total in sorted(by_month.items()):
        try:
            bonus_rule_entry = params.standard_bonus.entry(month.first_day)
        except MissingParameter:
            figures.ignored_bonus_months.append(month)
            continue
        if all(known is not bonus_rule_entry for known in bonus_rules):
            bonus_rules.append(bonus_rule_entry)
        rule = bonus_rule_entry.value
        standard_bonuses[month] = min(month_total // rule.unit * rule.unit, rule.cap_per_month)
    if standard_bonuses and trace.enabled:
        trace.add(
            "employees_pension", "epi_standard_bonus",
            values=[("bonus_month", Change((Yen(by_month[m]), Yen(v))), {"month": m})
                    for m, v in standard_bonuses.items()],
            result=Yen(sum(standard_bonuses.values())), result_key="unit.yen",
            reference=joined(reference(params.standard_bonus, rule) for rule in bonus_rules),
        )

    figures.remuneration = stretches
    figures.standard_bonuses = standard_bonuses

    # 3. Average standard remuneration over all insured months (the cap does not apply here):
    # (factor × early + late + bonuses) / months, with the factor n/d kept as integers:
    # (n × early + d × (late + bonuses)) / (d × months).
    factor_n, factor_d = ratio(pre.value.factor)
    figures.average_ratio = (factor_n * early + factor_d * (late + sum(standard_bonuses.values())),
                             factor_d * figures.insured_months)
    if trace.enabled:
        _trace_average(trace, params, pre, figures, early_months, early, late)
    return _rate_and_amount(claim, params, trace, figures)


def _trace_average(trace: Trace, params: Parameters, pre: ParameterValue[Pre2003Factor],
                   figures: EmployeesPensionFigures, early_months: int, early: int,
                   late: int) -> None:
    assert figures.average is not None
    standard_bonuses = figures.standard_bonuses
    values: list[StepValue] = [("insured_months", figures.insured_months),
                               ("remuneration_from_2003", Yen(late)),
                               ("standard_bonuses", Yen(sum(standard_bonuses.values())))]
    if early_months:
        values.append(("remuneration_before_2003", Yen(early),
                       {"factor": pre.value.factor}))
    trace.add(
        "employees_pension", "epi_average",
        params={"factor": pre.value.factor},
        formula_key="formula_pre2003" if early_months else "formula",
        values=values,
        result=Decimal(decimal_text(figures.average)), result_key="unit.yen",
        reference=reference(params.pre2003_factor, pre) if early_months else
        "厚生年金保険法 附則第29条第3項 — https://laws.e-gov.go.jp/law/329AC0000000115",
    )


def _rate_and_amount(claim: Claim, params: Parameters, trace: Trace,
                     figures: EmployeesPensionFigures) -> EmployeesPensionFigures:
    # 4. Contribution rate of the right October, multiplier and payment rate.
    final = figures.final_month
    assert final is not None
    figures.rate_month = rate_month_for(params, final, claim.claim_date)
    try:
        rate_entry = params.epi_contribution_rate.entry(figures.rate_month.first_day)
    except MissingParameter:
        raise InvalidClaim([ClaimError.of("employees_pension", "rate_missing",
                                          final=final)]) from None
    figures.contribution_rate = percent(rate_entry.value)
    if trace.enabled:
        trace.add(
            "employees_pension", "epi_contribution_rate",
            params={"year": figures.rate_month.year, "final": final},
            label_key="label_early" if figures.rate_month.year == final.year - 2 else "label",
            values=[("final_month", final), ("rate_month", figures.rate_month)],
            result=rate_entry.value.normalize(), result_key="unit.percent",
            reference=reference(params.epi_rate_reference,
                                params.epi_rate_reference.entry(claim.claim_date)) + " ; "
            + reference(params.epi_contribution_rate, rate_entry),
        )

    mult = multiplier(params, figures.insured_months, final.first_day, claim.claim_date,
                      claim.what_if_96_month_cap)
    figures.multiplier = mult
    if trace.enabled:
        trace.add(
            "employees_pension", "epi_multiplier",
            params={"step": mult.step, "minimum": mult.minimum},
            values=[("months", figures.insured_months), ("cap", mult.cap),
                    ("minimum", mult.minimum)],
            result=mult.value if mult.value is not None else "",
            result_key="" if mult.value is not None else "result.below_minimum",
            reference=reference(params.multiplier_cap, mult.cap_entry),
            interpretations=("cap_change_model",) if mult.pending_cap else (),
        )
    if mult.value is None:
        figures.reasons.append(Note("epi_below_minimum", {
            "months": figures.insured_months, "minimum": mult.minimum}))
        return figures

    # Payment rate = rate × multiplier / 2 with the rate n/d as integers: n × multiplier / 2d,
    # rounded half up to tenths (10 × n × multiplier / 2d rounded to a whole number of tenths).
    rate_n, rate_d = ratio(figures.contribution_rate)
    tenths = round_half_up_ratio(10 * rate_n * mult.value, 2 * rate_d)
    figures.payment_rate = tenths_decimal(tenths)
    if trace.enabled:
        trace.add(
            "employees_pension", "epi_payment_rate",
            values=[("rate", figures.contribution_rate.normalize()), ("multiplier", mult.value),
                    ("unrounded", Decimal(decimal_text(Fraction(rate_n * mult.value,
                                                                2 * rate_d))))],
            result=figures.payment_rate,
            reference="厚生年金保険法 附則第29条第4項 — "
            "https://laws.e-gov.go.jp/law/329AC0000000115",
        )

    # 5. Amount = average × tenths / 10, rounded half up to the yen.
    assert figures.average_ratio is not None
    numerator, denominator = figures.average_ratio
    figures.amount = round_half_up_ratio(numerator * tenths, denominator * 10)
    if not trace.enabled:
        return figures
    trace.add(
        "employees_pension", "epi_amount",
        values=[("average", Decimal(decimal_text(Fraction(numerator, denominator)))),
                ("payment_rate", figures.payment_rate)],
        result=Yen(figures.amount), result_key="unit.yen",
        reference="厚生年金保険法 附則第29条第3項・第9項, 第35条 — "
        "https://www.nenkin.go.jp/international/english/lumpsum/lumpsum.html",
    )
    return figures
