"""Warnings shown beside the result: what the numbers cannot say by themselves."""

from __future__ import annotations

from datetime import date, timedelta

from calc.common import reference
from calc.employees_pension import EmployeesPensionFigures
from calc.models import Claim, Warning
from calc.months import YearMonth
from calc.national_pension import NationalPensionFigures
from calc.parameters import Parameters
from calc.parameters.schema import Agreement
from calc.rounding import decimal_text
from calc.tax import Refund

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
) -> list[Warning]:
    out: list[Warning] = []

    def add(code: str, message: str, ref: str = "", **params_: object) -> None:
        out.append(Warning(code=code, message=message, reference=ref,
                           params={k: str(v) for k, v in params_.items()}))

    if claim.what_if_96_month_cap:
        add("what_if_96",
            "This result assumes the announced 8-year (96-month) cap already applies. It is "
            "NOT in force: no date has been fixed. Today's cap is 60 months.",
            reference(params.multiplier_cap))

    for scheme, above, cap in (
        ("National Pension", np.months_above_cap, np.multiplier.cap if np.multiplier else 0),
        ("Employees' Pension", epi.months_above_cap,
         epi.multiplier.cap if epi.multiplier else 0),
    ):
        if above > 0:
            add("months_above_cap",
                f"{scheme}: {decimal_text(above)} month(s) above the {cap}-month cap are not "
                "paid for, and claiming erases them too.",
                reference(params.multiplier_cap), scheme=scheme, months=decimal_text(above),
                cap=cap)
    pending = params.multiplier_cap.pending
    over_cap = np.months_above_cap > 0 or epi.months_above_cap > 0
    if pending is not None and not claim.what_if_96_month_cap and over_cap:
        add("cap_96_pending",
            f"An {pending.value // 12}-year ({pending.value}-month) cap has been announced but is "
            "not in force yet. Use the what-if option to see what it would change.",
            reference(params.multiplier_cap, pending), cap=pending.value)

    if claim.permanent_resident:
        add("permanent_resident",
            "Permanent residents: years abroad after age 20 before permanent residence can count "
            "as 合算対象期間. If they bring you to 10 years, you cannot get the lump sum, but can "
            "get an old-age pension instead. Check with the Japan Pension Service.",
            FAQ_ERASED)

    agreement = agreement_for(params, claim.nationality, claim.claim_date)
    if agreement is not None:
        if agreement.totalization:
            add("totalization_agreement",
                f"Japan and {agreement.name} have a social security agreement with totalization "
                f"(in force since {agreement.in_force:%Y-%m}). Your Japanese months can count "
                "toward a pension there, and theirs toward a Japanese pension. Claiming the lump "
                "sum erases the Japanese months, so they can no longer be added up.",
                reference(params.agreements), country=agreement.name)
        else:
            add("agreement_no_totalization",
                f"Japan and {agreement.name} have a social security agreement that avoids double "
                "coverage but does not add up pension periods.",
                reference(params.agreements), country=agreement.name)

    add("periods_erased",
        "Claiming erases every covered month before the claim: they no longer count toward a "
        "Japanese pension, even if you come back later.", FAQ_ERASED)

    if claim.left_japan_on is not None:
        add("reentry_permit",
            "If you left with a re-entry permit (including a special re-entry permit) and did not "
            "file a moving-out notice (転出届), you still count as living in Japan while the "
            "permit is valid and the claim is not accepted. A 2025 law will stop payment while "
            "any re-entry permit is valid; its start date is not fixed yet.",
            REENTRY)
        left_month = YearMonth.of(claim.left_japan_on)
        ends = [p.to for p in claim.national_pension] + [p.to for p in claim.employees_pension]
        late = [end for end in ends if end > left_month]
        if late:
            add("coverage_after_departure",
                f"Some coverage runs past the month you left Japan ({left_month}). Check the "
                "dates: coverage normally ends when you move out.", month=str(left_month))
        if deadline is not None and claim.claim_date <= deadline <= claim.claim_date + \
                timedelta(days=90):
            add("deadline_near",
                f"Your claim deadline is close: {deadline.isoformat()}. The claim must arrive "
                "by then.", deadline=deadline.isoformat())

    if refund is not None:
        add("tax_refund",
            f"{refund.withholding_rate}% is withheld from the Employees' Pension lump sum. You "
            "can get part of it back by filing a return (退職所得の選択課税) from "
            f"{refund.filing_from.isoformat()} until {refund.filing_until.isoformat()}, through "
            "a tax agent (納税管理人) in Japan whom you appoint before leaving, with the "
            "original payment notice (支給決定通知書).",
            NTA_REFUND, filing_from=refund.filing_from.isoformat(),
            filing_until=refund.filing_until.isoformat())

    if tax_rules_missing:
        add("tax_rules_missing",
            "This calculator has no income-tax tables for the year of this payment, so it does "
            "not estimate the tax refund.", reference(params.income_tax_brackets))
    if epi.salary_estimated:
        add("salary_estimated",
            "The standard monthly remuneration was estimated from your salary. The exact figures "
            "are on your pension record (ねんきん定期便 / ねんきんネット).",
            reference(params.smr_grades))
    if epi.ignored_bonus_months:
        add("bonus_before_2003",
            "Bonuses before April 2003 do not count (they were not part of the standard "
            "remuneration then) and were left out.",
            reference(params.standard_bonus),
            months=", ".join(str(m) for m in epi.ignored_bonus_months))

    latest_fy = params.latest_premium_fiscal_year()
    claim_fy = YearMonth.of(claim.claim_date).fiscal_year
    if np.premium_fiscal_year_missing is not None or claim_fy > latest_fy:
        year = np.premium_fiscal_year_missing or claim_fy
        add("parameters_outdated",
            f"This calculator has no National Pension premium for fiscal year {year} yet; "
            f"figures use fiscal year {latest_fy} and may be out of date.",
            reference(params.np_premium), fiscal_year=year)
    return out


def agreement_for(params: Parameters, country: str, on: date) -> Agreement | None:
    if on < params.agreements.dated[0].from_:  # type: ignore[operator]
        return None
    for item in params.agreements.at(on).countries:
        if item.country == country and item.in_force <= on:
            return item
    return None
