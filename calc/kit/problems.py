"""Problems of the kit's input, located by their path in the request: read leniently, so a
half-typed form always gets an answer, and put into words in the person's language.

The details, the payment notice and each agency offer are read with ``lenient`` (a field that
cannot be read becomes an error on its path; the rest is still read). The checks record
``Finding``s, which ``problems`` turns into ``Problem``s; an entry already reported as
unreadable is not also reported as missing.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from calc import i18n
from calc.errors import ClaimError, from_validation_error
from calc.kit.models import Problem, Severity

#: Findings whose text is the engine's own warning, so both say the same.
_SHARED_TEXT = {"permanent_resident": "warning.permanent_resident"}


@dataclass(frozen=True)
class Finding:
    """A problem before it is put into words: the message is ``kit.problem.<code>``."""

    field: str
    code: str
    severity: Severity
    reference: str = ""
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


M = TypeVar("M", bound=BaseModel)


def lenient(model: type[M], data: Any) -> tuple[M, list[ClaimError]]:
    """``data`` read as ``model`` with every unreadable field left out, and a located error
    for each (fields relative to ``data``)."""
    if data is None:
        return model(), []
    if isinstance(data, str):
        from calc.api import json_problem, load_json

        try:
            data = load_json(data)
        except (ValueError, RecursionError) as error:
            return model(), [ClaimError.of("", "json_invalid", error=json_problem(error))]
    if not isinstance(data, dict):
        return model(), [ClaimError.of("", "model_type")]
    data = copy.deepcopy(data)
    errors: list[ClaimError] = []
    for _ in range(50):  # each round removes at least one unreadable field
        try:
            return model.model_validate(data), errors
        except ValidationError as error:
            errors += from_validation_error(error).errors
            for item in error.errors(include_url=False):
                if not _remove(data, tuple(item["loc"])):
                    return model(), errors
    return model(), errors


def _remove(data: Any, loc: tuple[int | str, ...]) -> bool:
    """Delete the value at ``loc`` (a list item becomes empty, keeping the others' places);
    False when nothing could be removed."""
    if not loc:
        return False
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    try:
        if isinstance(parent, list) and isinstance(last, int):
            parent[last] = {}
        else:
            del parent[last]
        return True
    except (KeyError, IndexError, TypeError):
        return False


def unreadable(errors: list[ClaimError], prefix: str, lang: str) -> list[Problem]:
    """``lenient``'s errors as problems on ``prefix``'s fields (``details.date_of_birth``)."""
    return [Problem(field=f"{prefix}.{e.field}" if e.field else prefix, code=e.code,
                    severity="error", message=e.localized(lang).message, params=e.params)
            for e in errors]


def worded(finding: Finding, lang: str) -> Problem:
    return Problem(
        field=finding.field, code=finding.code, severity=finding.severity,
        reference=finding.reference,
        message=i18n.text(_SHARED_TEXT.get(finding.code, f"kit.problem.{finding.code}"), lang,
                          **finding.params),
        params={k: i18n.neutral(v) for k, v in finding.params.items()})


def problems(errors: list[ClaimError], prefix: str, findings: list[Finding],
             lang: str) -> list[Problem]:
    """The unreadable fields first, then the findings, without "missing" for an entry already
    reported as unreadable."""
    found = unreadable(errors, prefix, lang)
    bad = {problem.field for problem in found}
    return found + [worded(f, lang) for f in findings
                    if not (f.severity == "missing" and f.field in bad)]
