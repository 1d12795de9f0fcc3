"""Pieces shared by both schemes: the 6-month multiplier bands and source references."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache

from calc.months import month_index
from calc.parameters import DatedSeries, Parameters, ParameterValue


class Reference(str):
    """"Law article — source URL" text that also carries the values it cites, so that a step
    can show how sure they are. Joining references with ``+`` keeps every cited value."""

    cites: tuple[ParameterValue, ...] = ()

    @classmethod
    def of(cls, text: str, cites: tuple[ParameterValue, ...]) -> Reference:
        made = cls(text)
        made.cites = cites
        return made

    def __add__(self, other: str) -> Reference:  # type: ignore[override]
        return Reference.of(str.__add__(self, other),
                            self.cites + getattr(other, "cites", ()))

    def __radd__(self, other: str) -> Reference:
        return Reference.of(str.__add__(other, self),
                            getattr(other, "cites", ()) + self.cites)


def joined(references: Iterable[Reference]) -> Reference:
    """References one after the other, separated by " ; "."""
    out = Reference.of("", ())
    for item in references:
        out = out + (" ; " if out else "") + item
    return out


def reference(series: DatedSeries, entry: ParameterValue | None = None) -> Reference:
    """"Law article — source URL" for a step, from the series and the value actually used
    (without one, the latest dated value: a rule that has not changed)."""
    used = entry if entry is not None else series.dated[-1]
    return Reference.of(f"{series.law} — {used.source}", (used,))


@cache
def _month_starts(series: DatedSeries) -> tuple[int, ...]:
    """Indexes of the months from whose first day a new value of the series applies (cached:
    a series never changes once loaded)."""
    return tuple(sorted({month_index(v.from_) + (v.from_.day > 1) for v in series.dated
                         if v.from_ is not None}))


def series_stretches(series: DatedSeries, first: int, last: int) -> list[tuple[int, int]]:
    """Split months ``first..last`` (indexes) where a new value of ``series`` applies: every
    month of a stretch takes the value in force on the stretch's first day, so one lookup
    serves the whole stretch."""
    cuts = [start for start in _month_starts(series) if first < start <= last]
    if not cuts:
        return [(first, last)]
    starts = [first, *cuts]
    ends = [cut - 1 for cut in cuts] + [last]
    return list(zip(starts, ends, strict=True))


@dataclass(frozen=True)
class Multiplier:
    """The 政令で定める数: months in whole bands, capped; ``value`` is None below the minimum."""

    value: int | None
    cap: int
    step: int
    minimum: int
    cap_entry: ParameterValue

    @property
    def pending_cap(self) -> bool:
        return self.cap_entry.status == "pending"


def multiplier(
    params: Parameters, months: Fraction | int, keyed_on: date, claim_date: date, what_if: bool
) -> Multiplier:
    """Months → multiplier. The cap is chosen by the reference/final month ``keyed_on``."""
    cap_entry = params.multiplier_cap.entry(keyed_on, include_pending=what_if)
    step = params.multiplier_step.at(keyed_on)
    minimum = params.minimum_months.at(claim_date)
    value = None
    if months >= minimum:
        # ``//`` floors a Fraction to an int as it does an int: whole bands of ``step`` months.
        value = min(int(months // step) * step, cap_entry.value)
    return Multiplier(value=value, cap=cap_entry.value, step=step, minimum=minimum,
                      cap_entry=cap_entry)
