"""The dated plan: what to do before leaving Japan, when the claim may arrive, when the money
and the tax refund can come.

Every date is computed from the person's dates and the rules: the claim deadline and the tax
refund's filing window come from the engine (``calc.eligibility``, ``calc.tax``), never copied;
the procedure's own windows (the moving-out notice, the DC plans) from ``procedure.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from calc import tax
from calc.eligibility import anniversary
from calc.kit.details import ClaimantDetails
from calc.kit.procedure import Confidence, Fact, Procedure
from calc.models import Claim
from calc.months import YearMonth
from calc.parameters import Parameters

FAQ_DEADLINE = "https://www.nenkin.go.jp/faq/jukyu/sonota-kyufu/dattai-ichiji/2020042801.html"
NTA_REFUND = "https://www.nta.go.jp/english/taxes/individual/12005.htm"
NENKIN_NET = "https://www.nenkin.go.jp/n_net/index.html"


@dataclass(frozen=True)
class Dated:
    """A step before it is put into words (``kit.plan.<code>.title`` and ``.action``)."""

    code: str
    reference: str
    confidence: Confidence
    day: date | None = None
    start: date | None = None
    until: date | None = None
    estimate: bool = False
    params: tuple[tuple[str, object], ...] = ()

    @property
    def sort_key(self) -> date:
        return self.day or self.start or self.until or date.max


def _cited(fact: Fact) -> tuple[str, Confidence]:
    return fact.source, fact.confidence


def arrival(claim: Claim, moving_out: date | None) -> date:
    """The day the claim is taken to reach JPS: the calculator's claim date, or the
    moving-out date when that is later (a claim cannot be received before it)."""
    if moving_out and claim.claim_date < moving_out:
        return moving_out
    return claim.claim_date


def steps(claim: Claim, details: ClaimantDetails, params: Parameters, procedure: Procedure,
          moving_out: date | None, deadline: date | None) -> list[Dated]:
    """Every dated step for this person, in date order."""
    out: list[Dated] = []
    if moving_out:
        notice = procedure.moving_out_notice_days_before
        out.append(Dated("moving_out_notice", *_cited(notice),
                         start=moving_out - timedelta(days=notice.value), until=moving_out,
                         params=(("days", notice.value),)))
        out.append(Dated("tax_agent", *_cited(procedure.tax_agent), until=moving_out))
        out.append(Dated("save_records", *_cited(procedure.my_number_card_lapse),
                         until=moving_out))
        out.append(Dated("claim_earliest", *_cited(procedure.arrival_rule), day=moving_out))
    if details.posting_date:
        out.append(Dated("post_claim", *_cited(procedure.arrival_rule),
                         day=details.posting_date))
    arrives = arrival(claim, moving_out)
    if deadline:
        out.append(Dated("claim_deadline", FAQ_DEADLINE, "official", day=deadline))
    if claim.employees_pension or claim.national_pension:
        processing = procedure.processing_months
        out.append(Dated("payment_expected", processing.source, processing.confidence,
                         day=tax.payment_date(arrives), estimate=True,
                         params=(("arrival", arrives), ("months", processing.value))))
    if claim.employees_pension:
        first, last = tax.filing_period(params, arrives)
        out.append(Dated("tax_refund_window", NTA_REFUND, "official", start=first, until=last,
                         estimate=True))
    out.extend(_defined_contribution(claim, details, procedure, moving_out))
    return sorted(out, key=lambda step: step.sort_key)


def plan_left_on(claim: Claim, details: ClaimantDetails, moving_out: date | None) -> date | None:
    """The day DC membership was lost: as given, else the day after the last Employees'
    Pension month, else the day after moving out (an assumption the step says)."""
    dc = details.defined_contribution
    if dc.left_plan_on:
        return dc.left_plan_on
    if claim.employees_pension:
        last = max(period.to for period in claim.employees_pension)
        return (last + 1).first_day
    return moving_out + timedelta(days=1) if moving_out else None


def _defined_contribution(claim: Claim, details: ClaimantDetails, procedure: Procedure,
                          moving_out: date | None) -> list[Dated]:
    dc = details.defined_contribution
    lost = plan_left_on(claim, details, moving_out) if dc.company or dc.ideco else None
    if lost is None:
        return []
    assumed = dc.left_plan_on is None
    out = []
    if dc.company:
        months = procedure.company_dc_months
        # 翌月から起算して6ヵ月以内: counted from the month after the loss, whole months.
        last_month = YearMonth.of(lost) + months.value
        until = (last_month + 1).first_day - timedelta(days=1)
        out.append(Dated("company_dc", *_cited(months), start=lost, until=until,
                         estimate=assumed, params=(("lost", lost), ("months", months.value))))
    if dc.ideco:
        years = procedure.ideco_years
        out.append(Dated("ideco", *_cited(years), start=lost,
                         until=anniversary(lost, years.value) - timedelta(days=1),
                         estimate=assumed, params=(("lost", lost), ("years", years.value))))
    return out
