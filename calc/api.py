"""JSON text in, JSON text out: the adapter used by the web page (through Pyodide) and batch.

``estimate_json`` never raises: every failure becomes ``{"ok": false, "errors": [...]}`` with
located, plain-language messages, so the page can put each message next to its field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pydantic

from calc import __version__, i18n
from calc.engine import estimate, summary
from calc.errors import ClaimError, InvalidClaim
from calc.models import Claim
from calc.parameters import load_parameters
from calc.versions import versions


def result_for(payload: str | dict[str, Any], lang: str = "en", *,
               explain: bool = True) -> dict[str, Any]:
    """Estimate one claim; return ``{"ok": True, "estimate": …}`` or ``{"ok": False, …}``."""
    return _answer(payload, lang, "estimate", lambda data, language: estimate(
        data, lang=language, explain=explain).model_dump(mode="json", by_alias=True))


def summary_for(payload: str | dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """Summarize one claim: ``{"ok": True, "summary": …}`` (the figures of one line of a
    batch's CSV) or ``{"ok": False, …}`` with the same errors as ``result_for``."""
    return _answer(payload, lang, "summary",
                   lambda data, language: summary(data, lang=language))


def kit_for(payload: str | dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """The claim kit for ``{"claim": …, "details": …}``: ``{"ok": True, "kit": …}`` or
    ``{"ok": False, "errors": […]}`` (fields ``claim.…``)."""
    # Imported here: the calculator page never loads the kit (nor python-stdnum).
    from calc.kit import kit_dict

    return _answer(payload, lang, "kit", lambda data, language: kit_dict(data, language))


def calendar_for(payload: str | dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """The kit's plan as iCalendar text: ``{"ok": True, "calendar": "BEGIN:VCALENDAR…"}``."""
    from calc.kit import calendar_text

    return _answer(payload, lang, "calendar",
                   lambda data, language: calendar_text(data, lang=language))


def kit_json(payload: str, lang: str = "en") -> str:
    """The browser's entry point for the claim kit: never an exception."""
    return json.dumps(kit_for(payload, lang), ensure_ascii=False)


def calendar_json(payload: str, lang: str = "en") -> str:
    return json.dumps(calendar_for(payload, lang), ensure_ascii=False)


def _answer(payload: str | dict[str, Any], lang: str, key: str,
            compute: Callable[[dict[str, Any], str], Any]) -> dict[str, Any]:
    """``{"ok": True, key: compute(claim, lang)}``, or every problem of the payload."""
    lang = i18n.normalize_language(lang)
    try:
        data = load_json(payload) if isinstance(payload, str) else payload
    except (ValueError, RecursionError) as error:
        return _failed([ClaimError.of("", "json_invalid", lang, error=json_problem(error))])
    if not isinstance(data, dict):
        return _failed([ClaimError.of("", "model_type", lang)])
    try:
        return {"ok": True, key: compute(data, lang)}
    except InvalidClaim as invalid:
        return _failed(invalid.errors)


def _int_or_text(digits: str) -> int | str:
    # Python refuses to convert more than 4300 digits (a denial-of-service guard) and json
    # would raise a bare ValueError: keep such a number as text, so the field that holds it
    # gets its own message ("must be at most …").
    try:
        return int(digits)
    except ValueError:
        return digits


#: One decoder for every call: ``json.loads`` would build a new one per call for ``parse_int``.
_DECODER = json.JSONDecoder(parse_int=_int_or_text)


def load_json(text: str) -> Any:
    """``json.loads`` for untrusted text: raises only ``ValueError`` or ``RecursionError``."""
    if text.startswith("\ufeff"):  # json.loads rejects a byte-order mark with its own message
        return json.loads(text, parse_int=_int_or_text)
    return _DECODER.decode(text)


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
        "versions": versions().model_dump(mode="json"),
        "pydantic": pydantic.VERSION,
        "parameters_last_verified": params.last_verified.isoformat(),
        "latest_premium_fiscal_year": params.latest_premium_fiscal_year(),
        "languages": i18n.available_languages(),
    })


def claim_schema() -> dict[str, Any]:
    return Claim.model_json_schema(by_alias=True)


def kit_schema() -> dict[str, Any]:
    """JSON Schema of the claim kit's request (the Claim and the ClaimantDetails)."""
    from calc.kit import request_schema

    return request_schema()
