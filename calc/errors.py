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


def from_validation_error(error: ValidationError) -> InvalidClaim:
    """Convert pydantic's errors into located, plain-language ``ClaimError``s."""
    found: list[ClaimError] = []
    for item in error.errors(include_url=False):
        code = _CANONICAL.get(item["type"], item["type"])
        params = {key: str(value) for key, value in (item.get("ctx") or {}).items()}
        loc = tuple(item["loc"])
        if code in _SUBFIELD:  # pydantic locates a whole-model error at the model itself
            loc = (*loc, _SUBFIELD[code])
        found.append(ClaimError.of(field_path(loc), code, **params))
    return InvalidClaim(found)
