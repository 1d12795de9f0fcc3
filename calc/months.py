"""Calendar months ("YYYY-MM") as a small value type.

Pension coverage is counted in whole months, and both ends of a period are inclusive, so the
engine works on months rather than dates. ``YearMonth`` parses and prints the ``YYYY-MM`` form
used by the public JSON contract and plugs into pydantic as a field type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

#: Range of years accepted from users. Japan's Employees' Pension began in 1942; anything far
#: outside that range is a typing mistake, not a coverage period.
MIN_YEAR = 1942
MAX_YEAR = 2100

_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")

#: Months already parsed from their canonical text (``2024-04``): claims name the same few
#: hundred months again and again, and a month is immutable, so one object serves them all.
#: Only canonical texts are kept, so the table holds at most one entry per valid month.
_PARSED: dict[str, YearMonth] = {}


def _echo(value: object) -> str:
    """The input as it may be shown back: valid UTF-8 (no lone surrogate, which pydantic
    cannot render), at most 100 characters, and never a failed conversion."""
    try:
        text = value if isinstance(value, str) else str(value)
    except ValueError:  # an int of more than 4300 digits
        text = type(value).__name__
    return text[:100].encode("utf-8", "replace").decode("utf-8")


@dataclass(frozen=True, order=True, slots=True)
class YearMonth:
    """A calendar month, ordered and countable (``ym + 1`` is the next month)."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1–12, got {self.month}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        """Parse ``YYYY-MM``; raise a pydantic error that names the expected form."""
        known = _PARSED.get(text) if isinstance(text, str) else None
        if known is not None:
            return known
        match = _PATTERN.match(text) if isinstance(text, str) else None
        if not match:
            raise PydanticCustomError(
                "month_format", "Enter a month as YYYY-MM, for example 2024-04.",
                {"input": _echo(text)},
            )
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PydanticCustomError(
                "month_format", "Enter a month as YYYY-MM, for example 2024-04.",
                {"input": _echo(text)},
            )
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise PydanticCustomError(
                "month_range",
                "The year must be between {min_year} and {max_year}.",
                {"min_year": MIN_YEAR, "max_year": MAX_YEAR},
            )
        parsed = cls(year, month)
        if text == str(parsed):  # the canonical form: at most one text per month is kept
            _PARSED[text] = parsed
        return parsed

    @classmethod
    def of(cls, day: date) -> YearMonth:
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> YearMonth:
        return cls(index // 12, index % 12 + 1)

    @property
    def index(self) -> int:
        """Months since year 0: makes month arithmetic plain integer arithmetic."""
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def fiscal_year(self) -> int:
        """Japanese fiscal year (April–March) the month belongs to."""
        return self.year if self.month >= 4 else self.year - 1

    def __add__(self, months: int) -> YearMonth:
        return YearMonth.from_index(self.index + months)

    def __sub__(self, months: int) -> YearMonth:
        return YearMonth.from_index(self.index - months)

    def months_until(self, other: YearMonth) -> int:
        """Number of months from ``self`` to ``other`` inclusive (``a.months_until(a) == 1``)."""
        return other.index - self.index + 1

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __repr__(self) -> str:
        return f"YearMonth('{self}')"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> YearMonth:
            if isinstance(value, YearMonth):
                return value
            if not isinstance(value, str):
                raise PydanticCustomError(
                    "month_format", "Enter a month as YYYY-MM, for example 2024-04.",
                    {"input": _echo(value)},
                )
            return cls.parse(value)

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": r"^\d{4}-(0[1-9]|1[0-2])$",
            "description": "Calendar month, YYYY-MM",
            "examples": ["2024-04"],
        }


def month_index(day: date) -> int:
    """``YearMonth.of(day).index`` without building the month: for comparing months."""
    return day.year * 12 + day.month - 1


def month_range(start: YearMonth, end: YearMonth) -> range:
    """Month indexes from ``start`` to ``end`` inclusive."""
    return range(start.index, end.index + 1)
