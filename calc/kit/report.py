"""Plain-text rendering of a ``Kit`` for the terminal: problems, entries, plan, papers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from calc import i18n
from calc.i18n import Yen
from calc.kit.items import BOXES, ITEMS, SCHEMES
from calc.kit.models import Kit, PlanStep


def _value(values: dict[str, Any], path: str) -> str:
    found: Any = values
    for part in path.split("."):
        found = found.get(part, "") if isinstance(found, dict) else ""
    return "" if found is None else str(found)


def when(step: PlanStep, lang: str) -> str:
    """A step's day or window, in the language's date format."""
    day = lambda value: i18n.format_value(value, lang)  # noqa: E731
    if step.date:
        return day(step.date)
    if step.from_ and step.until:
        return f"{day(step.from_)} – {day(step.until)}"
    return "… " + day(step.until) if step.until else ""


def render_kit(result: Kit, *, lang: str = "en") -> str:
    def t(key: str, **params: object) -> str:
        return i18n.text(f"kit.cli.{key}", lang, **params)

    lines = [t("title"), ""]
    summary = result.estimate
    total = i18n.text("unit.yen", lang, value=Yen(summary.total_received))
    lines.append(t("estimate", total=total, deadline=summary.claim_deadline)
                 if summary.claim_deadline else t("estimate_no_deadline", total=total))
    lines.append("")
    lines.append(t("form_ok") if result.form.ok else t("form_not_ok"))
    for problem in result.form.problems:
        lines.append(f"  [{t('severity_' + problem.severity)}] {problem.field}: "
                     f"{problem.message}")
    lines += ["", t("values")]
    values = result.form.values.model_dump(mode="json", by_alias=True)
    rows: list[tuple[str, str]] = []
    for item in ITEMS[2:6]:
        rows.append((f"{i18n.text(item.key, lang)} ({item.japanese})", ""))
        for box in (b for b in BOXES if b.item == item.number):
            rows.append((f"  {i18n.text(box.key, lang)} ({box.japanese})",
                         _value(values, box.path)))
    item7 = ITEMS[6]
    rows.append((f"{i18n.text(item7.key, lang)} ({item7.japanese})", ""))
    for number, row in enumerate(result.form.values.history, start=1):
        scheme = f"{row.scheme} {SCHEMES[row.scheme]}" if row.scheme else ""
        rows.append((f"  {t('history_row', number=number)}",
                     " | ".join((row.employer or "…", row.employer_address or "…",
                                 f"{row.from_} – {row.to}", scheme))))
    lines += [f"  {label}: {value}" if value else f"  {label}" for label, value in rows]
    lines += ["", t("plan")]
    for step in result.plan:
        lines.append(f"  {when(step, lang)}  {step.title}")
        lines.append(f"      {step.action}")
        lines.append(f"      {i18n.text('kit.confidence.' + step.confidence, lang)}: "
                     f"{step.reference}")
    lines += ["", t("attachments")]
    for paper in result.attachments:
        mark = "[x]" if paper.needed else "[ ]"
        lines.append(f"  {mark} {paper.title}")
        lines.append(f"      {paper.why}")
    lines += _second_payment(result, lang)
    lines += ["", t("send_to"), f"  {result.send_to.japanese}"]
    lines += [f"  {line}" for line in result.send_to.latin]
    lines += [f"  {result.send_to.note}", "",
              t("procedure_verified", date=result.procedure_last_verified)]
    return "\n".join(lines)


def _second_payment(result: Kit, lang: str) -> list[str]:
    """The refund return's lines, the notice's findings, the offers and money left behind."""
    def yen(amount: int) -> str:
        return i18n.text("unit.yen", lang, value=Yen(amount))

    lines: list[str] = []
    found = result.tax_return
    if found is not None:
        lines += ["", i18n.text("kit.second.return_title", lang)]
        lines += [f"  {line.sheet} {line.japanese} ({line.label}): {yen(line.amount)}"
                  for line in found.lines]
        lines.append("  " + i18n.text("kit.second.tax_year", lang, year=found.tax_year,
                                      years=found.service_years))
        lines.append("  " + i18n.text("kit.second.file_window", lang,
                                      **{"from": found.file_from, "until": found.file_until}))
        lines += [f"  - {reading.reason}" for reading in found.other_readings]
        lines += [f"  - {note}" for note in found.notes]
    if result.notice is not None:
        lines += ["", i18n.text("kit.second.notice_title", lang)]
        if result.notice.ok:
            lines.append("  " + i18n.text("kit.second.notice_ok", lang))
        lines += [f"  {p.field}: {p.message}" for p in result.notice.problems]
    if result.offers is not None:
        lines += ["", i18n.text("kit.second.offers_title", lang)]
        for offer in [*result.offers.offers, result.offers.do_it_yourself]:
            rate = ""
            if offer.effective_annual_rate is not None:
                percent = Decimal(offer.effective_annual_rate) * 100
                rate = " — " + i18n.text("kit.second.offers_rate_value", lang,
                                         rate=f"{percent:.2f}")
            lines.append(f"  {offer.label}: {i18n.text('kit.second.offers_column_fee', lang)} "
                         f"{yen(offer.fee)}, {i18n.text('kit.second.offers_column_keep', lang)} "
                         f"{yen(offer.you_keep)}{rate}")
        lines += [f"  {p.field}: {p.message}" for p in result.offers.problems]
    if result.left_behind:
        lines += ["", i18n.text("kit.second.left_behind_title", lang)]
        lines += [f"  {item.title}: {item.text}" for item in result.left_behind]
    return lines
