"""Which calculator and which rules produced a result.

Every output (an estimate, a kit, a batch row, a printed page) carries the package version and
the data's version, so that an agency can tell which rules produced last month's batch and a
reader can match a printout with the sources page of the same release.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from calc import __version__
from calc.parameters import data_fingerprint


class Versions(BaseModel):
    model_config = ConfigDict(frozen=True)

    calculator: str = Field(description="Version of the lumpsum-calc package (semantic).")
    data: str = Field(description="Version of the legal data: newest check date + hash, "
                      "e.g. \"2026-12-01+1a2b3c4d\".")
    data_last_verified: date = Field(description="Newest date any parameter was checked.")
    data_hash: str = Field(description="First 8 hex digits of the SHA-256 of the data files.")


@cache
def versions() -> Versions:
    newest, digest = data_fingerprint()
    return Versions(calculator=__version__, data=f"{newest.isoformat()}+{digest}",
                    data_last_verified=newest, data_hash=digest)
