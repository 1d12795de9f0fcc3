"""Turning every bad input into a clear, specific message that names its field.

Pydantic's own messages are written for programmers ("Input should be a valid integer, unable to
parse string as an integer"). Users of the calculator are workers, agencies and bloggers, so each
error gets a stable code, its values, and a plain sentence from the message catalogue
(``error.<code>``) in the user's language.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, PrivateAttr, ValidationError

from calc import i18n
from calc.models import INT_BOUNDS

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
    "json_type": "json_invalid",
    "finite_number": "int_parsing",  # NaN or Infinity where a whole number is expected
}

#: Errors raised by a whole-period validator, located on the field a user must change.
_SUBFIELD = {"period_order": "to", "remuneration_choice": "standard_monthly_remuneration"}


class ClaimError(BaseModel):
    """One problem with a claim, located by a dotted path (``employees_pension.0.to``)."""

    field: str
    code: str
    message: str
    params: dict[str, str] = {}
    _raw: dict[str, Any] = PrivateAttr(default_factory=dict)  # typed values, for other languages

    @classmethod
    def of(cls, field: str, code: str, lang: str = i18n.DEFAULT_LANGUAGE,
           **params: Any) -> ClaimError:
        error = cls(field=field, code=code, message=_message(code, lang, params),
                    params={key: i18n.neutral(value) for key, value in params.items()})
        error._raw = params
        return error

    def localized(self, lang: str) -> ClaimError:
        error = self.model_copy(update={"message": _message(self.code, lang,
                                                            self._raw or self.params)})
        error._raw = self._raw
        return error


def _message(code: str, lang: str, params: dict[str, Any]) -> str:
    key = f"error.{code}" if i18n.has(f"error.{code}") else "error.other"
    return i18n.text(key, lang, **params)


class InvalidClaim(ValueError):
    """A claim that cannot be computed, with every problem found (not just the first)."""

    def __init__(self, errors: list[ClaimError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field or 'claim'}: {e.message}" for e in errors))

    def localized(self, lang: str) -> InvalidClaim:
        return InvalidClaim([error.localized(lang) for error in self.errors])


def field_path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _out_of_bounds(loc: tuple[int | str, ...], value: Any) -> tuple[str, dict[str, str]]:
    """A number too long for a whole number (1e20, 10,000 digits) breaks the field's bound."""
    bounds = INT_BOUNDS.get(str(loc[-1])) if loc else None
    if bounds is None:
        return "int_parsing", {}
    negative = value < 0 if isinstance(value, (int, float)) else str(value).lstrip().startswith("-")
    return ("greater_than_equal", {"ge": str(bounds[0])}) if negative else \
        ("less_than_equal", {"le": str(bounds[1])})


def from_validation_error(error: ValidationError) -> InvalidClaim:
    """Convert pydantic's errors into located, plain-language ``ClaimError``s."""
    found: list[ClaimError] = []
    for item in error.errors(include_url=False):
        code = _CANONICAL.get(item["type"], item["type"])
        params = {key: str(value) for key, value in (item.get("ctx") or {}).items()}
        loc = tuple(item["loc"])
        if code == "int_parsing_size":
            code, params = _out_of_bounds(loc, item.get("input"))
        if code in _SUBFIELD:  # pydantic locates a whole-model error at the model itself
            loc = (*loc, _SUBFIELD[code])
        found.append(ClaimError.of(field_path(loc), code, **params))
    return InvalidClaim(found)
