"""Facts of the claim procedure (time windows, where to post, IBAN regions), as dated data.

They are not legal parameters of the amount, so they are not in ``calc/parameters``; like those,
each fact carries its source and a confidence (official, secondary, unverified) that the kit
shows beside every step that rests on it. Read once, strictly (``extra="forbid"``).
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict

Confidence = Literal["official", "secondary", "unverified"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(_Strict):
    """One number of the procedure, with its unit, source and confidence."""

    value: int
    unit: Literal["days", "months", "years", "rows"]
    title: str
    source: str
    law: str
    confidence: Confidence
    note: str


class Address(_Strict):
    title: str
    source: str
    confidence: Confidence
    japanese: str
    latin: list[str]
    phone_japan: str
    phone_abroad: str
    note: str


class CountryList(_Strict):
    title: str
    source: str
    confidence: Confidence
    note: str
    countries: list[str]


class Procedure(_Strict):
    last_verified: date
    moving_out_notice_days_before: Fact
    processing_months: Fact
    fastest_delivery_days: Fact
    slowest_delivery_days: Fact
    arrival_rule: Fact
    my_number_card_lapse: Fact
    tax_agent: Fact
    company_dc_months: Fact
    ideco_years: Fact
    history_rows: Fact
    send_to: Address
    iban_required: CountryList


@cache
def load_procedure() -> Procedure:
    text = (resources.files("calc.kit") / "data" / "procedure.toml").read_text(encoding="utf-8")
    return Procedure.model_validate(tomllib.loads(text))
