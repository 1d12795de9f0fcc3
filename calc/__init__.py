"""Exact calculator for Japan's pension Lump-sum Withdrawal Payment (脱退一時金).

``estimate(claim)`` is the one entry point; ``Claim`` and ``Estimate`` are the public JSON
contract; every legal number comes from the dated parameter files in ``calc/parameters/data``.
"""

#: The package version (semantic versioning; the wheel reads it from here).
__version__ = "0.2.0"

from calc.engine import estimate
from calc.errors import ClaimError, InvalidClaim
from calc.models import Claim, Estimate
from calc.parameters import load_parameters

__all__ = ["Claim", "ClaimError", "Estimate", "InvalidClaim", "estimate", "load_parameters"]
