"""MkDocs macros (mkdocs-macros-plugin) that put the engine's own data and results on the site.

No legal number is typed in the Markdown: pages call these macros, which read the parameter
files through ``calc.load_parameters()`` and compute examples with ``calc.estimate`` at build
time. A wrong series name or a failing example fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import calc
from calc.months import YearMonth
from calc.parameters import DatedSeries as Series
from calc.parameters import ParameterValue
from calc.parameters.schema import (
    Agreements,
    GradeTable,
    MonthWeights,
    Pre2003Factor,
    RateReference,
    RetirementDeduction,
    ShortServiceRule,
    StandardBonusRule,
    Surtaxes,
    TaxBrackets,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "site" / "examples"
STATUS_TEXT = {
    "confirmed": "official",
    "secondary": "secondary source",
    "announced": "announced",
    "pending": "pending — not in force",
}
WEIGHT_NAMES = {
    "paid": "paid",
    "quarter_exempt": "¼ exempt (¾ paid)",
    "half_exempt": "half exempt",
    "three_quarter_exempt": "¾ exempt (¼ paid)",
    "exempt": "fully exempt",
    "student_deferral": "student deferral (学生納付特例)",
    "unpaid": "unpaid",
}


def yen(amount: int) -> str:
    return f"¥{amount:,}"


def pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def fraction_text(value: Any) -> str:
    return str(value)


def pretty(text: str) -> str:
    """Thousands separators for the long whole numbers inside a step's text (not years)."""
    return re.sub(r"(?<![\d.\-/])\d{5,}(?![\d\-/])", lambda m: f"{int(m[0]):,}", text)


def _series(name: str) -> Series:
    params = calc.load_parameters()
    if not hasattr(params, name):
        raise KeyError(f"unknown parameter series {name!r}")
    return getattr(params, name)


def format_value(series: Series, value: Any) -> str:
    """One value of a series as short text, by its unit or structure."""
    if isinstance(value, MonthWeights):
        return ", ".join(f"{label} {fraction_text(getattr(value, key))}"
                         for key, label in WEIGHT_NAMES.items())
    if isinstance(value, RateReference):
        return (f"October of the year before the final month's year (two years before when "
                f"the final month is January–{_month_name(value.early_final_month_until)})")
    if isinstance(value, Pre2003Factor):
        return f"× {value.factor} for months before {value.applies_before:%B %Y}"
    if isinstance(value, StandardBonusRule):
        return f"cut to whole {yen(value.unit)}, at most {yen(value.cap_per_month)} a month"
    if isinstance(value, GradeTable):
        return (f"{len(value.grades)} grades, {yen(value.grades[0][0])}–"
                f"{yen(value.grades[-1][0])}")
    if isinstance(value, RetirementDeduction):
        return (f"{yen(value.per_year)} a year for the first {value.years_at_first_rate} "
                f"years, {yen(value.per_year_after)} a year after; at least "
                f"{yen(value.minimum)}")
    if isinstance(value, TaxBrackets):
        rates = [row[1] for row in value.brackets]
        return f"{len(rates)} brackets, {pct(rates[0])}–{pct(rates[-1])}"
    if isinstance(value, Surtaxes):
        if not value.surtaxes:
            return "none"
        return " + ".join(f"{name} {pct(rate)}" for name, rate in value.surtaxes) + \
            " of the income tax"
    if isinstance(value, ShortServiceRule):
        return (f"with {value.max_years} years or less, only the first "
                f"{yen(value.halved_up_to)} above the deduction is halved")
    if isinstance(value, Agreements):
        return f"{len(value.countries)} agreements"
    unit = series.unit
    if unit == "yen":
        return yen(value)
    if unit == "percent":
        return pct(value)
    if unit == "months":
        return f"{value} months"
    if unit == "years":
        return f"{value} years"
    return str(value)


def _month_name(month: int) -> str:
    return date(2000, month, 1).strftime("%B")


def _link(url: str, text: str = "source") -> str:
    return f"[{text}]({url})"


def value(name: str, on: str | None = None) -> str:
    series = _series(name)
    day = date.fromisoformat(on) if on else date.today()
    return format_value(series, series.at(day))


def pending_value(name: str) -> str:
    """The announced value of a series that has no date yet (used only by the what-if switch)."""
    pending = _series(name).pending
    if pending is None:
        raise KeyError(f"{name} has no pending value")
    return format_value(_series(name), pending.value)


def _from_text(entry: ParameterValue) -> str:
    return entry.from_.isoformat() if entry.from_ else "no date yet"


def table(name: str) -> str:
    """The whole dated series as a Markdown table, then any structured detail."""
    series = _series(name)
    lines = ["| From | Value | Status | Source |", "|---|---|---|---|"]
    for entry in series.values:
        note = f" — {entry.note}" if entry.note else ""
        lines.append(f"| {_from_text(entry)} | {format_value(series, entry.value)}{note} | "
                     f"{STATUS_TEXT[entry.status]} | {_link(entry.source)} |")
    detail = _detail(series)
    return "\n".join(lines) + ("\n\n" + detail if detail else "") + "\n"


def _detail(series: Series) -> str:
    today = date.today()
    current = series.at(today)
    if isinstance(current, GradeTable):
        return grade_table(current, f"Grades in force on {today.isoformat()}")
    if isinstance(current, TaxBrackets):
        rows = ["| Taxable income from | Rate | Quick deduction |", "|---|---|---|"]
        rows += [f"| {yen(start)} | {pct(rate)} | {yen(quick)} |"
                 for start, rate, quick in current.brackets]
        return f"Rates in force on {today.isoformat()}:\n\n" + "\n".join(rows)
    if isinstance(current, Agreements):
        return agreements_table()
    return ""


def grade_table(table_value: GradeTable, caption: str) -> str:
    rows = [f"{caption}:", "", "| Grade | Standard monthly remuneration | Monthly pay (報酬月額) |",
            "|---|---|---|"]
    grades = table_value.grades
    for number, (smr, lower) in enumerate(grades, 1):
        upper = grades[number][1] if number < len(grades) else None
        band = (f"below {yen(upper)}" if lower == 0 else
                f"{yen(lower)} and more" if upper is None else
                f"{yen(lower)} – under {yen(upper)}")
        rows.append(f"| {number} | {yen(smr)} | {band} |")
    return "\n".join(rows)


def agreements_table() -> str:
    countries = calc.load_parameters().agreements.at(date.today()).countries
    rows = ["| Country | In force since | Periods added up (totalization) |", "|---|---|---|"]
    rows += [f"| {c.name} | {c.in_force:%Y-%m} | {'yes' if c.totalization else 'no'} |"
             for c in countries]
    return "\n".join(rows) + "\n"


def multiplier_table() -> str:
    params = calc.load_parameters()
    step = params.multiplier_step.at(date.today())
    minimum = params.minimum_months.at(date.today())
    caps = [(entry, entry.value) for entry in params.multiplier_cap.dated]
    heads = [f"last month {_period_label(params.multiplier_cap.dated, i)}"
             for i in range(len(caps))]
    rows = ["| Months | " + " | ".join(heads) + " |", "|---" * (len(caps) + 1) + "|"]
    top = max(cap for _, cap in caps)
    rows.append(f"| under {minimum} | " + " | ".join("not payable" for _ in caps) + " |")
    for band in range(minimum, top + step, step):
        label = f"{band}–{band + step - 1}" if band < top else f"{band} or more"
        rows.append(f"| {label} | " + " | ".join(str(min(band, cap)) for _, cap in caps) + " |")
    return "\n".join(rows) + "\n"


def _period_label(entries: list[ParameterValue], index: int) -> str:
    start = entries[index].from_
    assert start is not None
    if index + 1 < len(entries):
        end = entries[index + 1].from_
        assert end is not None
        return f"up to {YearMonth.of(end) - 1}"
    return f"from {YearMonth.of(start)}"


def _np_amount(fiscal_year: int, months: int) -> tuple[int, int | None]:
    last = YearMonth(fiscal_year + 1, 3)
    result = calc.estimate({
        "claim_date": f"{fiscal_year + 1}-04-15", "nationality": "VN",
        "left_japan_on": f"{fiscal_year + 1}-03-31",
        "national_pension": [{"from": str(last - (months - 1)), "to": str(last),
                              "status": "paid"}],
    }).national_pension
    return result.amount_if_eligible, result.multiplier


def np_amount_table(first_year: int = 2017) -> str:
    """National Pension amounts by fiscal year of the reference month, computed by the engine."""
    params = calc.load_parameters()
    years = sorted({e.from_.year for e in params.np_premium.dated if e.from_ and
                    e.from_.year >= first_year})
    bands = list(range(6, 61, 6))
    rows = ["| Fiscal year | Premium | " + " | ".join(str(b) for b in bands) + " |",
            "|---" * (len(bands) + 2) + "|"]
    for year in years:
        premium = params.np_premium.at(date(year, 4, 1))
        cells = []
        for band in bands:
            amount, multiplier = _np_amount(year, band)
            cells.append(yen(amount) if multiplier == band else "—")
        status = params.np_premium.entry(date(year, 4, 1)).status
        mark = " (announced)" if status == "announced" else ""
        rows.append(f"| {year}{mark} | {yen(premium)} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n\n— : above the cap for that year (36 months before FY2021).\n"


def payment_rate_table(first: str = "2004-09") -> str:
    """Employees' Pension payment rates by final month, computed by the engine."""
    start = YearMonth.parse(first)
    end = YearMonth.of(date.today()) - 1
    bands = list(range(6, 61, 6))
    groups: list[tuple[YearMonth, YearMonth, str, list[str]]] = []
    month = start
    while month <= end:
        rates, contribution = [], ""
        for band in bands:
            result = calc.estimate({
                "claim_date": (month + 1).first_day.isoformat(), "nationality": "VN",
                "left_japan_on": (month + 1).first_day.isoformat(),
                "employees_pension": [{"from": str(month - (band - 1)), "to": str(month),
                                       "standard_monthly_remuneration": 100000}],
            }).employees_pension
            contribution = result.contribution_rate or ""
            rates.append(result.payment_rate if result.multiplier == band else "—")
        if groups and groups[-1][2] == contribution and groups[-1][3] == rates:
            groups[-1] = (groups[-1][0], month, contribution, rates)
        else:
            groups.append((month, month, contribution, rates))
        month += 1
    rows = ["| Final month | Contribution rate | " + " | ".join(str(b) for b in bands) + " |",
            "|---" * (len(bands) + 2) + "|"]
    for first_month, last_month, contribution, rates in reversed(groups):
        until = "now" if last_month == end else str(last_month)
        rows.append(f"| {first_month} – {until} | {pct(Decimal(contribution) * 100)} | "
                    + " | ".join(rates) + " |")
    return "\n".join(rows) + "\n\n— : above the 36-month cap (final months before April " \
        "2021).\n"


def example(name: str, title: str | None = None) -> str:
    """A worked example: the claim, the result and every step, computed by the engine."""
    path = EXAMPLES / f"{name}.json"
    claim = json.loads(path.read_text(encoding="utf-8"))
    result = calc.estimate(claim)
    np, epi = result.national_pension, result.employees_pension
    heading = title or name.replace("-", " ").capitalize()
    out = [f'!!! example "Example: {heading}"', ""]
    body = ["**The situation**", ""]
    body.append(f"- Nationality {claim['nationality']}, left Japan on "
                f"{claim.get('left_japan_on') or '—'}, claim on {result.claim_date}.")
    for period in claim.get("national_pension", []):
        body.append(f"- National Pension {period['from']} – {period['to']}: "
                    f"{WEIGHT_NAMES[period['status']]}.")
    for period in claim.get("employees_pension", []):
        pay = period.get("standard_monthly_remuneration")
        what = f"standard monthly remuneration {yen(pay)}" if pay else \
            f"monthly salary {yen(period['monthly_salary'])}"
        body.append(f"- Employees' Pension {period['from']} – {period['to']}: {what}.")
    for bonus in claim.get("bonuses", []):
        body.append(f"- Bonus {yen(bonus['amount'])} in {bonus['month']}.")
    body += ["", "**The result**", "", "| | |", "|---|---|",
             f"| National Pension | {yen(np.amount)} |",
             f"| Employees' Pension | {yen(epi.amount)} |",
             f"| Income tax withheld | −{yen(epi.withholding_tax)} |",
             f"| **You receive** | **{yen(result.total_received)}** |"]
    if epi.tax_refund.high:
        refund = yen(epi.tax_refund.low) if epi.tax_refund.low == epi.tax_refund.high else \
            f"{yen(epi.tax_refund.low)} – {yen(epi.tax_refund.high)}"
        body.append(f"| Tax refund (estimate, by a later return) | {refund} |")
    if result.claim_deadline:
        body.append(f"| Claim deadline | {result.claim_deadline} |")
    body += [f"- {r.message}" for r in result.reasons]
    body += ["", "**Step by step**", ""]
    for number, step in enumerate(result.steps, 1):
        text = f"{number}. {step.label}"
        if step.formula:
            text += f": `{step.formula}`"
        if step.values:
            text += " — " + ", ".join(f"{k} = {pretty(v)}" for k, v in step.values.items())
        if step.result:
            text += f" → **{pretty(step.result)}**"
        body.append(text)
    out += ["    " + line if line else "" for line in body]
    return "\n".join(out) + "\n"


def sources_link(name: str, text: str | None = None) -> str:
    series = _series(name)
    return f"[{text or series.title}](sources.md#{name.replace('_', '-')})"


def last_verified() -> str:
    return calc.load_parameters().last_verified.isoformat()


def all_sources() -> str:
    """Every parameter series with its values, dates, statuses and sources."""
    params = calc.load_parameters()
    out = []
    for series in params.all_series():
        out += [
            f"## {series.title} {{ #{series.id.replace('_', '-')} }}", "",
            f"{series.title_ja} · `{series.id}` · keyed by {series.keyed_by} · "
            f"last verified {series.last_verified.isoformat()}", "",
            f"**Law:** {series.law}", "",
            " ".join(series.description.split()), "",
            table(series.id),
        ]
    return "\n".join(out)


def claim_schema(indent: int = 0) -> str:
    """The Claim's JSON Schema as a code block, indented to sit inside an admonition."""
    schema = calc.Claim.model_json_schema(by_alias=True)
    block = "```json\n" + json.dumps(schema, indent=2, ensure_ascii=False) + "\n```"
    return "\n".join(" " * indent + line for line in block.splitlines()) + "\n"


def example_claim(name: str) -> str:
    return "```json\n" + (EXAMPLES / f"{name}.json").read_text(encoding="utf-8").strip() + \
        "\n```\n"


def define_env(env: Any) -> None:
    """mkdocs-macros entry point."""
    for function in (value, table, multiplier_table, np_amount_table, payment_rate_table,
                     agreements_table, example, sources_link, last_verified, all_sources,
                     claim_schema, example_claim, pending_value):
        env.macro(function)
