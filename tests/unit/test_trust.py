"""Rules people can trust: statuses, primary sources, warnings for values not confirmed,
readings of the law, dates outside the data, and the version stamped on every output."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import calc
from calc import InvalidClaim, estimate, i18n
from calc.changes import upcoming
from calc.cli import main
from calc.parameters import (
    DatedSeries,
    Parameters,
    fingerprint,
    load_interpretations,
    load_parameters,
)
from calc.parameters import _series_types as series_types
from calc.parameters.schema import STATUSES, Series, is_primary, recording
from calc.versions import versions
from tests.unit.conftest import epi, make_claim, np_period

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "calc" / "parameters" / "data"
LANGUAGES = i18n.available_languages()
TODAY = date(2026, 12, 2)

# --- statuses and sources ---------------------------------------------------------------------


def _raw(name: str) -> dict[str, Any]:
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))


def _validate(name: str, raw: dict[str, Any]) -> Series:
    return Series[series_types()[name]].model_validate(raw)  # type: ignore[misc]


def test_schema_accepts_enacted_and_rejects_an_unknown_status() -> None:
    raw = _raw("surtax")
    raw["values"][-1]["status"] = "enacted"
    assert _validate("surtax", raw).values[-1].status == "enacted"
    raw["values"][-1]["status"] = "enacted-ish"
    with pytest.raises(ValidationError):
        _validate("surtax", raw)
    assert set(STATUSES) == {"confirmed", "enacted", "secondary", "announced", "pending"}


def test_a_series_needs_a_primary_source_or_a_reason() -> None:
    raw = _raw("pre2003_factor")  # its only sources are secondary
    assert not _validate("pre2003_factor", raw).primary_sources
    del raw["no_primary_source"]
    with pytest.raises(ValidationError, match="primary source"):
        _validate("pre2003_factor", raw)
    raw["laws"] = [{"law_id": "329AC0000000115", "name": "厚生年金保険法", "article": "附則"}]
    assert _validate("pre2003_factor", raw).primary_sources == [
        "https://laws.e-gov.go.jp/law/329AC0000000115"]


def test_every_series_has_a_primary_source_or_says_why_not() -> None:
    for series in load_parameters().all_series():
        assert series.primary_sources or series.no_primary_source, series.id
        assert all(is_primary(url) for url in series.primary_sources), series.id
        for law in series.laws:
            assert law.url.startswith("https://laws.e-gov.go.jp/law/" + law.law_id)


def test_primary_hosts() -> None:
    assert is_primary("https://www.nenkin.go.jp/service/kokunen/hokenryo/hokenryo.html")
    assert is_primary("https://laws.e-gov.go.jp/law/334AC0000000141")
    assert not is_primary("https://www.city.shinagawa.tokyo.jp/PC/procedure/")
    assert not is_primary("https://www.scribd.com/document/559818334/Pension-Japan-Appform")
    assert not is_primary("https://example.com/?u=https://www.nta.go.jp")


def test_no_value_rests_on_scribd_any_more() -> None:
    for series in load_parameters().all_series():
        for value in series.values:
            assert "scribd.com" not in value.source, series.id


def test_only_a_pending_value_has_an_at_latest_date() -> None:
    raw = _raw("surtax")
    raw["values"][-1]["at_latest"] = date(2029, 6, 19)
    with pytest.raises(ValidationError, match="at_latest"):
        _validate("surtax", raw)


def test_fy2026_premium_matches_the_published_jps_table() -> None:
    # JPS 「国民年金の脱退一時金額」 (updated 2026-04-01), for 6, 12, … 60 months.
    published = [53760, 107520, 161280, 215040, 268800, 322560, 376320, 430080, 483840, 537600]
    premium = load_parameters().np_premium.entry(date(2026, 4, 1))
    assert premium.status == "confirmed" and "nenkin.go.jp" in premium.source
    assert "53,760" in (premium.note or "")
    for months, amount in zip(range(6, 61, 6), published, strict=True):
        last = date(2026, 10, 1)
        start_index = last.year * 12 + last.month - 1 - (months - 1)
        first = f"{start_index // 12}-{start_index % 12 + 1:02d}"
        result = estimate(make_claim(claim_date="2026-12-01", left_japan_on="2026-10-31",
                                     national_pension=[np_period(first, "2026-10")]))
        assert result.national_pension.amount == amount, months


def test_the_pending_cap_cites_mhlw_with_its_latest_date() -> None:
    pending = load_parameters().multiplier_cap.pending
    assert pending is not None and pending.value == 96
    assert pending.source.startswith("https://www.mhlw.go.jp/")
    assert pending.at_latest == date(2029, 6, 19)
    assert "Date not fixed, at the latest 2029-06-19" in (pending.note or "")


def test_the_2027_surtaxes_are_enacted_by_the_2026_law() -> None:
    series = load_parameters().surtax
    assert "令和8年法律第12号" in series.law
    split = series.entry(date(2027, 1, 1))
    assert split.status == "enacted" and split.source.startswith("https://www.nta.go.jp/")
    assert [name for name, _ in split.value.surtaxes] == ["reconstruction", "defence"]


def test_the_2027_to_2029_grades_are_enacted_with_the_statute_bands() -> None:
    series = load_parameters().smr_grades
    tops = [series.at(date(year, 9, 1)).grades[-1] for year in (2027, 2028, 2029)]
    assert tops == [(680000, 665000), (710000, 695000), (750000, 730000)]
    for year in (2027, 2028, 2029):
        entry = series.entry(date(year, 9, 1))
        assert entry.status == "enacted" and "laws.e-gov.go.jp" in entry.source


# --- warnings for values that are not confirmed --------------------------------------------------


def params_with(changes: dict[tuple[str, date | None], str] | None = None, *,
                everything_confirmed: bool = True) -> Parameters:
    """The shipped parameters with statuses changed: every dated value confirmed (unless
    ``everything_confirmed`` is False), then ``changes`` {(series, from): status} applied."""
    loaded = {}
    for name, value_type in series_types().items():
        raw = copy.deepcopy(_raw(name))
        for value in raw["values"]:
            start = value.get("from")
            if everything_confirmed and start is not None:
                value["status"] = "confirmed"
            if changes and (name, start) in changes:
                value["status"] = changes[(name, start)]
        loaded[name] = DatedSeries(Series[value_type].model_validate(raw))  # type: ignore[valid-type]
    return Parameters(**loaded)


def status_warnings(result: calc.Estimate) -> list[tuple[str, str]]:
    return [(w.params["series_id"], w.params["status"]) for w in result.warnings
            if w.code == "value_status"]


INTERN = make_claim(claim_date="2026-11-24", left_japan_on="2026-10-31",
                    national_pension=[np_period("2023-04", "2023-09")],
                    employees_pension=[epi("2023-10", "2026-10", 220000)],
                    bonuses=[{"month": "2025-12", "amount": 150000}])
SALARY = make_claim(employees_pension=[{"from": "2023-04", "to": "2026-03",
                                         "monthly_salary": 233000}])
EARLY = make_claim(claim_date="2003-06-01", left_japan_on="2003-05-20",
                   employees_pension=[epi("2001-01", "2003-05")])


@pytest.mark.parametrize("claim", [INTERN, SALARY, EARLY], ids=["intern", "salary", "early"])
def test_no_status_warning_when_every_value_used_is_confirmed(claim: dict[str, Any]) -> None:
    assert status_warnings(estimate(claim, params_with())) == []


def test_the_warning_names_exactly_the_values_used_that_are_not_confirmed() -> None:
    """Each dated value in turn is made secondary: the estimate warns about it exactly when
    it used that value, and says nothing of the others."""
    confirmed = params_with()
    with recording() as used:
        estimate(INTERN, confirmed)
    used_keys = set(used)
    assert ("np_premium", date(2023, 4, 1)) in used_keys  # the FY of the last paid month
    assert ("np_premium", date(2026, 4, 1)) not in used_keys
    assert not any(series == "smr_grades" for series, _ in used_keys)  # no salary given
    assert not any(series == "pre2003_factor" for series, _ in used_keys)
    warned_somewhere = 0
    for series in confirmed.all_series():
        for value in series.dated:
            key = (series.id, value.from_)
            result = estimate(INTERN, params_with({key: "secondary"}))
            expected = [(series.id, "secondary")] if key in used_keys else []
            assert status_warnings(result) == expected, key
            warned_somewhere += bool(expected)
    assert warned_somewhere >= 12


def test_a_salary_uses_the_grade_table_and_the_step_shows_its_status() -> None:
    key = ("smr_grades", date(2020, 9, 1))
    result = estimate(SALARY, params_with({key: "secondary"}))
    assert status_warnings(result) == [("smr_grades", "secondary")]
    step = next(s for s in result.steps if s.code == "epi_salary_to_grade")
    assert step.status == "secondary"
    assert all(s.status == "confirmed" for s in result.steps if s.code != step.code
               and not s.code.startswith("tax"))


def test_the_pre2003_factor_counts_only_with_months_before_april_2003() -> None:
    key = ("pre2003_factor", date(1995, 4, 1))
    assert status_warnings(estimate(EARLY, params_with({key: "announced"}))) == [
        ("pre2003_factor", "announced")]
    assert status_warnings(estimate(INTERN, params_with({key: "announced"}))) == []


def test_shipped_data_warns_about_the_enacted_2027_surtaxes() -> None:
    result = estimate(INTERN)  # paid in 2027: the refund uses the 2027 surtaxes
    assert ("surtax", "enacted") in status_warnings(result)
    step = next(s for s in result.steps if s.code == "tax_refund")
    assert step.status == "enacted"
    assert "surtax_2027_rounding" in step.interpretations


def test_the_what_if_cap_is_named_as_pending_only_when_asked() -> None:
    long = make_claim(employees_pension=[epi("2018-04", "2026-03")])
    assert ("multiplier_cap", "pending") not in status_warnings(estimate(long))
    what_if = estimate({**long, "what_if_96_month_cap": True})
    assert ("multiplier_cap", "pending") in status_warnings(what_if)
    warning = next(w for w in what_if.warnings if w.params.get("series_id") == "multiplier_cap")
    assert "19 June 2029" in warning.message
    assert "cap_change_model" in next(s for s in what_if.steps
                                      if s.code == "epi_multiplier").interpretations


@pytest.mark.parametrize("lang", LANGUAGES)
def test_status_warnings_are_worded_in_every_language(lang: str) -> None:
    changes = {("np_premium", date(2023, 4, 1)): "secondary",
               ("epi_contribution_rate", date(2017, 9, 1)): "announced",
               ("surtax", date(2027, 1, 1)): "enacted"}
    result = estimate({**INTERN, "what_if_96_month_cap": True}, params_with(changes),
                      lang=lang)
    found = {w.params["status"]: w.message for w in result.warnings if w.code == "value_status"}
    assert set(found) == {"secondary", "announced", "enacted", "pending"}
    for status, message in found.items():
        assert not re.search(r"\{[a-z_]+\}", message), (lang, status)
    assert i18n.text("series.np_premium.title", lang) in found["secondary"]
    assert i18n.text("series.surtax.title", lang) in found["enacted"]
    assert i18n.text("series.epi_contribution_rate.title", lang) in found["announced"]
    assert i18n.text("series.multiplier_cap.title", lang) in found["pending"]
    steps = {s.code: s.status for s in result.steps}
    assert steps["np_premium"] == "secondary"
    assert steps["epi_contribution_rate"] == "announced"


# --- readings of the law -------------------------------------------------------------------------


def test_every_reading_cited_by_a_step_is_in_the_data_file() -> None:
    known = load_interpretations()
    claims = [INTERN, {**INTERN, "what_if_96_month_cap": True},
              {**INTERN, "reentry_permit_until": "2027-10-31", "moved_out_notice_filed": False}]
    cited = {i for claim in claims for s in estimate(claim).steps for i in s.interpretations}
    assert cited == {"tax_years_of_service", "tax_year", "surtax_2027_rounding",
                     "deadline_day", "reentry_practice", "cap_change_model"}
    assert cited <= set(known)


def test_readings_have_their_basis_and_match_the_catalogue() -> None:
    for item in load_interpretations().values():
        assert item.basis and item.source.startswith("https://")
        assert item.confidence in ("official", "secondary", "unverified")
        assert i18n.text(f"interpretation.{item.id}.title") == item.title
        assert i18n.text(f"interpretation.{item.id}.reading") == item.reading
        assert i18n.text(f"interpretation.{item.id}.alternative") == item.alternative


# --- dates outside the data ------------------------------------------------------------------


def test_a_national_pension_month_before_the_data_names_the_period_and_what_to_do() -> None:
    claim = make_claim(national_pension=[np_period("2005-04", "2006-03"),
                                         np_period("1993-01", "1993-12")])
    claim["national_pension"] = claim["national_pension"][1:]
    for lang in LANGUAGES:
        with pytest.raises(InvalidClaim) as caught:
            estimate(claim, lang=lang)
        error = caught.value.errors[0]
        assert (error.field, error.code) == ("national_pension.0.to", "np_outside_data")
        assert "multiplier_cap" not in error.message and "_" not in error.message
        assert i18n.format_value(calc.months.YearMonth(1995, 4), lang) in error.message


def test_leaving_before_the_data_points_at_the_departure_date() -> None:
    claim = make_claim(claim_date="1997-12-01", left_japan_on="1995-01-15",
                       employees_pension=[epi("1995-04", "1997-09")])
    with pytest.raises(InvalidClaim) as caught:
        estimate(claim)
    error = caught.value.errors[0]
    assert (error.field, error.code) == ("left_japan_on", "left_outside_data")
    assert "1 April 1995" in error.message and "15 January 1995" in error.message


# --- versions ----------------------------------------------------------------------------------


def test_the_data_version_is_the_newest_check_and_a_fingerprint() -> None:
    found = versions()
    assert found.calculator == calc.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", found.calculator)
    assert found.data == f"{found.data_last_verified.isoformat()}+{found.data_hash}"
    newest = max(s.last_verified for s in load_parameters().all_series())
    assert found.data_last_verified >= newest
    files = [(p.name, p.read_bytes()) for p in sorted(DATA.glob("*.toml"))]
    files.append(("interpretations.toml",
                  (DATA.parent / "interpretations.toml").read_bytes()))
    assert fingerprint(files) == found.data_hash
    changed = [*files[:-1], (files[-1][0], files[-1][1] + b" ")]
    assert fingerprint(changed) != found.data_hash


def test_every_output_carries_the_versions(tmp_path: Path) -> None:
    stamp = versions()
    assert estimate(INTERN).versions == stamp
    assert json.loads(calc.api.estimate_json(json.dumps(INTERN)))["estimate"]["versions"][
        "data"] == stamp.data
    from calc.kit import kit

    assert kit({"claim": INTERN, "details": {}}).versions == stamp
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(INTERN) + "\n{bad\n", encoding="utf-8")
    out = io.StringIO()
    main(["batch", str(source), "--output-format", "jsonl"], out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["versions"]["data"] for line in lines] == [stamp.data] * 2
    out = io.StringIO()
    main(["batch", str(source), "--output-format", "csv"], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {(r["calculator_version"], r["data_version"]) for r in rows} == {
        (stamp.calculator, stamp.data)}


def test_cli_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == \
        f"lumpsum {versions().calculator} (data {versions().data})"


# --- what changes next -------------------------------------------------------------------------


def test_the_known_changes_come_from_the_data() -> None:
    changes = upcoming(today=TODAY)
    seen = [(c.series, c.kind, c.starts, c.status) for c in changes]
    assert seen == [
        ("old_age_basic_pension", "expected", date(2027, 1, 1), "expected"),
        ("surtax", "value", date(2027, 1, 1), "enacted"),
        ("np_premium", "value", date(2027, 4, 1), "enacted"),
        ("np_premium", "expected", date(2027, 4, 1), "expected"),
        ("smr_grades", "value", date(2027, 9, 1), "enacted"),
        ("smr_grades", "value", date(2028, 9, 1), "enacted"),
        ("smr_grades", "value", date(2029, 9, 1), "enacted"),
        ("multiplier_cap", "pending", None, "pending"),
        ("reentry_permit_rule", "pending", None, "pending"),
    ]
    assert all(c.at_latest == date(2029, 6, 19) for c in changes if c.kind == "pending")
    later = upcoming(today=date(2027, 5, 1))
    assert [c.series for c in later if c.kind != "pending"] == ["smr_grades"] * 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_changes_are_worded_in_every_language(lang: str) -> None:
    for change in upcoming(today=TODAY, lang=lang):
        for text in (change.when, change.title, change.what, change.status_text):
            assert text and not re.search(r"\{[a-z_]+\}", text), (lang, change.series)


def test_cli_about_lists_the_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["about", "--today", "2026-12-02", "--format", "json"]) == 0
    about = json.loads(capsys.readouterr().out)
    assert about["versions"]["data"] == versions().data
    assert len(about["changes"]) == len(upcoming(today=TODAY))
    assert main(["--lang", "ja", "about", "--today", "2026-12-02"]) == 0
    text = capsys.readouterr().out
    assert "2027年1月1日" in text and versions().data in text
