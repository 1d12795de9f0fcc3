"""Estimate many claims from CSV or JSON Lines: one bad row never stops the others.

CSV rows can hold a whole claim as JSON in a ``claim`` column, or the common case in flat
columns (one National Pension period, one Employees' Pension period, one bonus). JSON Lines
holds one claim object per line; an optional ``id`` key (or CSV column) is echoed back.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from calc.api import json_problem, load_json, result_for, summary_for
from calc.errors import ClaimError
from calc.versions import versions

FLAT_COLUMNS = {
    "claim_date", "nationality", "left_japan_on", "np_from", "np_to", "np_status",
    "epi_from", "epi_to", "standard_monthly_remuneration", "monthly_salary", "bonus_month",
    "bonus_amount", "ever_entitled_to_pension", "permanent_resident",
    "other_retirement_income_same_year", "what_if_96_month_cap",
}
OUTPUT_COLUMNS = [
    "id", "ok", "errors", "eligible", "national_pension_amount", "employees_pension_amount",
    "withholding_tax", "total_received", "tax_refund_low", "tax_refund_high", "claim_deadline",
    "reasons", "calculator_version", "data_version",
]


def _flat_claim(row: dict[str, str]) -> dict[str, Any]:
    """Build a claim from flat CSV columns; empty cells mean "not given"."""
    cell = {key: (value or "").strip() for key, value in row.items() if key}
    claim: dict[str, Any] = {}
    for key in ("claim_date", "nationality", "left_japan_on"):
        if cell.get(key):
            claim[key] = cell[key]
    for key in ("ever_entitled_to_pension", "permanent_resident", "what_if_96_month_cap"):
        if cell.get(key):
            claim[key] = cell[key]
    if cell.get("other_retirement_income_same_year"):
        claim["other_retirement_income_same_year"] = cell["other_retirement_income_same_year"]
    if cell.get("np_from") or cell.get("np_to"):
        claim["national_pension"] = [{"from": cell.get("np_from", ""),
                                      "to": cell.get("np_to", ""),
                                      "status": cell.get("np_status") or "paid"}]
    if cell.get("epi_from") or cell.get("epi_to"):
        period: dict[str, Any] = {"from": cell.get("epi_from", ""), "to": cell.get("epi_to", "")}
        for key in ("standard_monthly_remuneration", "monthly_salary"):
            if cell.get(key):
                period[key] = cell[key]
        claim["employees_pension"] = [period]
    if cell.get("bonus_month") or cell.get("bonus_amount"):
        claim["bonuses"] = [{"month": cell.get("bonus_month", ""),
                             "amount": cell.get("bonus_amount", "")}]
    return claim


def summary_of(est: dict[str, Any]) -> dict[str, Any]:
    """The figures of a one-line summary, read from a whole estimate (as JSON): the same as
    ``calc.engine.summary`` computes without the whole estimate."""
    np, epi = est["national_pension"], est["employees_pension"]
    return {
        "eligible": est["eligible"],
        "national_pension_amount": np["amount"], "employees_pension_amount": epi["amount"],
        "withholding_tax": epi["withholding_tax"], "total_received": est["total_received"],
        "tax_refund_low": epi["tax_refund"]["low"], "tax_refund_high": epi["tax_refund"]["high"],
        "claim_deadline": est["claim_deadline"],
        "reasons": [r["message"] for r in est["reasons"]],
    }


def _summary(row_id: str, outcome: dict[str, Any]) -> dict[str, Any]:
    if not outcome["ok"]:
        return {"id": row_id, "ok": False, "errors": "; ".join(
            f"{e['field'] or 'claim'}: {e['message']}" for e in outcome["errors"])}
    figures = outcome["summary"] if "summary" in outcome else summary_of(outcome["estimate"])
    return {"id": row_id, "ok": True, "errors": "", **figures,
            "claim_deadline": figures["claim_deadline"] or "",
            "reasons": "; ".join(figures["reasons"])}


def _outcome(payload: str | dict[str, Any], lang: str, explain: bool) -> dict[str, Any]:
    return result_for(payload, lang) if explain else summary_for(payload, lang)


def _row_error(code: str, lang: str, **params: Any) -> dict[str, Any]:
    error = ClaimError.of("", code, lang, **params)
    return {"ok": False, "errors": [error.model_dump()]}


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _records(text: str) -> Iterator[tuple[int, list[str] | None]]:
    """Yield ``(line number, cells)`` for each CSV record, or ``(line, None)`` where the text
    cannot be read as CSV from that line (a quote left open to the end, a cell of more than
    128 KiB): that line is reported and reading goes on at the next line."""
    lines = _LINE.findall(text)
    start = 0
    while start < len(lines):
        reader = csv.reader((lines[i] for i in range(start, len(lines))), strict=True)
        try:
            cells = next(reader)
        except StopIteration:  # pragma: no cover - every line yields a record or an error
            return
        except csv.Error:
            yield start + 1, None
            start += 1
            continue
        yield start + 1, cells
        start += max(reader.line_num, 1)


def read_csv(text: str, lang: str = "en", explain: bool = True
             ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(id, outcome)`` for each non-empty CSV row; rows are named by their line."""
    header: list[str] | None = None
    unknown: set[str] = set()
    for number, cells in _records(text):
        if cells is None:
            yield f"row {number}", _row_error("row_unreadable", lang, line=number)
            continue
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, or a row of empty cells
        if header is None:
            header = [cell.strip() for cell in cells]
            unknown = set(header) - FLAT_COLUMNS - {"id", "claim", ""}
            continue
        row = dict(zip(header, cells, strict=False))
        row_id = (row.get("id") or "").strip() or f"row {number}"
        if len(cells) > len(header):
            yield row_id, _row_error("row_extra_cells", lang, line=number)
        elif unknown:
            yield row_id, _row_error("row_unknown_columns", lang,
                                     columns=", ".join(sorted(unknown)),
                                     allowed=", ".join(["id", "claim", *sorted(FLAT_COLUMNS)]))
        elif (row.get("claim") or "").strip():
            yield row_id, _outcome(row["claim"], lang, explain)
        else:
            yield row_id, _outcome(_flat_claim(row), lang, explain)


def read_jsonl(text: str, lang: str = "en", explain: bool = True
               ) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        row_id = f"line {number}"
        try:
            data = load_json(line)
        except (ValueError, RecursionError) as error:
            yield row_id, _row_error("row_bad_json", lang, line=number, error=json_problem(error))
            continue
        if isinstance(data, dict) and "id" in data:
            row_id = str(data.pop("id"))
        yield row_id, _outcome(data, lang, explain)


def run(text: str, input_format: str, lang: str = "en", *, explain: bool = True
        ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Estimate every row: ``(id, outcome)``, the outcome ``{"ok": True, "estimate": …}`` or
    ``{"ok": False, "errors": […]}``. ``explain=False`` is for a CSV summary: each outcome then
    holds only the figures of the row, ``{"ok": True, "summary": …}``, which costs a fraction
    of a whole estimate (no steps, warnings or output models)."""
    reader = read_csv if input_format == "csv" else read_jsonl
    return reader(text, lang, explain)


def write_csv(results: Iterable[tuple[str, dict[str, Any]]], out: TextIO) -> int:
    """One row per claim; every row names the calculator and data versions that made it."""
    writer = csv.DictWriter(out, fieldnames=OUTPUT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    made_by = versions()
    stamp = {"calculator_version": made_by.calculator, "data_version": made_by.data}
    failures = 0
    for row_id, outcome in results:
        failures += not outcome["ok"]
        writer.writerow({**_summary(row_id, outcome), **stamp})
    return failures


def write_jsonl(results: Iterable[tuple[str, dict[str, Any]]], out: TextIO) -> int:
    """One line per claim, each with the versions (an estimate also holds them itself)."""
    made_by = versions().model_dump(mode="json")
    failures = 0
    for row_id, outcome in results:
        failures += not outcome["ok"]
        out.write(json.dumps({"id": row_id, **outcome, "versions": made_by},
                             ensure_ascii=False) + "\n")
    return failures
