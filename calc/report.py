"""Plain-text rendering of an ``Estimate`` for the terminal (the same steps the web page shows)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from calc import i18n
from calc.i18n import Yen
from calc.models import Estimate


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def render(result: Estimate, *, steps: bool = True, lang: str = "en") -> str:
    def t(key: str, **params: object) -> str:
        return i18n.text(f"cli.{key}", lang, **params)

    def yen(amount: int) -> str:
        return i18n.text("unit.yen", lang, value=Yen(amount))

    np, epi = result.national_pension, result.employees_pension
    rows: list[tuple[str, str]] = [(t("eligible"), t("yes") if result.eligible else t("no"))]
    lines = [t("title", date=result.claim_date), ""]
    body: list[str] = [f"    - {reason.message}" for reason in result.reasons]
    if result.claim_deadline:
        rows.append((t("deadline"), i18n.format_value(result.claim_deadline, lang)))

    def scheme(label: str, amount: int, if_eligible: int, payable: bool) -> tuple[str, str]:
        extra = "" if payable or not if_eligible else " " + t("would_be", amount=yen(if_eligible))
        return label, yen(amount) + extra

    table = [
        *rows,
        scheme(t("national_pension"), np.amount, np.amount_if_eligible, np.payable),
        scheme(t("employees_pension"), epi.amount, epi.amount_if_eligible, epi.payable),
        (t("withholding", rate=Decimal(epi.withholding_rate or "0")),
         "−" + yen(epi.withholding_tax)),
        (t("received"), yen(result.total_received)),
    ]
    refund = epi.tax_refund
    if refund.high:
        span = yen(refund.low) if refund.low == refund.high else \
            f"{yen(refund.low)} – {yen(refund.high)}"
        table.append((t("refund"), span))
    width = max(display_width(label) for label, _ in table) + 2
    lines += [f"  {pad(label + ':', width)} {value}" for label, value in table]
    lines += body
    for scheme_result in (np, epi):
        lines += [f"    - {reason.message}" for reason in scheme_result.reasons]

    if result.decision is not None:
        decision, pension = result.decision, result.decision.pension
        lines += ["", t("comparison") + ":", f"  {t('lump_sum_now')}: {yen(decision.lump_sum_now)}"]
        if decision.lump_sum_if_96_month_cap is not None:
            lines.append(f"  {t('lump_sum_96')}: {yen(decision.lump_sum_if_96_month_cap)}")
        lines.append("  " + t("pension_yearly", age=pension.from_age,
                              months=pension.qualifying_months,
                              covered=pension.covered_months) + ": "
                     + i18n.text("unit.per_year", lang, value=Yen(pension.yearly_total)))
        if pension.years_to_exceed_lump_sum:
            lines.append("  " + t("passes_after", years=pension.years_to_exceed_lump_sum))
    if result.warnings:
        lines += ["", t("notes") + ":"]
        lines += [f"  * {w.message}" for w in result.warnings]
    if steps:
        lines += ["", t("steps") + ":"]
        for number, step in enumerate(result.steps, 1):
            lines.append(f"  {number:2}. [{step.section}] {step.label}")
            if step.formula:
                lines.append(f"      {t('formula')}: {step.formula}")
            for key, value in step.values.items():
                lines.append(f"      {key}: {value}")
            if step.result:
                lines.append(f"      = {step.result}")
            if step.reference:
                lines.append(f"      {t('source')}: {step.reference}")
    lines += ["", t("last_verified", date=result.parameters_last_verified)]
    return "\n".join(lines)
