"""The one-line summary (a row of a batch's CSV) is computed without the whole estimate: it
must give exactly the figures, reasons and errors the whole estimate gives, in every language."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calc import batch, i18n
from calc.api import result_for, summary_for
from calc.engine import summary
from calc.months import MIN_YEAR, YearMonth
from tests.unit.test_properties import STATUSES, hostile_claims

LANGUAGES = i18n.available_languages()
NATIONS = ["VN", "PH", "CN", "US", "DE", "IT", "AT", "BR", "GB", "jp", "X1"]


EARLIEST = YearMonth(MIN_YEAR, 1)


@st.composite
def claims(draw: st.DrawFn, earliest: YearMonth = EARLIEST) -> dict[str, Any]:
    """Claims dated 1995–2040 with up to four periods from ``earliest`` on: every status,
    salaries and standard remunerations, months before April 2003, bonuses, months paid out;
    now and then invalid (overlaps, months reaching the claim, bonuses outside coverage,
    salaries before the grade tables)."""
    claim_date = draw(st.dates(date(1995, 4, 1), date(2040, 12, 31)))
    claim_month = YearMonth.of(claim_date).index
    first_month = max(earliest.index, claim_month - 480)
    count = draw(st.integers(0, 4))
    cuts = sorted(draw(st.lists(st.integers(first_month, claim_month + 1), min_size=2 * count,
                                max_size=2 * count, unique=True)))
    np_periods: list[dict[str, Any]] = []
    epi_periods: list[dict[str, Any]] = []
    bonuses: list[dict[str, Any]] = []
    for first, last in zip(cuts[::2], cuts[1::2], strict=True):
        period: dict[str, Any] = {"from": str(YearMonth.from_index(first)),
                                  "to": str(YearMonth.from_index(last))}
        if draw(st.integers(0, 9)) == 0:
            period["already_paid_out"] = True
        if draw(st.booleans()):
            np_periods.append({**period, "status": draw(st.sampled_from(STATUSES))})
            continue
        if draw(st.booleans()):
            period["standard_monthly_remuneration"] = draw(st.integers(1, 2_000_000))
        else:
            period["monthly_salary"] = draw(st.integers(0, 2_000_000))
        epi_periods.append(period)
        for _ in range(draw(st.integers(0, 2))):
            month = draw(st.integers(first, last) | st.integers(first_month, claim_month))
            bonuses.append({"month": str(YearMonth.from_index(month)),
                            "amount": draw(st.integers(0, 6_000_000))})
    if draw(st.integers(0, 9)) == 0 and (np_periods or epi_periods):
        twin = draw(st.sampled_from(np_periods + epi_periods))
        epi_periods.append({"from": twin["from"], "to": twin["to"],
                            "standard_monthly_remuneration": 200_000})  # an overlap
    claim: dict[str, Any] = {
        "claim_date": claim_date.isoformat(),
        "nationality": draw(st.sampled_from(NATIONS)),
        "national_pension": np_periods,
        "employees_pension": epi_periods,
        "bonuses": bonuses,
        "ever_entitled_to_pension": draw(st.integers(0, 9)) == 0,
        "permanent_resident": draw(st.integers(0, 9)) == 0,
        "other_retirement_income_same_year": draw(st.sampled_from([0, 0, 0, 1_000_000,
                                                                   5_000_000, 30_000_000])),
        "what_if_96_month_cap": draw(st.integers(0, 4)) == 0,
    }
    if draw(st.integers(0, 9)):
        left = claim_date - timedelta(days=draw(st.integers(-60, 1500)))
        claim["left_japan_on"] = left.isoformat()
        if draw(st.integers(0, 5)) == 0:
            permit = left + timedelta(days=draw(st.integers(-30, 900)))
            claim["reentry_permit_until"] = permit.isoformat()
            claim["moved_out_notice_filed"] = draw(st.booleans())
    return claim


def assert_same_answer(payload: str | dict[str, Any], lang: str) -> None:
    """``summary_for`` and ``result_for`` agree: the same verdict, the same errors, and the
    summary is what the whole estimate shows."""
    whole = result_for(payload, lang, explain=False)
    short = summary_for(payload, lang)
    assert short["ok"] == whole["ok"]
    if whole["ok"]:
        assert short["summary"] == batch.summary_of(whole["estimate"])
    else:
        assert short["errors"] == whole["errors"]


@given(claims(), st.sampled_from(LANGUAGES))
@settings(max_examples=300, deadline=None)
def test_summary_is_what_the_estimate_shows(claim: dict[str, Any], lang: str) -> None:
    assert_same_answer(claim, lang)
    assert_same_answer(json.dumps(claim), lang)


@given(hostile_claims(), st.sampled_from(LANGUAGES))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_summary_of_a_hostile_claim_has_the_estimates_errors(claim: dict[str, Any],
                                                             lang: str) -> None:
    assert_same_answer(claim, lang)
    assert_same_answer(json.dumps(claim, allow_nan=True), lang)


@given(st.sampled_from(["", "[]", "null", "{", "[" * 5000, "\ufeff{}", '"x"', "{}"]),
       st.sampled_from(LANGUAGES))
def test_summary_of_what_is_no_claim(payload: str, lang: str) -> None:
    assert_same_answer(payload, lang)


def test_summary_figures_match_the_estimate_object() -> None:
    """``engine.summary`` itself, for a claim that pays, and for one refused with a reason."""
    from calc import estimate

    for claim in ({"nationality": "VN", "claim_date": "2026-11-24", "left_japan_on": "2026-03-31",
                   "employees_pension": [{"from": "2023-04", "to": "2026-03",
                                          "monthly_salary": 230000}],
                   "bonuses": [{"month": "2024-12", "amount": 300000}],
                   "other_retirement_income_same_year": 2_000_000},
                  {"nationality": "VN", "claim_date": "2026-11-24", "left_japan_on": "2020-01-31",
                   "employees_pension": [{"from": "2017-04", "to": "2020-01",
                                          "standard_monthly_remuneration": 300000}]}):
        for lang in LANGUAGES:
            result = estimate(claim, lang=lang)
            figures = summary(claim, lang=lang)
            epi = result.employees_pension
            assert figures == {
                "eligible": result.eligible,
                "national_pension_amount": result.national_pension.amount,
                "employees_pension_amount": epi.amount,
                "withholding_tax": epi.withholding_tax,
                "total_received": result.total_received,
                "tax_refund_low": epi.tax_refund.low,
                "tax_refund_high": epi.tax_refund.high,
                "claim_deadline": result.claim_deadline.isoformat()
                if result.claim_deadline else None,
                "reasons": [reason.message for reason in result.reasons],
            }


def _jsonl(claims_: list[dict[str, Any]]) -> str:
    """One claim per line with an id, and lines that are no claim between them."""
    junk = ["{not json", "[1, 2]", "", '{"id": "no-claim"}', "\ufeff{}"]
    lines = []
    for i, claim in enumerate(claims_):
        lines.append(json.dumps({"id": f"c{i}", **claim}) if i % 3 else json.dumps(claim))
        lines.append(junk[i % len(junk)])
    return "\n".join(lines)


def _csv(claims_: list[dict[str, Any]]) -> str:
    """The same claims in the ``claim`` column of a CSV file, with a broken row."""
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["id", "claim"])
    for i, claim in enumerate(claims_):
        writer.writerow([f"c{i}", json.dumps(claim)])
        if i == 1:
            writer.writerow(["broken", "{"])
    return table.getvalue()


def _table(results: Any) -> str:
    out = io.StringIO()
    batch.write_csv(results, out)
    return out.getvalue()


# The decision aid (estimates with steps only) needs the basic-pension weights of every National
# Pension month, which start in April 1986: later months keep both kinds of batch comparable.
@given(st.lists(claims(earliest=YearMonth(1986, 4)), min_size=1, max_size=8),
       st.sampled_from(LANGUAGES))
@settings(max_examples=60, deadline=None)
def test_batch_csv_from_summaries_is_the_csv_from_whole_estimates(
        claims_: list[dict[str, Any]], lang: str) -> None:
    """``lumpsum batch`` writes its CSV from summaries; whole estimates give the same CSV."""
    for text, input_format in ((_jsonl(claims_), "jsonl"), (_csv(claims_), "csv")):
        fast = _table(batch.run(text, input_format, lang, explain=False))
        whole = _table(batch.run(text, input_format, lang, explain=True))
        assert fast == whole
        assert fast.count("\n") > len(claims_)  # the header and a row per claim at least


def test_summary_outcomes_of_a_batch() -> None:
    """``run(explain=False)`` yields summaries; ``run()`` whole estimates, for the same rows."""
    text = _jsonl([{"nationality": "VN", "claim_date": "2026-11-24",
                    "left_japan_on": "2026-03-31",
                    "employees_pension": [{"from": "2023-04", "to": "2026-03",
                                           "monthly_salary": 230000}]}] * 4)
    short = list(batch.run(text, "jsonl", explain=False))
    whole = list(batch.run(text, "jsonl"))
    assert [row_id for row_id, _ in short] == [row_id for row_id, _ in whole]
    for (_, fast), (_, full) in zip(short, whole, strict=True):
        assert fast["ok"] == full["ok"]
        if full["ok"]:
            assert set(fast) == {"ok", "summary"} and set(full) == {"ok", "estimate"}
            assert fast["summary"] == batch.summary_of(full["estimate"])
        else:
            assert fast == full
