"""Strict schema of the parameter files.

Every legal number the engine uses lives in ``data/*.toml``: one file per series, values keyed by
the date from which they apply, each with its source. The files are read through these models
with ``extra="forbid"``, so a misspelt key or a float where an exact decimal is needed fails
loudly at load time instead of being silently ignored.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

Status = Literal["confirmed", "secondary", "announced", "pending"]
"""How sure a value is: ``confirmed`` (official source), ``secondary`` (professional or press
source quoting the law), ``announced`` (published but for a future date or not yet official),
``pending`` (enacted or announced with no date: used only when a caller asks "what if")."""


def _exact_decimal(value: Any) -> Any:
    # TOML floats are binary floats: rates must be written as strings ("18.300").
    if isinstance(value, float):
        raise ValueError("write exact numbers as strings, e.g. \"18.300\", not as TOML floats")
    return value


def _exact_fraction(value: Any) -> Fraction:
    if isinstance(value, float):
        raise ValueError("write fractions as strings, e.g. \"3/4\"")
    if isinstance(value, (str, int)):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    raise ValueError(f"not a fraction: {value!r}")


ExactDecimal = Annotated[Decimal, BeforeValidator(_exact_decimal)]
ExactFraction = Annotated[Fraction, BeforeValidator(_exact_fraction)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


# --- value types of the structured series --------------------------------------------------


class MonthWeights(Strict):
    """Weight of a National Pension month by status (国民年金法 附則9条の3の2①)."""

    paid: ExactFraction
    quarter_exempt: ExactFraction
    half_exempt: ExactFraction
    three_quarter_exempt: ExactFraction
    exempt: ExactFraction
    student_deferral: ExactFraction
    unpaid: ExactFraction


class RateReference(Strict):
    """Which October's contribution rate applies to a final month."""

    rate_month: int = Field(ge=1, le=12)
    years_before: int = Field(ge=0)
    years_before_early_final_month: int = Field(ge=0)
    early_final_month_until: int = Field(ge=1, le=12)


class Pre2003Factor(Strict):
    factor: ExactDecimal
    applies_before: date


class StandardBonusRule(Strict):
    unit: int = Field(gt=0)
    cap_per_month: int = Field(gt=0)


class GradeTable(Strict):
    """``[standard monthly remuneration, lowest monthly remuneration of the grade]`` pairs."""

    grades: list[tuple[int, int]]

    @model_validator(mode="after")
    def _ascending(self) -> GradeTable:
        if not self.grades or self.grades[0][1] != 0:
            raise ValueError("the first grade must start at 0")
        for (smr_a, low_a), (smr_b, low_b) in zip(self.grades, self.grades[1:], strict=False):
            if not (smr_a < smr_b and low_a < low_b):
                raise ValueError(f"grades not ascending at {smr_b}")
        return self


class RetirementDeduction(Strict):
    per_year: int
    years_at_first_rate: int
    per_year_after: int
    minimum: int


class TaxBrackets(Strict):
    """``[taxable income from, rate in percent, quick deduction]`` rows, ascending."""

    brackets: list[tuple[int, ExactDecimal, int]]

    @model_validator(mode="after")
    def _ascending(self) -> TaxBrackets:
        starts = [row[0] for row in self.brackets]
        if not starts or starts[0] != 0 or starts != sorted(set(starts)):
            raise ValueError("brackets must start at 0 and ascend")
        return self


class Surtaxes(Strict):
    surtaxes: list[tuple[str, ExactDecimal]]


class ShortServiceRule(Strict):
    max_years: int
    halved_up_to: int


class OldAgePensionRules(Strict):
    """Constants of the old-age pension estimate used by the decision aid."""

    per_mille_before_2003: ExactDecimal
    per_mille_from_2003: ExactDecimal
    switch: date
    full_months: int = Field(gt=0)
    pension_age: int = Field(gt=0)


class Agreement(Strict):
    country: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    in_force: date
    totalization: bool


class Agreements(Strict):
    countries: list[Agreement]


# --- the generic series ----------------------------------------------------------------------

T = TypeVar("T")


class ParameterValue(Strict, Generic[T]):
    """One dated value with its source."""

    model_config = ConfigDict(populate_by_name=True)

    from_: date | None = Field(default=None, alias="from")
    value: T
    source: str = Field(pattern=r"^https?://")
    status: Status = "confirmed"
    note: str | None = None

    @model_validator(mode="after")
    def _dated_unless_pending(self) -> ParameterValue[T]:
        if (self.from_ is None) != (self.status == "pending"):
            raise ValueError("a value has a 'from' date unless its status is 'pending'")
        return self


class Series(Strict, Generic[T]):
    """A dated parameter series: the engine only ever asks "what was it on date D?"."""

    id: str
    title: str
    title_ja: str
    unit: str
    keyed_by: str
    law: str
    description: str
    last_verified: date
    values: list[ParameterValue[T]]

    @model_validator(mode="after")
    def _ordered(self) -> Series[T]:
        dated = [v.from_ for v in self.values if v.from_ is not None]
        if not dated:
            raise ValueError("a series needs at least one dated value")
        if dated != sorted(set(dated)):
            raise ValueError("values must be in date order, without repeated dates")
        if len(dated) < len(self.values) - 1:
            raise ValueError("at most one pending value per series")
        return self

    @property
    def dated(self) -> list[ParameterValue[T]]:
        return [v for v in self.values if v.from_ is not None]

    @property
    def pending(self) -> ParameterValue[T] | None:
        return next((v for v in self.values if v.from_ is None), None)



class DatedSeries(Generic[T]):
    """A validated series prepared for lookups: the engine asks "what was it on date D?".

    Lookups run for every month of every claim, so this is a plain object with a sorted list of
    start dates for a binary search (pydantic attribute access is too slow for this path).
    """

    __slots__ = ("_pending", "_starts", "dated", "description", "id", "keyed_by",
                 "last_verified", "law", "title", "title_ja", "unit", "values")

    def __init__(self, series: Series[T]) -> None:
        self.id, self.title, self.title_ja = series.id, series.title, series.title_ja
        self.unit, self.keyed_by, self.law = series.unit, series.keyed_by, series.law
        self.description, self.last_verified = series.description, series.last_verified
        self.values: list[ParameterValue[T]] = list(series.values)
        self.dated: list[ParameterValue[T]] = series.dated
        self._starts: list[date] = [v.from_ for v in self.dated if v.from_ is not None]
        self._pending = series.pending

    @property
    def pending(self) -> ParameterValue[T] | None:
        return self._pending

    def entry(self, on: date, *, include_pending: bool = False) -> ParameterValue[T]:
        """The value in force on ``on``.

        With ``include_pending``, a pending value (announced, no date) replaces the latest dated
        value: this answers "what if the announced change applied to me?".
        """
        position = bisect_right(self._starts, on)
        if position == 0:
            raise MissingParameter(self.id, on)
        if include_pending and self._pending is not None and position == len(self.dated):
            return self._pending
        return self.dated[position - 1]

    def at(self, on: date, *, include_pending: bool = False) -> T:
        return self.entry(on, include_pending=include_pending).value


class MissingParameter(LookupError):
    """No value of a series applies on a date (before the first value in the data)."""

    def __init__(self, series_id: str, on: date) -> None:
        super().__init__(f"no value of {series_id} applies on {on.isoformat()}")
        self.series_id = series_id
        self.on = on
