"""Numbers, dates and language names come from CLDR (through Babel), not from typing."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import babel
import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from calc import i18n
from calc.months import YearMonth

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "calc" / "locales"
LANGUAGES = i18n.available_languages()
CLDR_KEYS = {"language", "intl_locale", "thousands_separator", "decimal_separator", "grouping",
             "date", "month", "month_names", "month_names_standalone"}


def _tool():  # tools/ is not a package: load the generator from its file
    spec = importlib.util.spec_from_file_location("make_formats", ROOT / "tools" /
                                                  "make_formats.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_formats_file_is_what_cldr_says() -> None:
    assert (LOCALES / "_formats.toml").read_text(encoding="utf-8") == \
        _tool().render(babel.__version__), "run: python tools/make_formats.py"


def test_every_language_has_cldr_formats_and_no_catalogue_types_them() -> None:
    formats = tomllib.loads((LOCALES / "_formats.toml").read_text(encoding="utf-8"))
    assert set(formats) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert set(formats[lang]) == CLDR_KEYS, lang
        own = tomllib.loads((LOCALES / f"{lang}.toml").read_text(encoding="utf-8"))
        assert not CLDR_KEYS & set(own.get("meta", {})), lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_and_numbers_read_as_cldr_writes_them(lang: str) -> None:
    cldr = _tool().LOCALES[lang][0]
    for day in (date(2026, 12, 2), date(2028, 2, 29), date(2027, 1, 1)):
        assert i18n.format_value(day, lang) == format_date(day, "long", locale=cldr), lang
    assert i18n.format_value(i18n.Yen(1234567), lang) == format_decimal(1234567, locale=cldr)
    assert i18n.format_value(Decimal("12345.6789"), lang) == format_decimal(
        Decimal("12345.6789"), format="#,##0.####", locale=cldr)
    month = i18n.format_value(YearMonth(2027, 4), lang)
    assert "2027" in month and not re.search(r"\{[a-z_]+\}", month)


def test_the_language_menu_names_each_language_in_itself() -> None:
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    menu = dict(re.findall(r"- locale: (\w+)\n(?:\s+default: true\n)?\s+name: (.+)\n", mkdocs))
    assert set(menu) == set(LANGUAGES)
    for lang, name in menu.items():
        assert name == i18n.text("meta.language", lang), lang
