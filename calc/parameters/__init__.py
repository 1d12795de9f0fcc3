"""Dated legal parameters with sources, read from the TOML files in ``data/``.

``load_parameters()`` reads and validates every file once; the engine receives the result as an
argument and never reads files itself. ``tomllib`` and ``importlib.resources`` work the same in
CPython and in Pyodide, where the files come from the installed wheel.
"""

from __future__ import annotations

import hashlib
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
    Interpretation,
    Interpretations,
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

__all__ = [
    "DatedSeries",
    "Interpretation",
    "MissingParameter",
    "ParameterValue",
    "Parameters",
    "Series",
    "data_fingerprint",
    "load_interpretations",
    "load_parameters",
]


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
    reentry_permit_rule: DatedSeries[bool]

    def all_series(self) -> list[DatedSeries[Any]]:
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


@cache
def data_fingerprint() -> tuple[date, str]:
    """The data's version: the newest "last verified" date of the parameter files and the
    interpretations, and a short hash of their bytes (any edit changes it), so that a result
    can be traced to the exact rules that produced it."""
    folder = resources.files("calc.parameters")
    files = sorted((entry for entry in (folder / "data").iterdir()
                    if entry.name.endswith(".toml")), key=lambda entry: entry.name)
    newest = max([series.last_verified for series in load_parameters().all_series()]
                 + [_interpretations().last_verified])
    return newest, fingerprint([(entry.name, entry.read_bytes())
                                for entry in [*files, folder / "interpretations.toml"]])


def fingerprint(files: list[tuple[str, bytes]]) -> str:
    """First 8 hex digits of a SHA-256 over the files' names and bytes, in the order given."""
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:8]


@cache
def _interpretations() -> Interpretations:
    text = (resources.files("calc.parameters") / "interpretations.toml").read_text(
        encoding="utf-8")
    return Interpretations.model_validate(tomllib.loads(text))


@cache
def load_interpretations() -> dict[str, Interpretation]:
    """The readings of the law the steps cite (``interpretations.toml``), by id."""
    return {item.id: item for item in _interpretations().interpretation}


def percent(value: Decimal) -> Decimal:
    """A percentage as a plain ratio (``Decimal("18.300")`` → ``Decimal("0.18300")``)."""
    return value / 100
