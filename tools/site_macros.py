"""MkDocs macros (mkdocs-macros-plugin) that put the engine's own data and results on the site.

No legal number is typed in the Markdown: pages call these macros, which read the parameter
files through ``calc.load_parameters()`` and compute examples with ``calc.estimate`` at build
time. Every text they write comes from the message catalogue in the page's language (the i18n
plugin sets the theme language for each language it builds). A wrong series name or a failing
example fails ``mkdocs build --strict``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

import calc
from calc import describe, i18n
from calc.changes import upcoming
from calc.i18n import Yen
from calc.months import YearMonth
from calc.parameters import DatedSeries as Series
from calc.parameters import ParameterValue, load_interpretations
from calc.parameters.schema import STATUSES as STATUSES_OF_VALUES
from calc.parameters.schema import (
    Agreements,
    GradeTable,
    TaxBrackets,
)
from calc.versions import versions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "site" / "examples"
COUNTRIES = json.loads((Path(__file__).with_name("countries.json")).read_text(encoding="utf-8"))
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                        undefined=StrictUndefined, autoescape=True)
STATUSES = ["paid", "quarter_exempt", "half_exempt", "three_quarter_exempt", "exempt",
            "student_deferral", "unpaid"]

#: Returns the language of the page being rendered; set by ``define_env``.
current_language: Callable[[], str] = lambda: i18n.DEFAULT_LANGUAGE  # noqa: E731


def t(key: str, **params: Any) -> str:
    return i18n.text(key, current_language(), **params)


def yen(amount: int) -> str:
    return t("unit.yen", value=Yen(amount))


def pct(value: Decimal) -> str:
    return t("unit.percent", value=value.normalize())


def day(value: date) -> str:
    return i18n.format_value(value, current_language())


def month(value: YearMonth) -> str:
    return i18n.format_value(value, current_language())


def pretty(text: str) -> str:
    """Thousands separators for the long whole numbers inside a step's text (not years)."""
    cat = i18n.catalogue(current_language())
    return re.sub(r"(?<![\d.\-/,])\d{5,}(?![\d\-/])", lambda m: i18n.grouped(m[0], cat), text)


def _series(name: str) -> Series:
    params = calc.load_parameters()
    if not hasattr(params, name):
        raise KeyError(f"unknown parameter series {name!r}")
    return getattr(params, name)


def format_value(series: Series, value: Any) -> str:
    """One value of a series as short text, in the page's language."""
    return describe.value_text(series, value, current_language())


def _link(url: str, text: str | None = None) -> str:
    return f"[{text or t('site.source')}]({url})"


def value(name: str, on: str | None = None) -> str:
    series = _series(name)
    when = date.fromisoformat(on) if on else date.today()
    return format_value(series, series.at(when))


def pending_value(name: str) -> str:
    """The announced value of a series that has no date yet (used only by the what-if switch)."""
    pending = _series(name).pending
    if pending is None:
        raise KeyError(f"{name} has no pending value")
    return format_value(_series(name), pending.value)


def _from_text(entry: ParameterValue) -> str:
    return day(entry.from_) if entry.from_ else t("site.no_date")


def table(name: str) -> str:
    """The whole dated series as a Markdown table, then any structured detail."""
    series = _series(name)
    lines = [f"| {t('site.col_from')} | {t('site.col_value')} | {t('site.col_status')} | "
             f"{t('site.col_source')} |", "|---|---|---|---|"]
    for entry in series.values:
        note = f" — {entry.note}" if entry.note else ""
        sources = _link(entry.source) + "".join(
            f" · [{t('site.also_sources')} {i}]({url})" for i, url in enumerate(entry.also, 1))
        lines.append(f"| {_from_text(entry)} | {format_value(series, entry.value)}{note} | "
                     f"{t('site.status_' + entry.status)} | {sources} |")
    detail = _detail(series)
    return "\n".join(lines) + ("\n\n" + detail if detail else "") + "\n"


def _detail(series: Series) -> str:
    today = date.today()
    current = series.at(today)
    if isinstance(current, GradeTable):
        return grade_table(current, t("site.grades_in_force", date=day(today)))
    if isinstance(current, TaxBrackets):
        rows = [f"| {t('site.taxable_from')} | {t('site.rate')} | {t('site.quick_deduction')} |",
                "|---|---|---|"]
        rows += [f"| {yen(start)} | {pct(rate)} | {yen(quick)} |"
                 for start, rate, quick in current.brackets]
        return t("site.rates_in_force", date=day(today)) + "\n\n" + "\n".join(rows)
    if isinstance(current, Agreements):
        return agreements_table()
    return ""


def grade_table(table_value: GradeTable, caption: str) -> str:
    rows = [f"{caption}:", "", f"| {t('site.grade')} | {t('site.smr')} | {t('site.monthly_pay')} |",
            "|---|---|---|"]
    grades = table_value.grades
    for number, (smr, lower) in enumerate(grades, 1):
        upper = grades[number][1] if number < len(grades) else None
        band = (t("site.below", amount=yen(upper)) if lower == 0 and upper is not None else
                t("site.and_more", amount=yen(lower)) if upper is None else
                t("site.band", low=yen(lower), high=yen(upper)))
        rows.append(f"| {number} | {yen(smr)} | {band} |")
    return "\n".join(rows)


def agreements_table() -> str:
    countries = calc.load_parameters().agreements.at(date.today()).countries
    rows = [f"| {t('site.country')} | {t('site.in_force_since')} | {t('site.totalization')} |",
            "|---|---|---|"]
    rows += [f"| {t('country.' + c.country)} | {month(YearMonth.of(c.in_force))} | "
             f"{t('site.yes') if c.totalization else t('site.no')} |" for c in countries]
    return "\n".join(rows) + "\n"


def multiplier_table() -> str:
    params = calc.load_parameters()
    step = params.multiplier_step.at(date.today())
    minimum = params.minimum_months.at(date.today())
    entries = params.multiplier_cap.dated
    heads = [_period_label(entries, i) for i in range(len(entries))]
    rows = [f"| {t('site.months')} | " + " | ".join(heads) + " |",
            "|---" * (len(entries) + 1) + "|"]
    top = max(entry.value for entry in entries)
    rows.append(f"| {t('site.under', minimum=minimum)} | "
                + " | ".join(t("site.not_payable") for _ in entries) + " |")
    for band in range(minimum, top + step, step):
        label = t("site.band_range", low=band, high=band + step - 1) if band < top else \
            t("site.band_more", low=band)
        rows.append(f"| {label} | " + " | ".join(str(min(band, e.value)) for e in entries) + " |")
    return "\n".join(rows) + "\n"


def _period_label(entries: list[ParameterValue], index: int) -> str:
    start = entries[index].from_
    assert start is not None
    if index + 1 < len(entries):
        end = entries[index + 1].from_
        assert end is not None
        return t("site.last_month_until", month=month(YearMonth.of(end) - 1))
    return t("site.last_month_from", month=month(YearMonth.of(start)))


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
    rows = [f"| {t('site.fiscal_year')} | {t('site.premium')} | "
            + " | ".join(str(b) for b in bands) + " |", "|---" * (len(bands) + 2) + "|"]
    for year in years:
        premium = params.np_premium.at(date(year, 4, 1))
        cells = []
        for band in bands:
            amount, multiplier = _np_amount(year, band)
            cells.append(yen(amount) if multiplier == band else "—")
        status = params.np_premium.entry(date(year, 4, 1)).status
        mark = " " + t("site.announced") if status == "announced" else ""
        rows.append(f"| {year}{mark} | {yen(premium)} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n\n" + t("site.above_cap_np") + "\n"


def payment_rate_table(first: str = "2004-09") -> str:
    """Employees' Pension payment rates by final month, computed by the engine."""
    start = YearMonth.parse(first)
    end = YearMonth.of(date.today()) - 1
    bands = list(range(6, 61, 6))
    groups: list[tuple[YearMonth, YearMonth, str, list[str]]] = []
    current = start
    while current <= end:
        rates, contribution = [], ""
        for band in bands:
            result = calc.estimate({
                "claim_date": (current + 1).first_day.isoformat(), "nationality": "VN",
                "left_japan_on": (current + 1).first_day.isoformat(),
                "employees_pension": [{"from": str(current - (band - 1)), "to": str(current),
                                       "standard_monthly_remuneration": 100000}],
            }).employees_pension
            contribution = result.contribution_rate or ""
            rates.append(result.payment_rate if result.multiplier == band else "—")
        if groups and groups[-1][2] == contribution and groups[-1][3] == rates:
            groups[-1] = (groups[-1][0], current, contribution, rates)
        else:
            groups.append((current, current, contribution, rates))
        current += 1
    rows = [f"| {t('site.final_month')} | {t('site.contribution_rate')} | "
            + " | ".join(str(b) for b in bands) + " |", "|---" * (len(bands) + 2) + "|"]
    for first_month, last_month, contribution, rates in reversed(groups):
        until = t("site.now") if last_month == end else month(last_month)
        rows.append(f"| {month(first_month)} – {until} | {pct(Decimal(contribution) * 100)} | "
                    + " | ".join(rates) + " |")
    return "\n".join(rows) + "\n\n" + t("site.above_cap_epi") + "\n"


def example(name: str, title: str | None = None) -> str:
    """A worked example: the claim, the result and every step, computed by the engine."""
    lang = current_language()
    claim = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    result = calc.estimate(claim, lang=lang)
    np, epi = result.national_pension, result.employees_pension
    heading = title or name.replace("-", " ").capitalize()
    out = [f'!!! example "{t("site.example", title=heading)}"', ""]
    left = claim.get("left_japan_on")
    body = [f"**{t('site.situation')}**", "",
            "- " + t("site.situation_person", nationality=country_name(claim["nationality"]),
                     left=day(date.fromisoformat(left)) if left else "—",
                     claim=day(result.claim_date))]
    for period in claim.get("national_pension", []):
        body.append("- " + t("site.situation_np", start=_m(period["from"]), end=_m(period["to"]),
                             status=t("status." + period["status"])))
    for period in claim.get("employees_pension", []):
        pay = period.get("standard_monthly_remuneration")
        key = "site.situation_epi_smr" if pay else "site.situation_epi_salary"
        body.append("- " + t(key, start=_m(period["from"]), end=_m(period["to"]),
                             amount=yen(pay or period["monthly_salary"])))
    for bonus in claim.get("bonuses", []):
        body.append("- " + t("site.situation_bonus", amount=yen(bonus["amount"]),
                             month=_m(bonus["month"])))
    body += ["", f"**{t('site.the_result')}**", "", "| | |", "|---|---|",
             f"| {t('site.np_amount')} | {yen(np.amount)} |",
             f"| {t('site.epi_amount')} | {yen(epi.amount)} |",
             f"| {t('site.withheld')} | −{yen(epi.withholding_tax)} |",
             f"| **{t('site.receive')}** | **{yen(result.total_received)}** |"]
    if epi.tax_refund.high:
        refund = yen(epi.tax_refund.low) if epi.tax_refund.low == epi.tax_refund.high else \
            f"{yen(epi.tax_refund.low)} – {yen(epi.tax_refund.high)}"
        body.append(f"| {t('site.refund')} | {refund} |")
    if result.claim_deadline:
        body.append(f"| {t('site.deadline')} | {day(result.claim_deadline)} |")
    body += [f"- {r.message}" for r in result.reasons]
    body += ["", f"**{t('site.step_by_step')}**", ""]
    for number, step in enumerate(result.steps, 1):
        text = f"{number}. {step.label}"
        if step.formula:
            text += f": `{step.formula}`"
        if step.values:
            text += " — " + "; ".join(f"{k} = {v}" for k, v in step.values.items())
        if step.result:
            text += f" → **{step.result}**"
        body.append(text)
    out += ["    " + line if line else "" for line in body]
    return "\n".join(out) + "\n"


def _m(text: str) -> str:
    return month(YearMonth.parse(text))


def country_name(code: str) -> str:
    names = dict(COUNTRIES["countries"].get(current_language(), COUNTRIES["countries"]["en"]))
    return names.get(code, code)


def sources_link(name: str, text: str | None = None) -> str:
    _series(name)
    return f"[{text or t(f'series.{name}.title')}](sources.md#{name.replace('_', '-')})"


def last_verified() -> str:
    return day(calc.load_parameters().last_verified)


def all_sources() -> str:
    """Every parameter series with its values, dates, statuses and sources."""
    params = calc.load_parameters()
    out = []
    for series in params.all_series():
        out += [
            f"## {t(f'series.{series.id}.title')} {{ #{series.id.replace('_', '-')} }}", "",
            f"{series.title_ja} · `{series.id}` · "
            + t("site.keyed_by", keyed_by=t(f"series.{series.id}.keyed_by")) + " · "
            + t("site.last_verified", date=day(series.last_verified)), "",
            f"**{t('site.law')}** {series.law}", "",
            *_laws(series),
            t(f"series.{series.id}.description"), "",
            table(series.id),
        ]
        if series.no_primary_source:
            out += ["", t("site.no_primary_source", reason=series.no_primary_source), ""]
    return "\n".join(out)


def _laws(series: Series) -> list[str]:
    """The statutes a series rests on, linked to their text on e-Gov (by law ID)."""
    if not series.laws:
        return []
    links = [f"[{law.name} {law.article}]({law.url})" for law in series.laws]
    return [f"**{t('site.laws_heading')}** " + " · ".join(links), ""]


def status_legend() -> str:
    """What each status means, as an admonition, from the catalogue."""
    lines = [f'!!! info "{t("site.status_legend_title")}"']
    for status in STATUSES_OF_VALUES:
        lines.append(f"    - **{t('site.status_' + status)}**: {t('site.status_means_' + status)}")
    return "\n".join(lines) + "\n"


def interpretations() -> str:
    """The readings of the law the steps cite, each with its basis and how sure it is."""
    out = [f"## {t('site.interpretations_heading')} {{ #interpretations }}", "",
           t("site.interpretations_intro"), ""]
    for item in load_interpretations().values():
        out += [
            f"### {t(f'interpretation.{item.id}.title')} {{ #{item.id.replace('_', '-')} }}", "",
            f"**{t('site.interpretation_reading')}** {t(f'interpretation.{item.id}.reading')}", "",
            f"**{t('site.interpretation_basis')}** {item.basis} — {_link(item.source)}", "",
            f"**{t('site.interpretation_confidence')}** {t('kit.confidence.' + item.confidence)}",
            "",
        ]
        if item.alternative:
            out += [f"**{t('site.interpretation_alternative')}** "
                    f"{t(f'interpretation.{item.id}.alternative')}", ""]
    return "\n".join(out)


def versions_note() -> str:
    """The calculator and data versions this site was built with."""
    found = versions()
    return t("site.versions_text", calculator=f"`{found.calculator}`", data=f"`{found.data}`",
             verified=day(found.data_last_verified))


def language_codes() -> str:
    """Every language code the calculator speaks, each with the language's own name."""
    return t("meta.list_separator").join(
        f"`{code}` ({i18n.text('meta.language', code)})" for code in i18n.available_languages())


def upcoming_changes() -> str:
    """The known changes to the rules after the build date, as a table."""
    today = date.today()
    changes = upcoming(today=today, lang=current_language())
    if not changes:
        return t("site.changes_none") + "\n"
    rows = [t("site.changes_as_of", date=day(today)), "",
            f"| {t('site.changes_when')} | {t('site.changes_series')} | {t('site.changes_what')} "
            f"| {t('site.changes_status')} | {t('site.col_source')} |",
            "|---|---|---|---|---|"]
    for change in changes:
        anchor = change.series.replace("_", "-")
        rows.append(f"| {change.when} | [{change.title}](sources.md#{anchor}) | {change.what} | "
                    f"{change.status_text} | {_link(change.source)} |")
    return "\n".join(rows) + "\n"


def _schema_block(schema: dict[str, Any], indent: int) -> str:
    """A JSON Schema as a code block, indented to sit inside an admonition."""
    block = "```json\n" + json.dumps(schema, indent=2, ensure_ascii=False) + "\n```"
    return "\n".join(" " * indent + line for line in block.splitlines()) + "\n"


def claim_schema(indent: int = 0) -> str:
    """The Claim's JSON Schema as a code block."""
    return _schema_block(calc.Claim.model_json_schema(by_alias=True), indent)


def kit_schema(indent: int = 0) -> str:
    """The claim kit request's JSON Schema (the Claim and the ClaimantDetails)."""
    from calc.kit import request_schema

    return _schema_block(request_schema(), indent)


def example_claim(name: str) -> str:
    return "```json\n" + (EXAMPLES / f"{name}.json").read_text(encoding="utf-8").strip() + \
        "\n```\n"


#: Catalogue keys the claim kit's script shows (the rest of its texts come from the engine or
#: are rendered into the page at build time).
KIT_BROWSER_KEYS = ("kit.ui.", "kit.second.", "kit.confidence.", "kit.item.yes", "kit.item.no")


def browser_strings(lang: str, kit: bool = False) -> dict[str, str]:
    """What the calculator's scripts need: their own texts, units, formats, step sections;
    with ``kit``, the claim kit's too."""
    catalogue = i18n.catalogue(lang)
    english = i18n.catalogue(i18n.DEFAULT_LANGUAGE)
    prefixes = ("ui.js.", "unit.", "meta.", "value_status.") + (KIT_BROWSER_KEYS if kit else ())
    wanted = [key for key in english
              if key.startswith(prefixes) or key == "ui.result_loading"
              or (key.startswith("interpretation.") and key.endswith(".title"))]
    return {key: catalogue.get(key, english[key]) for key in wanted}


def _country_options(lang: str) -> str:
    names = dict(COUNTRIES["countries"].get(lang, COUNTRIES["countries"]["en"]))
    if lang != i18n.DEFAULT_LANGUAGE:
        # The agreement countries are also named in the catalogue's sentences: use the same
        # names in the list (English keeps iso-codes' names, without "the").
        for item in calc.load_parameters().agreements.dated[-1].value.countries:
            names[item.country] = t(f"country.{item.country}")
    return "".join(f'<option value="{escape(code)}">{escape(name)}</option>'
                   for code, name in sorted(names.items(), key=lambda item: item[1]))


def calculator(embed: bool = False, kit: bool = False) -> str:
    """The calculator form in the page's language (labels before any script runs).

    ``embed=True`` for the page shown in an <iframe> on other sites (site/embed*.md);
    ``kit=True`` for the calculator inside the claim kit's page.
    """
    lang = current_language()
    strings = json.dumps(browser_strings(lang, kit), ensure_ascii=False).replace("</", "<\\/")
    html = TEMPLATES.get_template("calculator.html").render(
        t=t, lang=lang, country_options=_Markup(_country_options(lang)),
        strings_json=_Markup(strings), embed=embed, kit=kit)
    return html


def claim_kit() -> str:
    """The claim kit: the calculator's answers, the claimant's details in the order of the
    official form (with its Japanese labels), the check, the plan and the claim sheet."""
    from calc.kit.items import BOXES, HISTORY_COLUMNS, ITEMS, SCHEMES

    lang = current_language()
    boxes = {box.path: box for box in BOXES}
    return TEMPLATES.get_template("claim_kit.html").render(
        t=t, tja=lambda key: i18n.text(key, "ja"), lang=lang,
        items={item.number: item for item in ITEMS}, boxes=boxes,
        sheet_boxes=BOXES, history_columns=HISTORY_COLUMNS, schemes=SCHEMES,
        calculator_html=_Markup(calculator(kit=True)))


def embed_snippet() -> str:
    """The "Embed this calculator" builder: options, the code to paste, a live preview."""
    lang = current_language()
    languages = [(code, i18n.text("meta.language", code)) for code in i18n.available_languages()]
    # The <iframe>'s title is in the language of the calculator inside it.
    titles = {code: i18n.text("ui.embed_iframe_title", code) for code, _ in languages}
    strings = json.dumps(browser_strings(lang), ensure_ascii=False).replace("</", "<\\/")
    return TEMPLATES.get_template("embed_snippet.html").render(
        t=t, lang=lang, languages=languages, strings_json=_Markup(strings),
        titles_json=json.dumps(titles, ensure_ascii=False))


class _Markup(str):
    """Already-escaped HTML for the template (Jinja's autoescape leaves it alone)."""

    def __html__(self) -> str:
        return str(self)


def define_env(env: Any) -> None:
    """mkdocs-macros entry point."""
    global current_language

    def language() -> str:
        return i18n.normalize_language(env.conf["theme"].get("language") or "en")

    current_language = language
    for function in (value, table, multiplier_table, np_amount_table, payment_rate_table,
                     agreements_table, example, sources_link, last_verified, all_sources,
                     claim_schema, example_claim, pending_value, calculator, embed_snippet, t,
                     claim_kit, kit_schema, status_legend, interpretations, versions_note,
                     upcoming_changes, language_codes):
        env.macro(function)
