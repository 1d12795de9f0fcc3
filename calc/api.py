"""JSON text in, JSON text out: the adapter used by the web page (through Pyodide) and batch.

``estimate_json`` never raises: every failure becomes ``{"ok": false, "errors": [...]}`` with
located, plain-language messages, so the page can put each message next to its field.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic

from calc import __version__
from calc.engine import estimate
from calc.errors import ClaimError, InvalidClaim
from calc.models import Claim
from calc.parameters import load_parameters


def result_for(payload: str | dict[str, Any]) -> dict[str, Any]:
    """Estimate one claim; return ``{"ok": True, "estimate": …}`` or ``{"ok": False, …}``."""
    try:
        data = json.loads(payload) if isinstance(payload, str) else payload
    except (json.JSONDecodeError, RecursionError) as error:
        return _failed([ClaimError(field="", code="json_invalid",
                                   message=f"This is not valid JSON: {error}.")])
    if not isinstance(data, dict):
        return _failed([ClaimError(field="", code="model_type",
                                   message="A claim must be a JSON object with named fields.")])
    try:
        result = estimate(data)
    except InvalidClaim as invalid:
        return _failed(invalid.errors)
    return {"ok": True, "estimate": result.model_dump(mode="json", by_alias=True)}


def estimate_json(payload: str) -> str:
    return json.dumps(result_for(payload), ensure_ascii=False)


def _failed(errors: list[ClaimError]) -> dict[str, Any]:
    return {"ok": False, "errors": [e.model_dump() for e in errors]}


def about() -> str:
    params = load_parameters()
    return json.dumps({
        "calc": __version__,
        "pydantic": pydantic.VERSION,
        "parameters_last_verified": params.last_verified.isoformat(),
        "latest_premium_fiscal_year": params.latest_premium_fiscal_year(),
    })


def claim_schema() -> dict[str, Any]:
    return Claim.model_json_schema(by_alias=True)
