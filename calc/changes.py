"""What changes next: the known changes to the rules, read from the parameter files.

Nothing here is typed by hand: a value with a start date after today (enacted or announced), a
pending value with no date (and the latest date the law allows), and the publications a series
expects (``[[expected]]``, such as next April's lump-sum table) make the list. The site's
"What changes next" page and ``lumpsum about`` both show it, in the reader's language.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from calc import i18n
from calc.describe import value_text
from calc.months import YearMonth
from calc.parameters import Parameters, load_parameters

Kind = Literal["value", "pending", "expected"]


class UpcomingChange(BaseModel):
    """One known change, in the order they come (changes with no date last)."""

    model_config = ConfigDict(frozen=True)

    series: str = Field(description="Id of the parameter series (calc/parameters/data).")
    title: str
    kind: Kind = Field(description="value: a new value with its start date; pending: a new "
                       "value with no date fixed; expected: a publication awaited.")
    starts: date | None = Field(description="Start date, or the first day of the month the "
                                "publication is expected; None: date not fixed.")
    when: str = Field(description="The date as text: a day, a month, or \"date not fixed\".")
    at_latest: date | None
    status: str = Field(description="enacted, announced, pending, or expected.")
    status_text: str
    what: str = Field(description="The new value or the awaited publication, as text.")
    source: str
    note: str | None


def upcoming(params: Parameters | None = None, *, today: date,
             lang: str = i18n.DEFAULT_LANGUAGE) -> list[UpcomingChange]:
    """Every change the data knows of that comes after ``today``."""
    params = params or load_parameters()
    lang = i18n.normalize_language(lang)

    def text(key: str, **values: object) -> str:
        return i18n.text(key, lang, **values)

    found: list[UpcomingChange] = []
    for series in params.all_series():
        title = text(f"series.{series.id}.title")
        for value in series.values:
            if value.from_ is not None and value.from_ <= today:
                continue
            pending = value.from_ is None
            when = text("changes.not_fixed") if pending else i18n.format_value(value.from_, lang)
            if pending and value.at_latest:
                when += " · " + text("changes.at_latest", date=value.at_latest)
            found.append(UpcomingChange(
                series=series.id, title=title, kind="pending" if pending else "value",
                starts=value.from_, when=when, at_latest=value.at_latest, status=value.status,
                status_text=text(f"value_status.{value.status}"),
                what=value_text(series, value.value, lang), source=value.source,
                note=value.note))
        for expected in series.expected:
            starts = _first_day(expected.when) if expected.when else None
            if starts is not None and YearMonth.of(starts) < YearMonth.of(today):
                continue
            found.append(UpcomingChange(
                series=series.id, title=title, kind="expected", starts=starts,
                when=text("changes.expected_in", month=YearMonth.of(starts)) if starts
                else text("changes.not_fixed"),
                at_latest=None, status="expected", status_text=text("changes.status_expected"),
                what=text(f"changes.expected.{expected.what}"), source=expected.source,
                note=None))
    return sorted(found, key=lambda change: (change.starts is None,
                                             change.starts or change.at_latest or date.max,
                                             change.series))


def _first_day(when: str) -> date:
    return date.fromisoformat(when if len(when) == 10 else f"{when}-01")
