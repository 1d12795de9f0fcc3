"""Pieces shared by both schemes: the 6-month multiplier bands and source references."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache

from calc.months import month_index
from calc.parameters import DatedSeries, Parameters, ParameterValue


def reference(series: DatedSeries, entry: ParameterValue | None = None) -> str:
    """"Law article — source URL" for a step, from the series and the value actually used."""
    source = entry.source if entry is not None else series.values[-1].source
    return f"{series.law} — {source}"


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
