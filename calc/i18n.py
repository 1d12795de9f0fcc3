"""Message catalogues: the engine returns codes and values, text is chosen here, at the edge.

One TOML catalogue per language in ``calc/locales`` (read with ``tomllib``, so the same files
serve the CLI, the batch mode, the site build and the browser through Pyodide). A language is
added by adding its file. Values passed to a template are formatted for the language: yen
amounts with its thousands separator, dates and months in its usual order.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from calc.months import YearMonth

DEFAULT_LANGUAGE = "en"


class Yen(int):
    """An amount of yen: printed with the language's thousands separator."""


class Term(str):
    """A catalogue key used as a value: shown as its text in the language (e.g. a status)."""


class Change(tuple):  # type: ignore[type-arg]
    """Values shown as "before → after" (e.g. a month's bonuses and its standard bonus)."""


class Listing(tuple):  # type: ignore[type-arg]
    """Values shown as a list, with the language's separator."""


@cache
def available_languages() -> list[str]:
    folder = resources.files("calc") / "locales"
    codes = sorted(e.name.removesuffix(".toml") for e in folder.iterdir()
                   if e.name.endswith(".toml") and not e.name.startswith("_"))
    return [DEFAULT_LANGUAGE] + [code for code in codes if code != DEFAULT_LANGUAGE]


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every key of a language, flattened (``step.np_amount.label``); English for unknown.

    The ``meta.*`` keys that CLDR defines — the language's own name, its number symbols, month
    names and date templates — come from ``_formats.toml`` (written from CLDR by
    tools/make_formats.py), not from the catalogue, so that no translation types them."""
    path = resources.files("calc") / "locales" / f"{lang}.toml"
    if not path.is_file():
        lang, path = DEFAULT_LANGUAGE, resources.files("calc") / "locales" / "en.toml"
    flat = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
    cldr = _formats()
    flat.update({f"meta.{key}": value
                 for key, value in cldr.get(lang, cldr[DEFAULT_LANGUAGE]).items()})
    return flat


@cache
def _formats() -> dict[str, dict[str, str]]:
    text = (resources.files("calc") / "locales" / "_formats.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def normalize_language(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.strip().lower().replace("_", "-")
    languages = available_languages()
    if code in languages:
        return code
    base = code.split("-")[0]
    aliases = {"fil": "tl", "zh-cn": "zh", "zh-hans": "zh"}
    return aliases.get(code, base if base in languages else DEFAULT_LANGUAGE)


def has(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    return key in catalogue(lang) or key in catalogue(DEFAULT_LANGUAGE)


def format_value(value: Any, lang: str) -> str:
    """A value as text in a language (yen grouped, dates and months in its order)."""
    if type(value) in _AS_IS:  # exactly int or str: no subclass such as Yen or Term
        return str(value)
    if isinstance(value, Term):
        return text(value, lang)
    if isinstance(value, Change):
        return " → ".join(format_value(part, lang) for part in value)
    if isinstance(value, Listing):
        return catalogue(lang).get("meta.list_separator", ", ").join(
            format_value(part, lang) for part in value)
    if isinstance(value, Yen):
        sign = "-" if value < 0 else ""
        return sign + grouped(str(abs(int(value))), catalogue(lang))
    if isinstance(value, date):
        return _day_text(value, lang, "meta.date")
    if isinstance(value, YearMonth):
        return _day_text(value.first_day, lang, "meta.month")
    if isinstance(value, Decimal):
        cat = catalogue(lang)
        whole, _, fraction = f"{value:f}".partition(".")
        digits = whole.lstrip("-")
        if len(digits) > 4:
            whole = whole[: len(whole) - len(digits)] + grouped(digits, cat)
        return whole + (cat.get("meta.decimal_separator", ".") + fraction if fraction else "")
    return str(value)


def grouped(digits: str, cat: dict[str, str]) -> str:
    """Digits in groups with the language's separator and group sizes (CLDR): 1,234,567, or
    in Nepali 12,34,567 (the first group from the right has 3 digits, the others 2)."""
    sizes = [int(size) for size in cat.get("meta.grouping", "3").split(",")]
    primary, secondary = sizes[0], sizes[-1]
    if len(digits) <= primary:
        return digits
    head, groups = digits[:-primary], [digits[-primary:]]
    while len(head) > secondary:
        head, groups = head[:-secondary], [head[-secondary:], *groups]
    return cat.get("meta.thousands_separator", ",").join([head, *groups] if head else groups)


#: Types whose text is the same in every language.
_AS_IS = frozenset({int, str})


#: The pattern of each kind of day text when a language has none.
_DAY_PATTERNS = {"meta.date": "{year}-{mm}-{dd}", "meta.month": "{year}-{mm}"}


@lru_cache(maxsize=4096)
def _day_text(day: date, lang: str, kind: str) -> str:
    """A date (``kind`` ``meta.date``) or its month (``meta.month``) in the language's order.
    Cached: the same deadlines, filing dates and months recur in estimate after estimate."""
    cat = catalogue(lang)
    return cat.get(kind, _DAY_PATTERNS[kind]).format_map(_date_parts(day, cat))


@cache
def _month_names(names: str) -> list[str]:
    return [name.strip() for name in names.split(",")]


def _date_parts(day: date, cat: dict[str, str]) -> dict[str, object]:
    names = _month_names(cat.get("meta.month_names", ""))
    alone = _month_names(cat.get("meta.month_names_standalone", ""))
    return {"year": day.year, "m": day.month, "mm": f"{day.month:02d}", "d": day.day,
            "dd": f"{day.day:02d}",
            "month_name": names[day.month - 1] if len(names) == 12 else day.month,
            "month_name_standalone": alone[day.month - 1] if len(alone) == 12 else day.month}


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:  # a placeholder with no value stays visible
        return "{" + key + "}"


def text(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` (English if missing there), with its values filled in."""
    template = catalogue(lang).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if template is None:
        raise KeyError(f"no message {key!r} in the catalogue")
    values = _Params({name: format_value(value, lang) for name, value in params.items()})
    return template.format_map(values)


def neutral(value: Any) -> str:
    """A value as language-neutral text for machine-readable ``params`` (ISO dates, digits)."""
    if isinstance(value, date):
        return value.isoformat()
    return str(int(value)) if isinstance(value, Yen) else str(value)
