"""Plain-text rendering of a ``Kit`` for the terminal: problems, entries, plan, papers."""

from __future__ import annotations

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
    lines += ["", t("send_to"), f"  {result.send_to.japanese}"]
    lines += [f"  {line}" for line in result.send_to.latin]
    lines += [f"  {result.send_to.note}", "",
              t("procedure_verified", date=result.procedure_last_verified)]
    return "\n".join(lines)
