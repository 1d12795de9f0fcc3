"""Exact arithmetic helpers: money is ``int`` yen, intermediate values are ``Fraction``.

Binary floats never appear: 383,333.33… × 3.3 must give exactly 1,265,000.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

Number = int | Fraction | Decimal


def exact(value: Number) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(value)


def round_half_up(value: Number) -> int:
    """Round to the nearest integer, halves away from zero (四捨五入; EPI Act 35条 for yen)."""
    value = exact(value)
    sign = -1 if value < 0 else 1
    return sign * int((abs(value) + Fraction(1, 2)) // 1)


def round_half_up_tenth(value: Number) -> Decimal:
    """Round to one decimal place, halves up: the statutory rounding of the payment rate."""
    tenths = round_half_up(exact(value) * 10)
    return Decimal(tenths).scaleb(-1)  # keeps one decimal place: 1.0, not 1


def floor_to(value: Number, unit: int) -> int:
    """Truncate down to a multiple of ``unit`` (1 for whole yen, 1,000 for taxable income)."""
    return int(exact(value) // unit) * unit


def decimal_text(value: Number, places: int = 4) -> str:
    """Decimal text of an exact number: exact when it terminates within ``places`` digits,
    otherwise rounded half up to ``places`` digits (e.g. ``1150000/3`` → ``383333.3333``)."""
    value = exact(value)
    scaled = value * 10**places
    if scaled.denominator == 1:
        text = str(Decimal(scaled.numerator).scaleb(-places).normalize())
    else:
        text = str(Decimal(round_half_up(scaled)).scaleb(-places))
    if "E" in text:  # normalize() gives 1E+5 for 100000
        text = format(Decimal(text), "f")
    return text
