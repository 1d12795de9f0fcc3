"""What an agency's offer for the second payment really costs, in yen and as a yearly rate.

Figures, not advice: each offer's fee and what the person keeps of the refund, beside doing it
with a friend as the tax agent (fee 0). Percentages are written as percents ("20" is 20%). A
share of an amount is truncated to the yen. An advance (part of the refund paid before it comes)
costs the part not paid; its effective annual rate is (refund ÷ advance)^(12 ÷ months early) − 1
(claim-kit.md §6.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

MAX_FEE = 100_000_000
MAX_OFFERS = 12

Percent = Field(default=None, ge=0, le=100)


class Offer(BaseModel):
    """One offer, as the person read it on an agency's page or contract."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    label: str | None = Field(default=None, max_length=80)
    fixed_fee: int | None = Field(default=None, ge=0, le=MAX_FEE)
    percent_of_refund: Decimal | None = Percent
    percent_of_total: Decimal | None = Field(
        default=None, ge=0, le=100, description="Of the first payment as received (after "
        "withholding) plus the refund.")
    percent_of_gross: Decimal | None = Field(
        default=None, ge=0, le=100, description="Of the Employees' Pension lump sum before "
        "withholding (some agencies' rule).")
    minimum_fee: int | None = Field(default=None, ge=0, le=MAX_FEE)
    maximum_fee: int | None = Field(default=None, ge=0, le=MAX_FEE)
    advance_percent: Decimal | None = Field(
        default=None, gt=0, le=100, description="Share of the refund paid in advance.")
    advance_months_early: int | None = Field(default=None, ge=1, le=120)


@dataclass(frozen=True)
class Costed:
    fee: int
    you_keep: int
    advance: int | None
    effective_annual_rate: str | None


def _share(amount: int, percent: Decimal | None) -> int:
    if not percent:
        return 0
    exact = Fraction(amount) * Fraction(percent) / 100
    return int(exact)  # truncated to the yen (amounts are never negative)


def yearly_rate(advance_percent: Decimal, months: int) -> str | None:
    """(refund ÷ advance)^(12 ÷ months) − 1, as a decimal fraction with 6 places
    ("0.562500": 56.25% a year). The advance's share is the offer's percentage (the ratio is
    the same for every refund: 80% gives 1.25), so the rate is exact where the power is
    whole."""
    if advance_percent <= 0:
        return None
    ratio = Fraction(100) / Fraction(advance_percent)
    power = Fraction(12, months)
    if power.denominator == 1:
        value = Decimal(ratio.numerator ** power.numerator) / Decimal(
            ratio.denominator ** power.numerator) - 1
    else:
        context = Context(prec=40)
        base = context.divide(Decimal(ratio.numerator), Decimal(ratio.denominator))
        value = context.power(base, context.divide(Decimal(12), Decimal(months))) - 1
    return str(value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_EVEN))


def cost(offer: Offer, *, refund: int, first_payment: int, gross: int) -> Costed:
    """The fee an offer takes and what the person keeps of the refund."""
    fee = (offer.fixed_fee or 0) + _share(refund, offer.percent_of_refund) \
        + _share(first_payment + refund, offer.percent_of_total) \
        + _share(gross, offer.percent_of_gross)
    if offer.minimum_fee is not None:
        fee = max(fee, offer.minimum_fee)
    if offer.maximum_fee is not None:
        fee = min(fee, offer.maximum_fee)
    advance = None
    rate = None
    if offer.advance_percent is not None:
        advance = _share(refund, offer.advance_percent)
        fee += refund - advance  # the part of the refund never paid out
        if offer.advance_months_early and refund > 0:
            rate = yearly_rate(offer.advance_percent, offer.advance_months_early)
    return Costed(fee=fee, you_keep=refund - fee, advance=advance, effective_annual_rate=rate)
