"""The ordered computation log returned beside every amount.

Each step names the rule it applied, the formula, the values it used and the legal reference,
so the web page and the CLI can show *why* a figure is what it is without recomputing it. The
engine records codes and raw values; ``Trace.render(lang)`` turns them into text in a language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from calc import i18n
from calc.parameters.schema import STATUSES, Status

Section = Literal["eligibility", "national_pension", "employees_pension", "tax", "decision"]


class Step(BaseModel):
    model_config = ConfigDict(frozen=True)

    section: Section
    code: str = Field(description="Stable identifier of the rule.")
    label: str = Field(description="What this step does, in the chosen language.")
    formula: str = Field(default="", description="The formula applied, with symbols.")
    values: dict[str, str] = Field(default_factory=dict, description="Inputs of the formula.")
    result: str = Field(default="", description="What the step produced.")
    reference: str = Field(default="", description="Law article and/or source URL.")
    status: Status = Field(
        default="confirmed",
        description="The least sure status among the parameter values this step used "
        "(confirmed, enacted, secondary, announced, pending).")
    interpretations: list[str] = Field(
        default_factory=list,
        description="Readings of the law this step relies on (ids of interpretations.toml).")


#: A value of a step: (catalogue key under ``value.``, the value, parameters of the key).
StepValue = tuple[str, Any] | tuple[str, Any, dict[str, Any]]


@dataclass
class RawStep:
    section: Section
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    values: list[StepValue] = field(default_factory=list)
    result: Any = ""
    result_key: str = ""
    formula_key: str = "formula"
    reference: str = ""
    label_key: str = "label"
    interpretations: tuple[str, ...] = ()

    @property
    def status(self) -> Status:
        """The least sure status of the values cited by the step's reference."""
        found = [value.status for value in getattr(self.reference, "cites", ())]
        return max(found, key=STATUSES.index, default="confirmed")

    def render(self, lang: str) -> Step:
        formula_key = f"step.{self.code}.{self.formula_key}"
        values = {}
        for item in self.values:
            key, value = item[0], item[1]
            key_params = item[2] if len(item) == 3 else {}  # type: ignore[misc]
            values[i18n.text(f"value.{key}", lang, **key_params)] = i18n.format_value(value,
                                                                                       lang)
        if self.result_key:
            result = i18n.text(self.result_key, lang, value=self.result, **self.params)
        else:
            result = i18n.format_value(self.result, lang)
        return Step(
            section=self.section,
            code=self.code,
            label=i18n.text(f"step.{self.code}.{self.label_key}", lang, **self.params),
            formula=i18n.text(formula_key, lang, **self.params) if i18n.has(formula_key)
            else "",
            values=values,
            result=result,
            reference=str(self.reference),
            status=self.status,
            interpretations=list(self.interpretations),
        )


class Trace:
    """Collects steps in order while the engine runs."""

    #: False for NullTrace: callers skip building values that only a step would show.
    enabled = True

    def __init__(self) -> None:
        self.steps: list[RawStep] = []

    def add(
        self,
        section: Section,
        code: str,
        *,
        params: dict[str, Any] | None = None,
        values: list[StepValue] | None = None,
        result: Any = "",
        result_key: str = "",
        formula_key: str = "formula",
        reference: str = "",
        label_key: str = "label",
        interpretations: tuple[str, ...] = (),
    ) -> None:
        self.steps.append(RawStep(section, code, params or {}, values or [], result, result_key,
                                  formula_key, reference, label_key, interpretations))

    def render(self, lang: str) -> list[Step]:
        return [step.render(lang) for step in self.steps]


class NullTrace(Trace):
    """For bulk runs that only need the figures: records nothing, costs nothing."""

    enabled = False

    def add(self, *args: Any, **kwargs: Any) -> None:
        pass
