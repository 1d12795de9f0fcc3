"""Plain-text rendering of an ``Estimate`` for the terminal (the same steps the web page shows)."""

from __future__ import annotations

from calc.models import Estimate


def yen(amount: int) -> str:
    return f"¥{amount:,}"


def render(result: Estimate, *, steps: bool = True) -> str:
    np, epi = result.national_pension, result.employees_pension
    lines = [
        f"Lump-sum Withdrawal Payment (脱退一時金) — estimate as of {result.claim_date}",
        "",
        f"  Eligible now:                 {'yes' if result.eligible else 'no'}",
    ]
    lines += [f"    - {reason.message}" for reason in result.reasons]
    if result.claim_deadline:
        lines.append(f"  Claim deadline:               {result.claim_deadline}")
    lines += [
        "",
        f"  National Pension (国民年金):    {yen(np.amount)}"
        + ("" if np.payable or not np.amount_if_eligible
           else f"  (would be {yen(np.amount_if_eligible)})"),
    ]
    lines += [f"    - {reason.message}" for reason in np.reasons]
    lines += [
        f"  Employees' Pension (厚生年金): {yen(epi.amount)}"
        + ("" if epi.payable or not epi.amount_if_eligible
           else f"  (would be {yen(epi.amount_if_eligible)})"),
    ]
    lines += [f"    - {reason.message}" for reason in epi.reasons]
    lines += [
        f"    withholding tax ({epi.withholding_rate or 0}%):   −{yen(epi.withholding_tax)}",
        f"  You receive:                  {yen(result.total_received)}",
    ]
    refund = epi.tax_refund
    if refund.high:
        span = yen(refund.low) if refund.low == refund.high else \
            f"{yen(refund.low)} – {yen(refund.high)}"
        lines.append(f"  Estimated tax refund:         {span} (by a later tax return)")
    if result.warnings:
        lines += ["", "Notes:"]
        lines += [f"  * {w.message}" for w in result.warnings]
    if steps:
        lines += ["", "How it was calculated:"]
        for number, step in enumerate(result.steps, 1):
            lines.append(f"  {number:2}. [{step.section}] {step.label}")
            if step.formula:
                lines.append(f"      formula: {step.formula}")
            for key, value in step.values.items():
                lines.append(f"      {key}: {value}")
            if step.result:
                lines.append(f"      = {step.result}")
            if step.reference:
                lines.append(f"      source: {step.reference}")
    lines += ["", f"Rates last verified on {result.parameters_last_verified}."]
    return "\n".join(lines)
