"""Message catalogues: complete in every language, placeholders intact, every text rendered."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import pytest

from calc import InvalidClaim, estimate, i18n
from tests.unit.conftest import epi, make_claim, np_period

LOCALES = Path(__file__).resolve().parents[2] / "calc" / "locales"
LANGUAGES = i18n.available_languages()
REQUIRED = {"en", "ja", "vi", "id", "tl", "my", "ne", "zh"}
DATE_PARTS = {"year", "m", "mm", "d", "dd", "month_name"}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_required_languages_present() -> None:
    assert set(LANGUAGES) >= REQUIRED, sorted(REQUIRED - set(LANGUAGES))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_parity(lang: str) -> None:
    english = i18n._flatten(tomllib.loads((LOCALES / "en.toml").read_text(encoding="utf-8")))
    other = i18n._flatten(tomllib.loads((LOCALES / f"{lang}.toml").read_text(encoding="utf-8")))
    assert set(other) == set(english), {"missing": sorted(set(english) - set(other)),
                                        "extra": sorted(set(other) - set(english))}
    for key, template in other.items():
        assert template.strip(), f"{lang}: {key} is empty"
        if key in ("meta.date", "meta.month"):  # each language orders the date its own way
            assert placeholders(template) <= DATE_PARTS, f"{lang}: {key}"
        else:
            assert placeholders(template) == placeholders(english[key]), f"{lang}: {key}"


CLAIMS = [
    make_claim(nationality="PH", permanent_resident=True,
               national_pension=[np_period("2014-04", "2015-03", "half_exempt"),
                                 np_period("2015-04", "2016-03", "unpaid")],
               employees_pension=[epi("2017-04", "2026-03", 650000),
                                  {"from": "2016-04", "to": "2017-03", "monthly_salary": 300000}],
               bonuses=[{"month": "2025-12", "amount": 900000}]),
    make_claim(left_japan_on="2024-03-31", employees_pension=[epi("2023-01", "2023-04")],
               national_pension=[np_period("2022-01", "2022-03", "exempt")]),
    make_claim(claim_date="2026-03-01", ever_entitled_to_pension=True, what_if_96_month_cap=True,
               reentry_permit_until="2027-03-31", moved_out_notice_filed=False,
               employees_pension=[epi("2016-01", "2026-01")]),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("claim", CLAIMS)
def test_every_text_is_rendered(lang: str, claim: dict) -> None:
    result = estimate(claim, lang=lang)
    english = estimate(claim)
    texts = [r.message for r in result.reasons] + [w.message for w in result.warnings]
    texts += [s.label for s in result.steps] + [s.formula for s in result.steps]
    texts += [s.result for s in result.steps]
    texts += [k + v for s in result.steps for k, v in s.values.items()]
    for text in texts:
        assert not re.search(r"\{[a-z_]+\}", text), f"{lang}: unfilled placeholder in {text!r}"
    # the numbers are the same in every language
    assert result.model_dump(exclude={"reasons", "warnings", "steps", "national_pension",
                                      "employees_pension", "decision"}) == \
        english.model_dump(exclude={"reasons", "warnings", "steps", "national_pension",
                                    "employees_pension", "decision"})
    assert result.employees_pension.amount == english.employees_pension.amount
    assert [w.code for w in result.warnings] == [w.code for w in english.warnings]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_errors_are_translated(lang: str) -> None:
    with pytest.raises(InvalidClaim) as caught:
        estimate(make_claim(nationality="JP", employees_pension=[epi("2024-05", "2024-01")]),
                 lang=lang)
    message = caught.value.errors[0].message
    assert message == i18n.text("error.japanese_national", lang)


def test_yen_and_dates_formatted_for_the_language() -> None:
    assert i18n.format_value(i18n.Yen(1234567), "en") == "1,234,567"
    assert i18n.text("unit.yen", "en", value=i18n.Yen(1000)) == "1,000 yen"


def test_language_codes_normalised() -> None:
    assert i18n.normalize_language("EN-us") == "en"
    assert i18n.normalize_language("klingon") == "en"
    assert i18n.normalize_language(None) == "en"
