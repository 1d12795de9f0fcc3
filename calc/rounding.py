"""Exact arithmetic helpers: money is ``int`` yen, intermediate values are ``Fraction``.

Binary floats never appear: 383,333.33… × 3.3 must give exactly 1,265,000. Where a value is a
known ratio of two integers, it may be kept as that pair (``numerator, denominator``) and
rounded here without building a ``Fraction``: the same exact value, without reducing it to
lowest terms at every step.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import cache

Number = int | Fraction | Decimal


def exact(value: Number) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


@cache
def ratio(value: Decimal) -> tuple[int, int]:
    """A decimal as an exact integer ratio in lowest terms: ``Decimal("1.3")`` → ``(13, 10)``.

    Cached: the decimals are the few rates of the parameter files, asked for on every claim.
    """
    exact_value = Fraction(value)
    return exact_value.numerator, exact_value.denominator


def round_half_up_ratio(numerator: int, denominator: int) -> int:
    """``round_half_up(numerator / denominator)`` in integer arithmetic (``denominator > 0``).

    ⌊|n|/d + ½⌋ = ⌊(2|n| + d) / 2d⌋, so no fraction is ever built.
    """
    sign = -1 if numerator < 0 else 1
    return sign * ((2 * abs(numerator) + denominator) // (2 * denominator))


def round_half_up(value: Number) -> int:
    """Round to the nearest integer, halves away from zero (四捨五入; EPI Act 35条 for yen)."""
    if isinstance(value, int):
        return value
    value = exact(value)
    return round_half_up_ratio(value.numerator, value.denominator)


def round_half_up_tenth(value: Number) -> Decimal:
    """Round to one decimal place, halves up: the statutory rounding of the payment rate."""
    return tenths_decimal(round_half_up(exact(value) * 10))


def tenths_decimal(tenths: int) -> Decimal:
    """A count of tenths as a decimal that keeps its one decimal place: 10 → 1.0, not 1."""
    return Decimal(tenths).scaleb(-1)


def floor_to(value: Number, unit: int) -> int:
    """Truncate down to a multiple of ``unit`` (1 for whole yen, 1,000 for taxable income)."""
    return int(exact(value) // unit) * unit


def decimal_text(value: Number, places: int = 4) -> str:
    """Decimal text of an exact number: exact when it terminates within ``places`` digits,
    otherwise rounded half up to ``places`` digits (e.g. ``1150000/3`` → ``383333.3333``)."""
    if isinstance(value, int):
        return str(int(value))  # a whole number is its own digits (and never "1E+5")
    value = exact(value)
    return ratio_text(value.numerator, value.denominator, places)


def ratio_text(numerator: int, denominator: int, places: int = 4) -> str:
    """``decimal_text(numerator / denominator)`` (``denominator > 0``) without a fraction."""
    if denominator == 1:
        return str(numerator)
    scaled, remainder = divmod(numerator * 10**places, denominator)
    if remainder == 0:
        text = str(Decimal(scaled).scaleb(-places).normalize())
    else:
        text = str(Decimal(round_half_up_ratio(numerator * 10**places, denominator))
                   .scaleb(-places))
    if "E" in text:  # normalize() gives 1E+5 for 100000
        text = format(Decimal(text), "f")
    return text
