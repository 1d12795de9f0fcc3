"""JSON text in, JSON text out: the adapter used by the web page (through Pyodide) and batch.

``estimate_json`` never raises: every failure becomes ``{"ok": false, "errors": [...]}`` with
located, plain-language messages, so the page can put each message next to its field.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic

from calc import __version__, i18n
from calc.engine import estimate
from calc.errors import ClaimError, InvalidClaim
from calc.models import Claim
from calc.parameters import load_parameters


def result_for(payload: str | dict[str, Any], lang: str = "en", *,
               explain: bool = True) -> dict[str, Any]:
    """Estimate one claim; return ``{"ok": True, "estimate": …}`` or ``{"ok": False, …}``."""
    lang = i18n.normalize_language(lang)
    try:
        data = load_json(payload) if isinstance(payload, str) else payload
    except (ValueError, RecursionError) as error:
        return _failed([ClaimError.of("", "json_invalid", lang, error=json_problem(error))])
    if not isinstance(data, dict):
        return _failed([ClaimError.of("", "model_type", lang)])
    try:
        result = estimate(data, lang=lang, explain=explain)
    except InvalidClaim as invalid:
        return _failed(invalid.errors)
    return {"ok": True, "estimate": result.model_dump(mode="json", by_alias=True)}


def _int_or_text(digits: str) -> int | str:
    # Python refuses to convert more than 4300 digits (a denial-of-service guard) and json
    # would raise a bare ValueError: keep such a number as text, so the field that holds it
    # gets its own message ("must be at most …").
    try:
        return int(digits)
    except ValueError:
        return digits


def load_json(text: str) -> Any:
    """``json.loads`` for untrusted text: raises only ``ValueError`` or ``RecursionError``."""
    return json.loads(text, parse_int=_int_or_text)


def json_problem(error: ValueError | RecursionError) -> str:
    """What ``load_json`` found wrong, for a message: the parser's words, or the error's kind."""
    return error.msg if isinstance(error, json.JSONDecodeError) else error.__class__.__name__


def estimate_json(payload: str, lang: str = "en") -> str:
    """The browser's entry point: claim JSON in, ``{"ok": …}`` JSON out, never an exception."""
    return json.dumps(result_for(payload, lang), ensure_ascii=False)


def _failed(errors: list[ClaimError]) -> dict[str, Any]:
    return {"ok": False, "errors": [e.model_dump() for e in errors]}


def about() -> str:
    params = load_parameters()
    return json.dumps({
        "calc": __version__,
        "pydantic": pydantic.VERSION,
        "parameters_last_verified": params.last_verified.isoformat(),
        "latest_premium_fiscal_year": params.latest_premium_fiscal_year(),
        "languages": i18n.available_languages(),
    })


def claim_schema() -> dict[str, Any]:
    return Claim.model_json_schema(by_alias=True)
