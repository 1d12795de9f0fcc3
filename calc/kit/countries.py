"""Country codes and the English names written on the form (Latin capitals: VIETNAM)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from calc.kit.latin import to_form


@cache
def english_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English short name (Debian iso-codes, as the site lists)."""
    text = (resources.files("calc.kit") / "data" / "country_names.json").read_text("utf-8")
    names: dict[str, str] = json.loads(text)["names"]
    return names


def code_of(typed: str | None) -> str | None:
    """The ISO code a person gave (any case), or None when it is not one."""
    if not typed:
        return None
    code = typed.strip().upper()
    return code if code in english_names() else None


def form_name(code: str) -> str:
    """The country as written on the form: its English name in Latin capitals."""
    return to_form(english_names()[code]).text
