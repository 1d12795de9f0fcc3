"""Data-driven tests: official tables and hand-worked claims in tests/cases/*.toml.

Adding a case never means writing code: add a row or a [[cases]] entry with its source.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from calc import estimate
from calc.months import YearMonth

CASES = Path(__file__).resolve().parent.parent / "cases"


def _load(name: str, key: str) -> list[dict[str, Any]]:
    return tomllib.loads((CASES / name).read_text(encoding="utf-8"))[key]


def _dig(data: Any, path: str) -> Any:
    for part in path.split("."):
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


# --- National Pension amount tables (reference §3.3) ---------------------------------------

NP_ROWS = _load("np_amount_tables.toml", "rows")


def _np_claim(fiscal_year: int, months: int) -> dict[str, Any]:
    """``months`` paid months ending in March of the fiscal year's end: reference month in FY."""
    last = YearMonth(fiscal_year + 1, 3)
    return {
        "claim_date": f"{fiscal_year + 1}-04-15",
        "nationality": "VN",
        "left_japan_on": f"{fiscal_year + 1}-03-31",
        "national_pension": [{"from": str(last - (months - 1)), "to": str(last),
                              "status": "paid"}],
    }


@pytest.mark.parametrize(
    ("fiscal_year", "multiplier", "amount"),
    [(row["fiscal_year"], int(n), amount) for row in NP_ROWS for n, amount in
     row["amounts"].items()],
)
def test_national_pension_table(fiscal_year: int, multiplier: int, amount: int) -> None:
    for months in (multiplier, multiplier + 5):  # the whole 6-month band gives the same amount
        result = estimate(_np_claim(fiscal_year, months)).national_pension
        assert (result.multiplier, result.amount) == (multiplier, amount), months


@pytest.mark.parametrize("row", NP_ROWS, ids=lambda row: f"FY{row['fiscal_year']}")
def test_national_pension_cap_of_the_fiscal_year(row: dict[str, Any]) -> None:
    """Beyond the last column, the amount stays at the cap (36 before FY2021, 60 from)."""
    cap = max(int(n) for n in row["amounts"])
    result = estimate(_np_claim(row["fiscal_year"], cap + 13)).national_pension
    assert result.multiplier == cap
    assert result.amount == row["amounts"][str(cap)]
    assert result.monthly_premium == row["premium"]


# --- Employees' Pension payment rates (reference §4.3) ---------------------------------------

EPI_ROWS = _load("epi_payment_rates.toml", "rows")


def _epi_claim(final: YearMonth, months: int, what_if: bool = False) -> dict[str, Any]:
    return {
        "claim_date": (final + 1).first_day.replace(day=10).isoformat(),
        "nationality": "VN",
        "left_japan_on": (final + 1).first_day.isoformat(),
        "employees_pension": [{"from": str(final - (months - 1)), "to": str(final),
                               "standard_monthly_remuneration": 100000}],
        "what_if_96_month_cap": what_if,
    }


@pytest.mark.parametrize(
    ("row", "multiplier", "rate", "final"),
    [
        (row, int(n), rate, final)
        for row in EPI_ROWS
        for n, rate in row["rates"].items()
        for final in (row["final_from"], row["final_to"])
    ],
    ids=lambda value: str(value) if not isinstance(value, dict) else value["final_from"],
)
def test_employees_pension_payment_rate(
    row: dict[str, Any], multiplier: int, rate: str, final: str
) -> None:
    result = estimate(_epi_claim(YearMonth.parse(final), multiplier,
                                 row.get("what_if_96", False))).employees_pension
    assert result.multiplier == multiplier
    assert result.payment_rate == rate
    # Months before April 2003 count × 1.3 in the average (reference §4.1).
    first = YearMonth.parse(final) - (multiplier - 1)
    early = max(0, min(multiplier, YearMonth(2003, 4).index - first.index))
    average = Fraction(early * 130000 + (multiplier - early) * 100000, multiplier)
    assert result.amount == int(average * Fraction(rate) + Fraction(1, 2))
    assert Decimal(result.contribution_rate or "0") * 100 == Decimal(row["contribution_rate"])


@pytest.mark.parametrize("row", [r for r in EPI_ROWS if not r.get("what_if_96")],
                         ids=lambda row: row["final_from"])
def test_employees_pension_cap(row: dict[str, Any]) -> None:
    """Six more months than the last column change nothing: the cap holds."""
    cap = max(int(n) for n in row["rates"])
    result = estimate(_epi_claim(YearMonth.parse(row["final_to"]), cap + 6)).employees_pension
    assert result.multiplier == cap
    assert result.payment_rate == row["rates"][str(cap)]


# --- whole claims ----------------------------------------------------------------------------

CLAIMS = _load("claims.toml", "cases")


@pytest.mark.parametrize("case", CLAIMS, ids=lambda case: case["name"][:60])
def test_claim_case(case: dict[str, Any]) -> None:
    assert case["source"], "every case names its source"
    result = estimate(case["claim"]).model_dump(mode="json", by_alias=True)
    for path, expected in case["expect"].items():
        assert _dig(result, path) == expected, path
