"""The second payment: the refund return, the payment notice check, agency offers, the
person's currency, and money left in DC plans. Assembled here from the engine's figures; every
text in the person's language.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from calc import i18n, tax
from calc.errors import ClaimError
from calc.i18n import Yen
from calc.kit import notice as notice_rules
from calc.kit import offers as offer_rules
from calc.kit import tax_return
from calc.kit.details import ClaimantDetails
from calc.kit.models import (
    CostedOffer,
    Exchange,
    LeftBehind,
    NoticeCheck,
    NoticeLine,
    Offers,
    OtherReading,
    Problem,
    ReturnLine,
    SurtaxLine,
    TaxReturn,
)
from calc.kit.problems import Finding, lenient, worded
from calc.kit.problems import problems as located
from calc.kit.problems import unreadable as unreadable_problems
from calc.models import Claim, Estimate
from calc.parameters import MissingParameter, Parameters

#: The return's lines, by the labels printed on them (NTA guide, claim-kit.md §4.7).
LINES = [
    ("gross", "第三表", "収入金額（退職）"),
    ("deduction", "第三表", "退職所得控除額"),
    ("income", "第三表", "所得金額（退職）"),
    ("taxable_income", "第三表", "課税される所得金額"),
    ("income_tax", "第三表", "税額"),
    ("reconstruction", "第一表", "復興特別所得税額"),
    ("defence", "第一表", "防衛特別所得税額"),
    ("total_tax", "第一表", "所得税及び復興特別所得税の額"),
    ("withheld", "第一表・第二表", "源泉徴収税額"),
    ("refund", "第一表", "還付される税金"),
]


def _lump_sum(estimate: Estimate) -> int:
    """The Employees' Pension lump sum the estimate finds, payable now or once eligible."""
    epi = estimate.employees_pension
    return epi.amount if epi.payable else epi.amount_if_eligible


def return_figures(params: Parameters, *, claim: Claim, estimate: Estimate, paid_on: date,
                   notice: notice_rules.Notice | None, lang: str) -> TaxReturn | None:
    """The return for this person, from the notice's figures when it has them."""
    epi = estimate.employees_pension
    from_notice = notice is not None and notice.gross is not None and notice.withheld is not None
    if from_notice:
        assert notice is not None and notice.gross is not None and notice.withheld is not None
        gross, withheld = notice.gross, notice.withheld
        paid_on = notice.date or paid_on
    else:
        gross = _lump_sum(estimate)
        try:
            withheld = tax.withholding(params, gross, paid_on).tax
        except MissingParameter:
            return None
    if not gross:
        return None
    cap = epi.cap or epi.insured_months
    try:
        found = tax_return.figures(
            params, gross=gross, withheld=withheld,
            other_income=claim.other_retirement_income_same_year,
            insured_months=epi.insured_months, capped_months=min(epi.insured_months, cap),
            paid_on=paid_on)
    except MissingParameter:
        return None
    values: dict[str, int] = {
        "gross": found.gross + found.other_income, "deduction": found.deduction,
        "income": found.income, "taxable_income": found.taxable_income,
        "income_tax": found.income_tax, "total_tax": found.total_tax,
        "withheld": found.withheld, "refund": found.refund,
        **{surtax.code: surtax.amount for surtax in found.surtaxes}}
    lines = [ReturnLine(code=code, sheet=sheet, japanese=japanese, amount=values[code],
                        label=i18n.text(f"kit.return.{code}", lang))
             for code, sheet, japanese in LINES if code in values]
    notes = [i18n.text("kit.return_note.labels", lang)]
    if found.short_service:
        notes.append(i18n.text("kit.return_note.short_service", lang))
    if len(found.surtaxes) >= 2:
        notes.append(i18n.text("kit.return_note.surtaxes_2027", lang))
    if found.other_income:
        notes.append(i18n.text("kit.return_note.other_income", lang,
                               tax=Yen(found.tax_on_other_income)))
    return TaxReturn(
        source="notice" if from_notice else "estimate",
        gross=found.gross, other_income=found.other_income, service_years=found.service_years,
        short_service=found.short_service, deduction=found.deduction, income=found.income,
        taxable_income=found.taxable_income, income_tax=found.income_tax,
        surtaxes=[SurtaxLine(code=s.code, rate=s.rate, amount=s.amount,
                             label=i18n.text(f"kit.return.{s.code}", lang))
                  for s in found.surtaxes],
        total_tax=found.total_tax, tax_on_other_income=found.tax_on_other_income,
        withheld=found.withheld, refund=found.refund, tax_year=found.tax_year,
        file_from=found.file_from, file_until=found.file_until,
        other_readings=[OtherReading(
            code=r.code, service_years=r.service_years, refund=r.refund,
            reason=i18n.text(f"kit.reading.{r.code}", lang, years=r.service_years,
                             refund=Yen(r.refund)))
            for r in found.other_readings],
        lines=lines, notes=notes)


def notice_check(params: Parameters, notice: notice_rules.Notice, unreadable: list[ClaimError],
                 *, estimate: Estimate, paid_on: date, lang: str) -> NoticeCheck:
    findings = notice_rules.check(params, notice, estimated_gross=_lump_sum(estimate) or None,
                                  paid_on=paid_on)
    problems = located(unreadable, "notice", findings, lang)
    lines = [NoticeLine(code=code, amount=getattr(notice, code),
                        text=i18n.text(f"kit.notice_line.{code}", lang))
             for code in ("gross", "withheld", "remitted")]
    return NoticeCheck(ok=not any(p.severity != "warning" for p in problems),
                       problems=problems, lines=lines)


def offers(data: Any, *, refund: int, first_payment: int, gross: int, lang: str) -> Offers:
    """Each offer's fee and what the person keeps, in the order given."""
    problems: list[Problem] = []
    costed: list[CostedOffer] = []
    items = data if isinstance(data, list) else []
    if data is not None and not isinstance(data, list):
        problems.append(Problem(field="offers", code="list_type", severity="error",
                                message=i18n.text("error.list_type", lang)))
    for index, item in enumerate(items[:offer_rules.MAX_OFFERS]):
        offer, errors = lenient(offer_rules.Offer, item)
        problems += unreadable_problems(errors, f"offers.{index}", lang)
        if errors and offer == offer_rules.Offer():
            continue
        result = offer_rules.cost(offer, refund=refund, first_payment=first_payment, gross=gross)
        costed.append(CostedOffer(
            label=offer.label or i18n.text("kit.offers.default_label", lang, number=index + 1),
            fee=result.fee, you_keep=result.you_keep, advance=result.advance,
            effective_annual_rate=result.effective_annual_rate))
    return Offers(refund=refund, first_payment=first_payment, gross=gross, offers=costed,
                  do_it_yourself=CostedOffer(label=i18n.text("kit.offers.do_it_yourself", lang),
                                             fee=0, you_keep=refund, advance=None,
                                             effective_annual_rate=None),
                  problems=problems)


def exchange(data: Any, figures: dict[str, int], lang: str) -> Exchange | None:
    """Every yen figure at the rate the person typed (units of the currency per yen)."""
    if data is None:
        return None
    problems: list[Problem] = []
    data = data if isinstance(data, dict) else {}
    currency = str(data.get("currency") or "").strip().upper()
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        problems.append(worded(Finding("exchange_rate.currency", "currency_code", "error"), lang))
    rate_text = str(data.get("per_yen") or "").strip().replace(",", ".")
    try:
        rate = Decimal(rate_text)
        if not rate.is_finite() or rate <= 0 or rate > 1_000_000:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.append(worded(Finding("exchange_rate.per_yen", "exchange_rate", "error"), lang))
        rate = None
    converted = {} if rate is None else {
        path: str((Decimal(amount) * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        for path, amount in figures.items()}
    return Exchange(currency=currency, per_yen=rate_text, figures=converted, problems=problems)


def left_behind(details: ClaimantDetails, lang: str) -> list[LeftBehind]:
    """DC and iDeCo money: a separate lump sum, not paid by JPS; its tax abroad unconfirmed."""
    dc = details.defined_contribution
    return [LeftBehind(code=code, title=i18n.text(f"kit.left_behind.{code}.title", lang),
                       text=i18n.text(f"kit.left_behind.{code}.text", lang))
            for code, has in (("company_dc", dc.company), ("ideco", dc.ideco)) if has]


def yen_figures(estimate: Estimate, found: TaxReturn | None, notice: NoticeCheck | None,
                costed: Offers | None) -> dict[str, int]:
    """The kit's yen figures by path, for the exchange view."""
    figures = {"estimate.total_received": estimate.total_received,
               "estimate.tax_refund_low": estimate.employees_pension.tax_refund.low,
               "estimate.tax_refund_high": estimate.employees_pension.tax_refund.high}
    if found:
        figures.update({f"tax_return.{line.code}": line.amount for line in found.lines})
    if notice:
        figures.update({f"notice.{line.code}": line.amount for line in notice.lines
                        if line.amount is not None})
    if costed:
        for index, offer in enumerate(costed.offers):
            figures[f"offers.{index}.fee"] = offer.fee
            figures[f"offers.{index}.you_keep"] = offer.you_keep
        figures["do_it_yourself.you_keep"] = costed.do_it_yourself.you_keep
    return figures

