"""Rules that relate several fields of a claim, each reported on the field it concerns."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from calc.errors import ClaimError, InvalidClaim, from_validation_error
from calc.i18n import Term
from calc.models import Claim
from calc.months import YearMonth


def parse_claim(data: Claim | dict[str, Any] | str | bytes) -> Claim:
    """Validate a claim given as a model, a dict or JSON text; raise ``InvalidClaim``."""
    if isinstance(data, Claim):
        claim = data
    else:
        try:
            if isinstance(data, (str, bytes)):
                claim = Claim.model_validate_json(data)
            else:
                claim = Claim.model_validate(data)
        except ValidationError as error:
            raise from_validation_error(error) from None
    if problems := cross_field_problems(claim):
        raise InvalidClaim(problems)
    return claim


def cross_field_problems(claim: Claim) -> list[ClaimError]:
    problems: list[ClaimError] = []
    claim_month = YearMonth.of(claim.claim_date)
    periods = [("national_pension", i, p) for i, p in enumerate(claim.national_pension)] + [
        ("employees_pension", i, p) for i, p in enumerate(claim.employees_pension)
    ]

    for scheme, i, period in periods:
        if period.to >= claim_month:
            problems.append(ClaimError.of(
                f"{scheme}.{i}.to", "month_not_before_claim",
                to=period.to, last=claim_month - 1, claim_month=claim_month,
            ))

    # Overlaps: a month is either Category-1 National Pension or Employees' Pension, never
    # both, and never in two periods of the same scheme.
    ordered = sorted(periods, key=lambda item: (item[2].from_, item[0], item[1]))
    reach: tuple[str, int, Any] | None = None  # the period reaching furthest so far
    for scheme_b, i_b, b in ordered:
        if reach is not None and b.from_ <= reach[2].to:
            scheme_a, i_a, a = reach
            problems.append(ClaimError.of(
                f"{scheme_b}.{i_b}.from", "period_overlap",
                other=Term(f"scheme.{scheme_a}"), start=a.from_, end=a.to,
                other_field=f"{scheme_a}.{i_a}",
            ))
        if reach is None or b.to > reach[2].to:
            reach = (scheme_b, i_b, b)

    covered = [(period.from_.index, period.to.index) for period in claim.employees_pension]
    for i, bonus in enumerate(claim.bonuses):
        month = bonus.month.index
        if not any(first <= month <= last for first, last in covered):
            problems.append(ClaimError.of(f"bonuses.{i}.month", "bonus_outside_coverage",
                                          month=bonus.month))
    return problems
