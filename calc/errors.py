"""Turning every bad input into a clear, specific message that names its field.

Pydantic's own messages are written for programmers ("Input should be a valid integer, unable to
parse string as an integer"). Users of the calculator are workers, agencies and bloggers, so each
error type gets a plain sentence here, keyed by a stable code that translations can use.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

# Plain-English messages by pydantic error type. ``{…}`` placeholders come from the error's ctx.
_FRIENDLY: dict[str, str] = {
    "missing": "This is required.",
    "int_parsing": "Enter a whole number (digits only, for example 250000).",
    "int_type": "Enter a whole number (digits only, for example 250000).",
    "int_from_float": "Enter a whole number of yen, without decimals.",
    "greater_than_equal": "Must be {ge} or more.",
    "greater_than": "Must be more than {gt}.",
    "less_than_equal": "Must be at most {le}. Check for an extra zero.",
    "date_parsing": "Enter a date as YYYY-MM-DD, for example 2026-03-31.",
    "date_from_datetime_parsing": "Enter a date as YYYY-MM-DD, for example 2026-03-31.",
    "date_from_datetime_inexact": "Enter a date without a time, as YYYY-MM-DD.",
    "date_type": "Enter a date as YYYY-MM-DD, for example 2026-03-31.",
    "bool_parsing": "Answer yes or no (true or false).",
    "bool_type": "Answer yes or no (true or false).",
    "literal_error": "Choose one of: {expected}.",
    "string_type": "Enter text here.",
    "list_type": "This must be a list.",
    "model_type": "This must be an object with named fields.",
    "model_attributes_type": "This must be an object with named fields.",
    "dict_type": "This must be an object with named fields.",
    "extra_forbidden": "Unknown field: remove it or check its spelling.",
    "too_long": "Too many entries: at most {max_length}.",
    "json_invalid": "This is not valid JSON: {error}.",
    "json_type": "This is not valid JSON.",
}


#: Pydantic error types that mean the same thing to a user share one code.
_CANONICAL = {
    "date_from_datetime_parsing": "date_parsing",
    "date_from_datetime_inexact": "date_parsing",
    "date_type": "date_parsing",
    "int_type": "int_parsing",
    "int_from_float": "int_parsing",
    "bool_type": "bool_parsing",
    "model_attributes_type": "model_type",
    "dict_type": "model_type",
}

#: Errors raised by a whole-period validator, located on the field a user must change.
_SUBFIELD = {"period_order": "to", "remuneration_choice": "standard_monthly_remuneration"}


class ClaimError(BaseModel):
    """One problem with a claim, located by a dotted path (``employees_pension.0.to``)."""

    field: str
    code: str
    message: str
    params: dict[str, str] = {}


class InvalidClaim(ValueError):
    """A claim that cannot be computed, with every problem found (not just the first)."""

    def __init__(self, errors: list[ClaimError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field or 'claim'}: {e.message}" for e in errors))


def field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _params(ctx: dict[str, Any] | None) -> dict[str, str]:
    return {key: str(value) for key, value in (ctx or {}).items()}


def from_validation_error(error: ValidationError) -> InvalidClaim:
    """Convert pydantic's errors into located, plain-language ``ClaimError``s."""
    found: list[ClaimError] = []
    for item in error.errors(include_url=False):
        params = _params(item.get("ctx"))
        template = _FRIENDLY.get(item["type"])
        code = _CANONICAL.get(item["type"], item["type"])
        message = item["msg"]
        if template is not None:
            try:
                message = template.format(**params)
            except (KeyError, IndexError):
                message = template
        elif code == "value_error":
            message = message.removeprefix("Value error, ")
        loc = tuple(item["loc"])
        if code in _SUBFIELD:  # pydantic locates a whole-model error at the model itself
            loc = (*loc, _SUBFIELD[code])
        found.append(ClaimError(field=field_path(loc), code=code, message=message,
                                params=params))
    return InvalidClaim(found)
