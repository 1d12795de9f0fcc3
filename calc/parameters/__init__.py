"""Dated legal parameters with sources, read from the TOML files in ``data/``.

``load_parameters()`` reads and validates every file once; the engine receives the result as an
argument and never reads files itself. ``tomllib`` and ``importlib.resources`` work the same in
CPython and in Pyodide, where the files come from the installed wheel.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources
from typing import Any

from calc.parameters.schema import (
    Agreements,
    DatedSeries,
    ExactDecimal,
    GradeTable,
    MissingParameter,
    MonthWeights,
    OldAgePensionRules,
    ParameterValue,
    Pre2003Factor,
    RateReference,
    RetirementDeduction,
    Series,
    ShortServiceRule,
    StandardBonusRule,
    Surtaxes,
    TaxBrackets,
)

__all__ = ["DatedSeries", "MissingParameter", "ParameterValue", "Parameters", "Series",
           "load_parameters"]


@dataclass(frozen=True)
class Parameters:
    """Every parameter series, one attribute per file in ``data/`` (file name = attribute)."""

    np_premium: DatedSeries[int]
    np_month_weights: DatedSeries[MonthWeights]
    multiplier_cap: DatedSeries[int]
    multiplier_step: DatedSeries[int]
    minimum_months: DatedSeries[int]
    qualifying_period_months: DatedSeries[int]
    epi_contribution_rate: DatedSeries[ExactDecimal]
    epi_rate_reference: DatedSeries[RateReference]
    pre2003_factor: DatedSeries[Pre2003Factor]
    standard_bonus: DatedSeries[StandardBonusRule]
    smr_grades: DatedSeries[GradeTable]
    withholding_rate: DatedSeries[ExactDecimal]
    retirement_income_deduction: DatedSeries[RetirementDeduction]
    income_tax_brackets: DatedSeries[TaxBrackets]
    surtax: DatedSeries[Surtaxes]
    short_service_rule: DatedSeries[ShortServiceRule]
    agreements: DatedSeries[Agreements]
    claim_period: DatedSeries[int]
    tax_refund_window: DatedSeries[int]
    old_age_basic_pension: DatedSeries[int]
    basic_pension_month_weights: DatedSeries[MonthWeights]
    old_age_pension_rules: DatedSeries[OldAgePensionRules]

    def all_series(self) -> list[Series]:
        return [getattr(self, f.name) for f in fields(self)]

    @cached_property  # asked for every estimate; the series never change once loaded
    def last_verified(self) -> date:
        """The oldest "last verified" date of any series: what the site may honestly claim."""
        return min(series.last_verified for series in self.all_series())

    def latest_premium_fiscal_year(self) -> int:
        last = self.np_premium.dated[-1].from_
        assert last is not None
        return last.year if last.month >= 4 else last.year - 1


def _series_types() -> dict[str, Any]:
    """The value type of each series, read from the ``Parameters`` annotations."""
    import typing

    hints = typing.get_type_hints(Parameters, include_extras=True)
    return {name: typing.get_args(hints[name])[0] for name in (f.name for f in fields(Parameters))}


@cache
def load_parameters() -> Parameters:
    """Read and validate every parameter file shipped with the package (cached)."""
    folder = resources.files("calc.parameters") / "data"
    found = {
        entry.name.removesuffix(".toml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }
    expected = _series_types()
    if missing := sorted(set(expected) - set(found)):
        raise RuntimeError(f"parameter files missing: {missing}")
    if unknown := sorted(set(found) - set(expected)):
        raise RuntimeError(f"unknown parameter files: {unknown}")
    loaded = {}
    for name, value_type in expected.items():
        raw = tomllib.loads(found[name].read_text(encoding="utf-8"))
        series = Series[value_type].model_validate(raw)  # type: ignore[valid-type]
        if series.id != name:
            raise RuntimeError(f"{name}.toml declares id {series.id!r}")
        loaded[name] = DatedSeries(series)
    return Parameters(**loaded)


def percent(value: Decimal) -> Decimal:
    """A percentage as a plain ratio (``Decimal("18.300")`` → ``Decimal("0.18300")``)."""
    return value / 100
