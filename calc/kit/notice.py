"""The payment notice (脱退一時金支給決定通知書): its three amounts checked against each other and
against the estimate.

The notice shows the lump sum, the income tax withheld and the amount remitted (official field
labels not retrieved; agencies read these three, claim-kit.md §3.2). Checks: withheld =
floor(lump sum × 20.42%) and remitted = lump sum − withheld, which hold for every published
example (¥880,618 → ¥179,822 withheld); and the lump sum against the Employees' Pension amount
the calculator estimated, where a difference says that the notice was computed on other facts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from calc import tax
from calc.i18n import Yen
from calc.kit.models import Severity
from calc.kit.problems import Finding
from calc.parameters import MissingParameter, Parameters

MAX_AMOUNT = 100_000_000
EXAMPLE = "https://www.east-tax.com/tax-return-english"
NTA_WITHHOLDING = "https://www.nta.go.jp/english/taxes/individual/12005.htm"


class Notice(BaseModel):
    """The amounts and date as printed on the person's payment notice."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    gross: int | None = Field(default=None, ge=0, le=MAX_AMOUNT,
                              description="The lump sum (支給額), before tax.")
    withheld: int | None = Field(default=None, ge=0, le=MAX_AMOUNT,
                                 description="Income tax withheld (源泉徴収税額).")
    remitted: int | None = Field(default=None, ge=0, le=MAX_AMOUNT,
                                 description="Amount remitted (送金額).")
    date: dt.date | None = Field(default=None, description="The notice's date.")


def check(params: Parameters, notice: Notice, *, estimated_gross: int | None,
          paid_on: dt.date) -> list[Finding]:
    """Every finding on the notice (fields ``notice.…``)."""
    found: list[Finding] = []

    def add(field: str, code: str, severity: Severity = "error", reference: str = EXAMPLE,
            **values: Any) -> None:
        found.append(Finding(f"notice.{field}", code, severity, reference, values))

    for name in ("gross", "withheld", "remitted", "date"):
        if getattr(notice, name) is None:
            add(name, "missing", "missing", "")
    if notice.gross is not None and notice.withheld is not None:
        try:
            held: tax.Withholding | None = tax.withholding(params, notice.gross,
                                                            notice.date or paid_on)
        except MissingParameter:
            held = None
        if held is not None and notice.withheld != held.tax:
            add("withheld", "notice_withheld_mismatch", rate=held.rate, expected=Yen(held.tax),
                reference=NTA_WITHHOLDING)
    if None not in (notice.gross, notice.withheld, notice.remitted):
        assert notice.gross is not None and notice.withheld is not None
        expected_remitted = notice.gross - notice.withheld
        if notice.remitted != expected_remitted:
            add("remitted", "notice_remitted_mismatch", expected=Yen(expected_remitted))
    if notice.gross is not None and estimated_gross is not None \
            and notice.gross != estimated_gross:
        add("gross", "notice_differs", "warning", "", estimated=Yen(estimated_gross),
            difference=Yen(notice.gross - estimated_gross))
    return found
