"""Warnings shown beside the result: what the numbers cannot say by themselves."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from calc.common import reference
from calc.employees_pension import EmployeesPensionFigures
from calc.i18n import Term
from calc.models import Claim, Note
from calc.months import YearMonth
from calc.national_pension import NationalPensionFigures
from calc.parameters import DatedSeries, Parameters, ParameterValue
from calc.parameters.schema import Agreement
from calc.rounding import decimal_text
from calc.tax import Refund, filing_period, payment_date

FAQ_ERASED = "https://www.nenkin.go.jp/faq/jukyu/sonota-kyufu/dattai-ichiji/2020042808.html"
NTA_REFUND = "https://www.nta.go.jp/english/taxes/individual/12005.htm"
REENTRY = "https://office-kirin.com/kirinblog/dattai-ichijikin-kaisei"


def collect(
    claim: Claim,
    params: Parameters,
    np: NationalPensionFigures,
    epi: EmployeesPensionFigures,
    refund: Refund | None,
    deadline: date | None,
    *,
    tax_rules_missing: bool = False,
) -> list[Note]:
    out: list[Note] = []

    def add(code: str, ref: str = "", key: str = "", **values: Any) -> None:
        out.append(Note(code, values, ref, key))

    today_cap = params.multiplier_cap.at(claim.claim_date)
    if claim.what_if_96_month_cap:
        add("what_if_96", reference(params.multiplier_cap), cap=today_cap)

    for key, above, figures_cap in (
        ("months_above_cap_np", decimal_text(np.months_above_cap) if np.months_above_cap else "",
         np.multiplier.cap if np.multiplier else 0),
        ("months_above_cap_epi", epi.months_above_cap or "",
         epi.multiplier.cap if epi.multiplier else 0),
    ):
        if above:
            add("months_above_cap", reference(params.multiplier_cap), key=key,
                scheme=Term("scheme.national_pension" if key.endswith("np")
                            else "scheme.employees_pension"),
                months=above, cap=figures_cap)
    pending = params.multiplier_cap.pending
    over_cap = np.months_above_cap > 0 or epi.months_above_cap > 0
    if pending is not None and not claim.what_if_96_month_cap and over_cap:
        add("cap_96_pending", reference(params.multiplier_cap, pending), cap=pending.value,
            years=pending.value // 12)

    if claim.permanent_resident:
        add("permanent_resident", FAQ_ERASED)

    agreement = agreement_for(params, claim.nationality, claim.claim_date)
    if agreement is not None:
        add("totalization_agreement" if agreement.totalization
            else "agreement_no_totalization", reference(params.agreements),
            country=Term(f"country.{agreement.country}"),
            since=YearMonth.of(agreement.in_force))

    add("periods_erased", FAQ_ERASED)

    if claim.left_japan_on is not None:
        change = params.reentry_permit_rule.pending
        add("reentry_permit", REENTRY,
            at_latest=change.at_latest if change and change.at_latest else "")
        left_month = YearMonth.of(claim.left_japan_on)
        ends = [p.to for p in claim.national_pension] + [p.to for p in claim.employees_pension]
        if any(end > left_month for end in ends):
            add("coverage_after_departure", month=left_month)
        if deadline is not None and claim.claim_date <= deadline <= claim.claim_date + \
                timedelta(days=90):
            add("deadline_near", deadline=deadline)

    if refund is not None:
        filing_from, filing_until = filing_period(params, claim.claim_date)
        add("tax_refund", NTA_REFUND,
            rate=params.withholding_rate.at(payment_date(claim.claim_date)),
            filing_from=filing_from, filing_until=filing_until)
    if tax_rules_missing:
        add("tax_rules_missing", reference(params.income_tax_brackets))
    if epi.salary_estimated:
        add("salary_estimated", reference(params.smr_grades))
    if epi.ignored_bonus_months:
        add("bonus_before_2003", reference(params.standard_bonus),
            months=", ".join(str(m) for m in epi.ignored_bonus_months))

    latest_fy = params.latest_premium_fiscal_year()
    claim_fy = YearMonth.of(claim.claim_date).fiscal_year
    if np.premium_fiscal_year_missing is not None or claim_fy > latest_fy:
        add("parameters_outdated", reference(params.np_premium),
            fiscal_year=np.premium_fiscal_year_missing or claim_fy, latest=latest_fy)
    return out


def value_statuses(used: list[tuple[DatedSeries, ParameterValue]]) -> list[Note]:
    """A warning for each value the estimate used that is not ``confirmed``, naming the value
    (its series and start date) and how sure it is, in the order the values were used."""
    out = []
    for series, value in used:
        if value.status == "confirmed":
            continue
        out.append(Note("value_status", {
            "series": Term(f"series.{series.id}.title"), "series_id": series.id,
            "status": value.status, "from": value.from_ or "",
            "at_latest": value.at_latest or "",
        }, reference(series, value), f"value_{value.status}"))
    return out


def agreement_for(params: Parameters, country: str, on: date) -> Agreement | None:
    if on < params.agreements.dated[0].from_:  # type: ignore[operator]
        return None
    for item in params.agreements.at(on).countries:
        if item.country == country and item.in_force <= on:
            return item
    return None
