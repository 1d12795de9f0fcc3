"""The parameter files: complete, strict, dated, sourced."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from calc.parameters import Parameters, load_parameters
from calc.parameters.schema import Series

DATA = Path(__file__).resolve().parents[2] / "calc" / "parameters" / "data"


def test_every_series_loads_with_sources() -> None:
    params = load_parameters()
    for series in params.all_series():
        assert series.values, series.id
        for value in series.values:
            assert value.source.startswith(("http://", "https://")), series.id
        assert series.last_verified <= date.today()


def test_np_premium_for_every_fiscal_year_2005_to_2027() -> None:
    series = load_parameters().np_premium
    years = {v.from_.year for v in series.dated if v.from_ is not None}
    assert set(range(2005, 2028)) <= years
    assert series.dated[-1].status == "enacted"  # FY2027: published by JPS, not yet in force
    assert series.dated[-2].status == "confirmed"  # FY2026: JPS, and its lump-sum table
    for value in series.dated:
        assert value.value % 10 == 0  # NP Act 87③: rounded to 10 yen


def test_pending_96_month_cap_is_not_in_force() -> None:
    series = load_parameters().multiplier_cap
    assert series.at(date(2026, 11, 24)) == 60
    assert series.at(date(2021, 3, 31)) == 36
    assert series.at(date(2026, 11, 24), include_pending=True) == 96
    assert series.pending is not None and series.pending.from_ is None


def test_contribution_rates_from_1996_to_18_3_percent() -> None:
    series = load_parameters().epi_contribution_rate
    assert str(series.at(date(2003, 3, 1))) == "17.35"
    assert str(series.at(date(2003, 4, 1))) == "13.58"
    assert str(series.at(date(2017, 9, 1))) == "18.300"


def test_grade_tables() -> None:
    series = load_parameters().smr_grades
    counts = {v.from_.isoformat(): len(v.value.grades) for v in series.dated if v.from_}
    assert counts["2000-10-01"] == 30 and counts["2016-10-01"] == 31
    assert counts["2020-09-01"] == 32
    assert [v.status for v in series.dated[-3:]] == ["enacted"] * 3  # 令和7年法律第74号


def test_agreements() -> None:
    countries = load_parameters().agreements.at(date(2026, 11, 24)).countries
    assert len(countries) == 24
    assert sum(c.totalization for c in countries) == 20


def _raw(name: str) -> dict:
    return tomllib.loads((DATA / f"{name}.toml").read_text(encoding="utf-8"))


def _series_model(name: str) -> type:
    import typing

    value_type = typing.get_args(typing.get_type_hints(Parameters, include_extras=True)[name])[0]
    return Series[value_type]


@pytest.mark.parametrize("name", [p.stem for p in sorted(DATA.glob("*.toml"))])
def test_misspelt_key_fails(name: str) -> None:
    raw = _raw(name)
    raw["values"][0]["sorce"] = raw["values"][0].pop("source")
    with pytest.raises(ValidationError):
        _series_model(name).model_validate(raw)


def test_float_rate_is_rejected() -> None:
    raw = _raw("epi_contribution_rate")
    raw["values"][-1]["value"] = 18.3
    with pytest.raises(ValidationError, match="strings"):
        _series_model("epi_contribution_rate").model_validate(raw)


def test_values_must_be_in_date_order() -> None:
    raw = _raw("np_premium")
    raw["values"].reverse()
    with pytest.raises(ValidationError, match="date order"):
        Series[int].model_validate(raw)


def test_catalogue_keeps_the_series_texts() -> None:
    """The English catalogue repeats each series' title, description and key for translation;
    they must say exactly what the parameter file says."""
    from calc import i18n

    english = i18n.catalogue("en")
    for series in load_parameters().all_series():
        assert english[f"series.{series.id}.title"] == series.title
        assert english[f"series.{series.id}.description"] == " ".join(series.description.split())
        assert english[f"series.{series.id}.keyed_by"] == series.keyed_by
