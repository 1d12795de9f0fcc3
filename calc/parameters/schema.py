"""Strict schema of the parameter files.

Every legal number the engine uses lives in ``data/*.toml``: one file per series, values keyed by
the date from which they apply, each with its source. The files are read through these models
with ``extra="forbid"``, so a misspelt key or a float where an exact decimal is needed fails
loudly at load time instead of being silently ignored.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

Status = Literal["confirmed", "enacted", "secondary", "announced", "pending"]
"""How sure a value is: ``confirmed`` (an official source states it), ``enacted`` (a law or
cabinet order has been promulgated and fixes the value and its date, not yet in force),
``secondary`` (a professional or press source quoting the law; no official page found),
``announced`` (published but not yet official), ``pending`` (enacted or announced with no date:
used only when a caller asks "what if"). Every status but ``confirmed`` is named in a warning
when an estimate rests on it."""

#: The statuses from the surest to the least sure (the order of ``Status``).
STATUSES: tuple[Status, ...] = get_args(Status)

#: Hosts whose pages are primary sources: the national government (JPS, MHLW, NTA, MOF, e-Gov's
#: statute texts, PMAC), read as the law or the body applying it. City pages (``lg.jp``) are
#: official too, but they repeat what a national body publishes.
PRIMARY_HOST_SUFFIXES = (".go.jp",)

#: e-Gov's address of a statute, optionally in a dated version (``/20270901_507AC...``).
EGOV_LAW = "https://laws.e-gov.go.jp/law/{law_id}"


def is_primary(url: str) -> bool:
    """Whether a source address is a primary (national government) source."""
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    return any(host.endswith(suffix) for suffix in PRIMARY_HOST_SUFFIXES)


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


Url = Annotated[str, Field(pattern=r"^https?://")]


class LawRef(Strict):
    """An article of a statute on e-Gov, by its law ID (``329AC0000000115``) and, for a
    version not yet in force, the version's suffix (``20270901_507AC0000000074``)."""

    law_id: str = Field(pattern=r"^\d{3}[A-Z]{2}\d{10}$")
    name: str
    article: str
    version: str | None = Field(default=None, pattern=r"^\d{8}(_\d{3}[A-Z]{2}\d{10})?$")

    @property
    def url(self) -> str:
        base = EGOV_LAW.format(law_id=self.law_id)
        return f"{base}/{self.version}" if self.version else base


class ParameterValue(Strict, Generic[T]):
    """One dated value with its source: ``source`` is the best (primary where one exists),
    ``also`` the other references that state the same value."""

    model_config = ConfigDict(populate_by_name=True)

    from_: date | None = Field(default=None, alias="from")
    value: T
    source: Url
    also: list[Url] = Field(default_factory=list)
    status: Status = "confirmed"
    note: str | None = None
    at_latest: date | None = Field(
        default=None, description="For a pending value: the last day the law allows it to start.")

    @model_validator(mode="after")
    def _dated_unless_pending(self) -> ParameterValue[T]:
        if (self.from_ is None) != (self.status == "pending"):
            raise ValueError("a value has a 'from' date unless its status is 'pending'")
        if self.at_latest is not None and self.status != "pending":
            raise ValueError("only a pending value has an 'at_latest' date")
        return self

    @property
    def sources(self) -> list[str]:
        return [self.source, *self.also]


Confidence = Literal["official", "secondary", "unverified"]


class Interpretation(Strict):
    """A reading of the law the calculator relies on where no source settles the point."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    reading: str
    basis: str
    source: Url
    confidence: Confidence
    alternative: str | None = None


class Interpretations(Strict):
    last_verified: date
    interpretation: list[Interpretation]

    @model_validator(mode="after")
    def _unique(self) -> Interpretations:
        ids = [item.id for item in self.interpretation]
        if len(ids) != len(set(ids)):
            raise ValueError("interpretation ids must be unique")
        return self


class Expected(Strict):
    """A publication or change known to come, with no value in the data yet (the FY2027 table,
    the next basic pension amount): listed under "what changes next"."""

    what: str
    when: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}(-\d{2})?$",
                             description="Month or day expected; None: date not fixed.")
    source: Url


class Series(Strict, Generic[T]):
    """A dated parameter series: the engine only ever asks "what was it on date D?"."""

    id: str
    title: str
    title_ja: str
    unit: str
    keyed_by: str
    law: str
    laws: list[LawRef] = Field(default_factory=list)
    description: str
    last_verified: date
    values: list[ParameterValue[T]]
    expected: list[Expected] = Field(default_factory=list)
    no_primary_source: str | None = Field(
        default=None, description="Why no value has a primary source, when none has.")

    @model_validator(mode="after")
    def _ordered(self) -> Series[T]:
        dated = [v.from_ for v in self.values if v.from_ is not None]
        if not dated:
            raise ValueError("a series needs at least one dated value")
        if dated != sorted(set(dated)):
            raise ValueError("values must be in date order, without repeated dates")
        if len(dated) < len(self.values) - 1:
            raise ValueError("at most one pending value per series")
        if not self.primary_sources and not self.no_primary_source:
            raise ValueError("cite a primary source (JPS, MHLW, NTA, e-Gov …) or say in "
                             "'no_primary_source' why there is none")
        return self

    @property
    def primary_sources(self) -> list[str]:
        """Primary sources among the values' sources and the statutes cited."""
        found = [url for value in self.values for url in value.sources if is_primary(url)]
        return list(dict.fromkeys(found + [law.url for law in self.laws]))

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

    __slots__ = ("_pending", "_starts", "dated", "description", "expected", "id", "keyed_by",
                 "last_verified", "law", "laws", "no_primary_source", "primary_sources",
                 "title", "title_ja", "unit", "values")

    def __init__(self, series: Series[T]) -> None:
        self.id, self.title, self.title_ja = series.id, series.title, series.title_ja
        self.unit, self.keyed_by, self.law = series.unit, series.keyed_by, series.law
        self.description, self.last_verified = series.description, series.last_verified
        self.laws, self.expected = series.laws, series.expected
        self.no_primary_source = series.no_primary_source
        self.primary_sources = series.primary_sources
        self.values: list[ParameterValue[T]] = list(series.values)
        self.dated: list[ParameterValue[T]] = series.dated
        self._starts: list[date] = [v.from_ for v in self.dated if v.from_ is not None]
        self._pending = series.pending

    @property
    def pending(self) -> ParameterValue[T] | None:
        return self._pending

    def entry(self, on: date, *, include_pending: bool = False,
              record: bool = True) -> ParameterValue[T]:
        """The value in force on ``on``.

        With ``include_pending``, a pending value (announced, no date) replaces the latest dated
        value: this answers "what if the announced change applied to me?". Inside
        ``recording()`` the value is noted as used, unless ``record`` is False (a lookup that
        only decides whether the value matters; ``note`` it once it does).
        """
        position = bisect_right(self._starts, on)
        if position == 0:
            raise MissingParameter(self.id, on, self._starts[0])
        if include_pending and self._pending is not None and position == len(self.dated):
            found = self._pending
        else:
            found = self.dated[position - 1]
        if record:
            self.note(found)
        return found

    def note(self, value: ParameterValue[T]) -> None:
        """Count ``value`` as used by the computation being recorded, if one is."""
        used = _USED.get()
        if used is not None:
            used.setdefault((self.id, value.from_), (self, value))

    def at(self, on: date, *, include_pending: bool = False) -> T:
        return self.entry(on, include_pending=include_pending).value


class MissingParameter(LookupError):
    """No value of a series applies on a date (before the first value in the data)."""

    def __init__(self, series_id: str, on: date, first: date) -> None:
        super().__init__(f"no value of {series_id} applies on {on.isoformat()}")
        self.series_id = series_id
        self.on = on
        self.first = first
        #: The part of the computation that asked (set by the engine to locate the error).
        self.part = ""


#: The values looked up while one estimate runs, by (series, start date), in the order first
#: used: what the estimate rests on, so that it can say which of them are not confirmed. A
#: context variable keeps it to the computation that asked (``recording``); outside one,
#: lookups record nothing.
Recorded = dict[tuple[str, date | None], tuple["DatedSeries[Any]", ParameterValue[Any]]]
_USED: ContextVar[Recorded | None] = ContextVar("parameters_used", default=None)


@contextmanager
def recording(*, apart: bool = False) -> Iterator[Recorded]:
    """Record every value looked up inside the block, in the order first used (the dict is
    live: it can be read before the block ends). When the block ends, what it recorded counts
    for an enclosing recording too, unless ``apart`` (a hypothetical computed on the side)."""
    used: Recorded = {}
    outer = _USED.get()
    token = _USED.set(used)
    try:
        yield used
    finally:
        _USED.reset(token)
        if outer is not None and not apart:
            for key, found in used.items():
                outer.setdefault(key, found)
