"""Shared builders for unit tests: a claim with sensible defaults, changed per test."""

from __future__ import annotations

from typing import Any

import pytest


def make_claim(**changes: Any) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "claim_date": "2026-11-24",
        "nationality": "VN",
        "left_japan_on": "2026-03-31",
        "national_pension": [],
        "employees_pension": [],
        "bonuses": [],
    }
    claim.update(changes)
    return claim


def epi(start: str, end: str, smr: int = 200000) -> dict[str, Any]:
    return {"from": start, "to": end, "standard_monthly_remuneration": smr}


def np_period(start: str, end: str, status: str = "paid") -> dict[str, Any]:
    return {"from": start, "to": end, "status": status}


@pytest.fixture
def claim() -> dict[str, Any]:
    return make_claim()
