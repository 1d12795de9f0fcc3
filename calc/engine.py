"""``estimate(claim) -> Estimate``: the one entry point of the calculator.

Pure: no I/O beyond reading the packaged parameter files once (cached), no clock except the
default claim date, no browser imports. The CLI, the batch mode and the web page all call this.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from calc import decision, employees_pension, i18n, national_pension, notices, tax
from calc.common import reference
from calc.eligibility import general_reasons
from calc.errors import ClaimError, InvalidClaim
from calc.i18n import Yen
from calc.models import (
    Claim,
    EmployeesPensionResult,
    Estimate,
    NationalPensionResult,
    RefundRange,
)
from calc.parameters import MissingParameter, Parameters, load_parameters
from calc.rounding import decimal_text
from calc.trace import NullTrace, Trace
from calc.validation import parse_claim


def estimate(
    claim: Claim | dict[str, Any] | str,
    params: Parameters | None = None,
    *,
    lang: str = i18n.DEFAULT_LANGUAGE,
    explain: bool = True,
) -> Estimate:
    """Compute both lump sums, tax, eligibility, deadline, warnings and the step trace.

    Texts (reasons, warnings, steps) are in ``lang``; codes and values are the same in every
    language. ``explain=False`` leaves out the steps and the decision aid, for bulk runs that
    need only the figures. Raises ``InvalidClaim`` (a ``ValueError``) listing every problem.
    """
    lang = i18n.normalize_language(lang)
    try:
        claim = parse_claim(claim)
        try:
            return _estimate(claim, params or load_parameters(), lang=lang, explain=explain)
        except MissingParameter as missing:
            raise InvalidClaim([ClaimError.of("", "outside_data", series=missing.series_id,
                                              date=missing.on)]) from None
    except InvalidClaim as invalid:
        if lang == i18n.DEFAULT_LANGUAGE:
            raise
        raise invalid.localized(lang) from None


def _estimate(claim: Claim, params: Parameters, *, lang: str,
              explain: bool = True) -> Estimate:
    # The result's models are built with pydantic's own validation: it checks the engine's
    # values on the way out, and (measured) costs less than model_construct.
    trace = Trace() if explain else NullTrace()
    np = national_pension.compute(claim, params, trace)
    epi = employees_pension.compute(claim, params, trace)

    qualifying = np.qualifying_months + epi.insured_months
    reasons, deadline = general_reasons(claim, params, qualifying, trace)

    np_payable = not reasons and np.amount > 0
    epi_payable = not reasons and epi.amount > 0
    paid_on = claim.claim_date + timedelta(days=tax.PAYMENT_DELAY_DAYS)
    held = tax.withholding(params, epi.amount, paid_on) if epi.amount else None
    withheld = held.tax if held else 0
    if held:
        trace.add(
            "tax", "withholding",
            params={"rate": held.rate},
            values=[("amount", Yen(epi.amount)), ("rate", held.rate)],
            result=Yen(withheld), result_key="unit.yen",
            reference=reference(params.withholding_rate,
                                        params.withholding_rate.entry(paid_on)),
        )
    refund = None
    tax_rules_missing = False
    if epi.amount and epi.multiplier and epi.multiplier.value:
        try:
            refund = tax.refund(
                params,
                amount=epi.amount,
                withheld=withheld,
                other_income=claim.other_retirement_income_same_year,
                insured_months=epi.insured_months,
                capped_months=min(epi.insured_months, epi.multiplier.cap),
                claim_date=claim.claim_date,
                trace=trace,
            )
        except MissingParameter:
            tax_rules_missing = True  # years before the tax tables in the data: no estimate

    np_result = NationalPensionResult(
        payable=np_payable,
        counted_months=decimal_text(np.counted),
        qualifying_months=np.qualifying_months,
        multiplier=np.multiplier.value if np.multiplier else None,
        cap=np.multiplier.cap if np.multiplier else None,
        reference_month=np.reference_month,
        monthly_premium=np.premium,
        amount_if_eligible=np.amount,
        amount=np.amount if np_payable else 0,
        months_above_cap=decimal_text(np.months_above_cap),
        reasons=[note.reason(lang) for note in np.reasons],
    )
    refund_range = RefundRange(low=refund.low if refund and epi_payable else 0,
                               high=refund.high if refund and epi_payable else 0)
    epi_amount = epi.amount if epi_payable else 0
    epi_withheld = withheld if epi_payable else 0
    epi_result = EmployeesPensionResult(
        payable=epi_payable,
        insured_months=epi.insured_months,
        final_month=epi.final_month,
        average_standard_remuneration=decimal_text(epi.average) if epi.average is not None
        else None,
        average_standard_remuneration_fraction=str(epi.average) if epi.average is not None
        else None,
        contribution_rate=str(epi.contribution_rate.normalize()) if epi.contribution_rate
        is not None else None,
        contribution_rate_month=epi.rate_month,
        multiplier=epi.multiplier.value if epi.multiplier else None,
        cap=epi.multiplier.cap if epi.multiplier else None,
        payment_rate=str(epi.payment_rate) if epi.payment_rate is not None else None,
        amount_if_eligible=epi.amount,
        amount=epi_amount,
        withholding_rate=str(held.rate) if held else None,
        withholding_tax=epi_withheld,
        amount_after_withholding=epi_amount - epi_withheld,
        tax_refund=refund_range,
        months_above_cap=epi.months_above_cap,
        reasons=[note.reason(lang) for note in epi.reasons],
    )
    total_received = np_result.amount + epi_result.amount_after_withholding
    agreement = notices.agreement_for(params, claim.nationality, claim.claim_date)
    decision_result = None
    if explain:
        lump_sum_if_96 = None
        if not claim.what_if_96_month_cap and (np.months_above_cap or epi.months_above_cap):
            other = _estimate(claim.model_copy(update={"what_if_96_month_cap": True}), params,
                              lang=lang, explain=False)
            lump_sum_if_96 = other.total_received + other.employees_pension.tax_refund.low
        decision_result = decision.compute(
            claim, params, epi,
            covered_months=qualifying,
            lump_sum_now=total_received + refund_range.low,
            lump_sum_if_96=lump_sum_if_96,
            months_forfeited_np=np.months_above_cap,
            totalization_country=i18n.text(f"country.{agreement.country}", lang)
            if agreement and agreement.totalization
            else None,
            trace=trace,
            lang=lang,
        )
    return Estimate(
        claim_date=claim.claim_date,
        eligible=np_payable or epi_payable,
        reasons=[note.reason(lang) for note in reasons],
        claim_deadline=deadline,
        national_pension=np_result,
        employees_pension=epi_result,
        total_before_tax=np_result.amount + epi_result.amount,
        total_received=total_received,
        total_with_refund=RefundRange(low=total_received + refund_range.low,
                                      high=total_received + refund_range.high),
        warnings=[note.warning(lang) for note in notices.collect(
            claim, params, np, epi, refund if epi_payable else None, deadline,
            tax_rules_missing=tax_rules_missing and epi_payable)],
        steps=trace.render(lang),
        decision=decision_result,
        parameters_last_verified=params.last_verified,
        what_if_96_month_cap=claim.what_if_96_month_cap,
    )
