"""Parameter values as short text in a language: the sources page, the "what changes next"
list and ``lumpsum about`` describe a value the same way."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calc import i18n
from calc.i18n import Yen
from calc.months import YearMonth
from calc.parameters import DatedSeries
from calc.parameters.schema import (
    Agreements,
    GradeTable,
    MonthWeights,
    OldAgePensionRules,
    Pre2003Factor,
    RateReference,
    RetirementDeduction,
    ShortServiceRule,
    StandardBonusRule,
    Surtaxes,
    TaxBrackets,
)

STATUSES = ["paid", "quarter_exempt", "half_exempt", "three_quarter_exempt", "exempt",
            "student_deferral", "unpaid"]


def value_text(series: DatedSeries, value: Any, lang: str) -> str:
    """One value of a series as short text, by its unit or structure."""
    def t(key: str, **params: Any) -> str:
        return i18n.text(key, lang, **params)

    def yen(amount: int) -> str:
        return t("unit.yen", value=Yen(amount))

    def pct(value: Decimal) -> str:
        return t("unit.percent", value=value.normalize())

    if isinstance(value, MonthWeights):
        return "; ".join(f"{t('status.' + key)} {getattr(value, key)}" for key in STATUSES)
    if isinstance(value, RateReference):
        return t("site.rate_reference", until=_month_name(value.early_final_month_until, lang))
    if isinstance(value, Pre2003Factor):
        return t("site.pre2003", factor=value.factor, date=i18n.format_value(
            YearMonth.of(value.applies_before), lang))
    if isinstance(value, StandardBonusRule):
        return t("site.standard_bonus", unit=yen(value.unit), cap=yen(value.cap_per_month))
    if isinstance(value, GradeTable):
        return t("site.grades_summary", count=len(value.grades), low=yen(value.grades[0][0]),
                 high=yen(value.grades[-1][0]))
    if isinstance(value, RetirementDeduction):
        return t("site.deduction", per_year=yen(value.per_year), years=value.years_at_first_rate,
                 per_year_after=yen(value.per_year_after), minimum=yen(value.minimum))
    if isinstance(value, TaxBrackets):
        rates = [row[1] for row in value.brackets]
        return t("site.brackets_summary", count=len(rates), low=pct(rates[0]), high=pct(rates[-1]))
    if isinstance(value, Surtaxes):
        if not value.surtaxes:
            return t("site.no_surtax")
        parts = [f"{t('site.surtax_' + name)} {pct(rate)}" for name, rate in value.surtaxes]
        return t("site.surtaxes", list=" + ".join(parts))
    if isinstance(value, ShortServiceRule):
        return t("site.short_service", years=value.max_years, amount=yen(value.halved_up_to))
    if isinstance(value, Agreements):
        return t("site.agreements_count", count=len(value.countries))
    if isinstance(value, OldAgePensionRules):
        return t("site.old_age_rules", before=value.per_mille_before_2003,
                 after=value.per_mille_from_2003, months=value.full_months, age=value.pension_age)
    unit = series.unit
    if unit == "rule":
        return t("site.reentry_stops" if value else "site.reentry_no_stop")
    if unit == "yen":
        return yen(value)
    if unit == "percent":
        return pct(value)
    if unit in ("months", "years"):
        return t(f"unit.{unit}", value=value)
    return str(value)


def _month_name(number: int, lang: str) -> str:
    names = [n.strip() for n in i18n.text("meta.month_names", lang).split(",")]
    return names[number - 1] if len(names) == 12 else str(number)
