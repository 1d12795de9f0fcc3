"""The ordered computation log returned beside every amount.

Each step names the rule it applied, the formula, the values it used and the legal reference,
so the web page and the CLI can show *why* a figure is what it is without recomputing it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Section = Literal["eligibility", "national_pension", "employees_pension", "tax", "decision"]


class Step(BaseModel):
    model_config = ConfigDict(frozen=True)

    section: Section
    code: str = Field(description="Stable identifier of the rule, used for translations.")
    label: str = Field(description="What this step does, in plain English.")
    formula: str = Field(default="", description="The formula applied, with symbols.")
    values: dict[str, str] = Field(default_factory=dict, description="Inputs of the formula.")
    result: str = Field(default="", description="What the step produced.")
    reference: str = Field(default="", description="Law article and/or source URL.")


class Trace:
    """Collects steps in order while the engine runs."""

    def __init__(self) -> None:
        self.steps: list[Step] = []

    def add(
        self,
        section: Section,
        code: str,
        label: str,
        *,
        formula: str = "",
        values: dict[str, object] | None = None,
        result: object = "",
        reference: str = "",
    ) -> None:
        self.steps.append(
            Step(
                section=section,
                code=code,
                label=label,
                formula=formula,
                values={key: str(val) for key, val in (values or {}).items()},
                result=str(result),
                reference=reference,
            )
        )
