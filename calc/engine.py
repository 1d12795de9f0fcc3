"""``estimate(claim) -> Estimate``: the one entry point of the calculator.

Pure: no I/O beyond reading the packaged parameter files once (cached), no clock except the
default claim date, no browser imports. The CLI, the batch mode and the web page all call this.

``assess`` is the engine itself: it computes every figure of a claim into a plain
``Assessment``. ``estimate`` builds the public ``Estimate`` from it (texts, warnings, steps, the
decision aid); ``summary`` gives the few figures of a one-line summary (a row of a batch's CSV)
from the same assessment, without building the texts and models such a line does not show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict, TypeVar

from calc import decision, employees_pension, i18n, national_pension, notices, tax
from calc.common import reference
from calc.eligibility import general_reasons
from calc.employees_pension import EmployeesPensionFigures
from calc.errors import ClaimError, InvalidClaim
from calc.i18n import Term, Yen
from calc.models import (
    Claim,
    EmployeesPensionResult,
    Estimate,
    NationalPensionResult,
    Note,
    RefundRange,
)
from calc.months import YearMonth
from calc.national_pension import NationalPensionFigures
from calc.parameters import MissingParameter, Parameters, load_parameters
from calc.parameters.schema import Recorded, recording
from calc.rounding import decimal_text
from calc.tax import Refund, Withholding
from calc.trace import NullTrace, Trace
from calc.validation import parse_claim
from calc.versions import versions

T = TypeVar("T")


@dataclass(slots=True)
class Assessment:
    """Every figure of one claim, before any text or output model is made of it."""

    np: NationalPensionFigures
    epi: EmployeesPensionFigures
    qualifying_months: int
    reasons: list[Note]
    deadline: date | None
    np_payable: bool
    epi_payable: bool
    withholding: Withholding | None
    refund: Refund | None
    tax_rules_missing: bool

    @property
    def eligible(self) -> bool:
        return self.np_payable or self.epi_payable

    @property
    def np_amount(self) -> int:
        """The National Pension amount paid on this claim (0 when not payable)."""
        return self.np.amount if self.np_payable else 0

    @property
    def epi_amount(self) -> int:
        """The Employees' Pension amount paid on this claim (0 when not payable)."""
        return self.epi.amount if self.epi_payable else 0

    @property
    def withholding_tax(self) -> int:
        """Tax withheld from the Employees' Pension amount paid (0 when nothing is paid)."""
        return self.withholding.tax if self.withholding and self.epi_payable else 0

    @property
    def refund_range(self) -> tuple[int, int]:
        """The lowest and highest refund of the withheld tax (0 when nothing is paid)."""
        if self.refund is None or not self.epi_payable:
            return 0, 0
        return self.refund.low, self.refund.high

    @property
    def total_received(self) -> int:
        return self.np_amount + self.epi_amount - self.withholding_tax


def assess(claim: Claim, params: Parameters, trace: Trace) -> Assessment:
    """Both lump sums, the general conditions, the deadline and the tax of a valid claim.

    Raises ``MissingParameter`` for dates outside the data and ``InvalidClaim`` for what only
    the computation finds (a salary before the grade tables, a rate missing for the final
    month).
    """
    with _scheme("national_pension"):
        np = national_pension.compute(claim, params, trace)
    with _scheme("employees_pension"):
        epi = employees_pension.compute(claim, params, trace)
    qualifying = np.qualifying_months + epi.insured_months
    with _scheme("general"):
        reasons, deadline = general_reasons(claim, params, qualifying, trace)

    held = None
    refund = None
    tax_rules_missing = False
    if epi.amount:
        paid_on = tax.payment_date(claim.claim_date)
        held = tax.withholding(params, epi.amount, paid_on)
        if trace.enabled:
            trace.add(
                "tax", "withholding",
                params={"rate": held.rate},
                values=[("amount", Yen(epi.amount)), ("rate", held.rate)],
                result=Yen(held.tax), result_key="unit.yen",
                reference=reference(params.withholding_rate,
                                    params.withholding_rate.entry(paid_on)),
            )
        if epi.multiplier and epi.multiplier.value:
            try:
                refund = tax.refund(
                    params,
                    amount=epi.amount,
                    withheld=held.tax,
                    other_income=claim.other_retirement_income_same_year,
                    insured_months=epi.insured_months,
                    capped_months=min(epi.insured_months, epi.multiplier.cap),
                    claim_date=claim.claim_date,
                    trace=trace,
                )
            except MissingParameter:
                tax_rules_missing = True  # years before the tax tables in the data: no estimate
    return Assessment(
        np=np, epi=epi, qualifying_months=qualifying, reasons=reasons, deadline=deadline,
        np_payable=not reasons and np.amount > 0, epi_payable=not reasons and epi.amount > 0,
        withholding=held, refund=refund, tax_rules_missing=tax_rules_missing,
    )


@contextmanager
def _scheme(part: str) -> Iterator[None]:
    """Note which part of the computation looked up a date outside the data, so that the
    error can point at the field the user has to change."""
    try:
        yield
    except MissingParameter as missing:
        missing.part = missing.part or part
        raise


def outside_data(claim: Claim, missing: MissingParameter) -> ClaimError:
    """The error for a date before the data begins, on the field that brought the date in and
    in words that say what to change (not which internal table ran out)."""
    month, first = YearMonth.of(missing.on), missing.first
    if missing.on == claim.claim_date:
        return ClaimError.of("claim_date", "claim_date_outside_data", date=missing.on,
                             first=first)
    if missing.part == "general" and claim.left_japan_on is not None:
        return ClaimError.of("left_japan_on", "left_outside_data", date=claim.left_japan_on,
                             first=first)
    spans = {"national_pension": [(p.from_, p.to) for p in claim.national_pension],
             "employees_pension": [(p.from_, p.to) for p in claim.employees_pension]}
    for part, code in (("national_pension", "np_outside_data"),
                       ("employees_pension", "epi_outside_data")):
        if missing.part != part:
            continue
        index = next((i for i, (start, end) in enumerate(spans[part])
                      if start <= month <= end), None)
        field = f"{part}.{index}.to" if index is not None else part
        return ClaimError.of(field, code, month=month, first=YearMonth.of(first))
    return ClaimError.of("", "outside_data", series=Term(f"series.{missing.series_id}.title"),
                         date=missing.on, first=first)


def _checked(claim: Claim | dict[str, Any] | str, params: Parameters | None, lang: str,
             work: Callable[[Claim, Parameters], T]) -> T:
    """Validate the claim and run ``work`` on it: every problem, found by the validation or
    by the computation, is raised as one ``InvalidClaim`` in ``lang``."""
    try:
        valid = parse_claim(claim)
        try:
            return work(valid, params or load_parameters())
        except MissingParameter as missing:
            raise InvalidClaim([outside_data(valid, missing)]) from None
    except InvalidClaim as invalid:
        if lang == i18n.DEFAULT_LANGUAGE:
            raise
        raise invalid.localized(lang) from None


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
    return _checked(claim, params, lang,
                    lambda valid, loaded: _estimate(valid, loaded, lang=lang, explain=explain))


class Summary(TypedDict):
    """The figures of a one-line summary of an estimate, as JSON values."""

    eligible: bool
    national_pension_amount: int
    employees_pension_amount: int
    withholding_tax: int
    total_received: int
    tax_refund_low: int
    tax_refund_high: int
    claim_deadline: str | None
    reasons: list[str]


def summary(
    claim: Claim | dict[str, Any] | str,
    params: Parameters | None = None,
    *,
    lang: str = i18n.DEFAULT_LANGUAGE,
) -> Summary:
    """The figures ``estimate`` gives for eligibility, amounts, tax and deadline, and its
    reasons in ``lang``, computed without the warnings, steps and output models a one-line
    summary never shows. Raises the same ``InvalidClaim`` as ``estimate``."""
    lang = i18n.normalize_language(lang)
    return _checked(claim, params, lang, lambda valid, loaded: _summary(valid, loaded, lang))


def _summary(claim: Claim, params: Parameters, lang: str) -> Summary:
    found = assess(claim, params, NullTrace())
    low, high = found.refund_range
    return Summary(
        eligible=found.eligible,
        national_pension_amount=found.np_amount,
        employees_pension_amount=found.epi_amount,
        withholding_tax=found.withholding_tax,
        total_received=found.total_received,
        tax_refund_low=low,
        tax_refund_high=high,
        claim_deadline=found.deadline.isoformat() if found.deadline else None,
        reasons=[note.text("reason", lang) for note in found.reasons],
    )


def _estimate(claim: Claim, params: Parameters, *, lang: str,
              explain: bool = True) -> Estimate:
    # The result's models are built with pydantic's own validation: it checks the engine's
    # values on the way out, and (measured) costs less than model_construct.
    trace = Trace() if explain else NullTrace()
    with recording() as used:
        return _estimate_recorded(claim, params, trace, used, lang=lang, explain=explain)


def _estimate_recorded(claim: Claim, params: Parameters, trace: Trace, used: Recorded, *,
                       lang: str, explain: bool) -> Estimate:
    """The estimate, computed while ``recording`` notes in ``used`` every parameter value it
    looks up: the warnings end with those that are not confirmed."""
    found = assess(claim, params, trace)
    np, epi = found.np, found.epi
    held = found.withholding
    np_result = NationalPensionResult(
        payable=found.np_payable,
        counted_months=decimal_text(np.counted),
        qualifying_months=np.qualifying_months,
        multiplier=np.multiplier.value if np.multiplier else None,
        cap=np.multiplier.cap if np.multiplier else None,
        reference_month=np.reference_month,
        monthly_premium=np.premium,
        amount_if_eligible=np.amount,
        amount=found.np_amount,
        months_above_cap=decimal_text(np.months_above_cap),
        reasons=[note.reason(lang) for note in np.reasons],
    )
    low, high = found.refund_range
    average = epi.average
    epi_result = EmployeesPensionResult(
        payable=found.epi_payable,
        insured_months=epi.insured_months,
        final_month=epi.final_month,
        average_standard_remuneration=decimal_text(average) if average is not None else None,
        average_standard_remuneration_fraction=str(average) if average is not None else None,
        contribution_rate=str(epi.contribution_rate.normalize()) if epi.contribution_rate
        is not None else None,
        contribution_rate_month=epi.rate_month,
        multiplier=epi.multiplier.value if epi.multiplier else None,
        cap=epi.multiplier.cap if epi.multiplier else None,
        payment_rate=str(epi.payment_rate) if epi.payment_rate is not None else None,
        amount_if_eligible=epi.amount,
        amount=found.epi_amount,
        withholding_rate=str(held.rate) if held else None,
        withholding_tax=found.withholding_tax,
        amount_after_withholding=found.epi_amount - found.withholding_tax,
        tax_refund=RefundRange(low=low, high=high),
        months_above_cap=epi.months_above_cap,
        reasons=[note.reason(lang) for note in epi.reasons],
    )
    total_received = found.total_received
    decision_result = None
    if explain:
        lump_sum_if_96 = None
        if not claim.what_if_96_month_cap and (np.months_above_cap or epi.months_above_cap):
            # A comparison the decision aid labels as hypothetical: the pending cap it uses is
            # not a value this estimate rests on, so its lookups are recorded apart.
            with recording(apart=True):
                other = assess(claim.model_copy(update={"what_if_96_month_cap": True}), params,
                               NullTrace())
            lump_sum_if_96 = other.total_received + other.refund_range[0]
        agreement = notices.agreement_for(params, claim.nationality, claim.claim_date)
        decision_result = decision.compute(
            claim, params, epi,
            covered_months=found.qualifying_months,
            lump_sum_now=total_received + low,
            lump_sum_if_96=lump_sum_if_96,
            months_forfeited_np=np.months_above_cap,
            totalization_country=i18n.text(f"country.{agreement.country}", lang)
            if agreement and agreement.totalization
            else None,
            trace=trace,
            lang=lang,
        )
    notes = notices.collect(
        claim, params, np, epi, found.refund if found.epi_payable else None, found.deadline,
        tax_rules_missing=found.tax_rules_missing and found.epi_payable)
    notes += notices.value_statuses(list(used.values()))
    return Estimate(
        claim_date=claim.claim_date,
        eligible=found.eligible,
        reasons=[note.reason(lang) for note in found.reasons],
        claim_deadline=found.deadline,
        national_pension=np_result,
        employees_pension=epi_result,
        total_before_tax=found.np_amount + found.epi_amount,
        total_received=total_received,
        total_with_refund=RefundRange(low=total_received + low, high=total_received + high),
        warnings=[note.warning(lang) for note in notes],
        steps=trace.render(lang),
        decision=decision_result,
        parameters_last_verified=params.last_verified,
        what_if_96_month_cap=claim.what_if_96_month_cap,
        versions=versions(),
    )
