"""The public JSON contract: ``Claim`` in, ``Estimate`` out.

Field names carry their unit (``…_yen`` is implied for every money field: all money is integer
yen). Single-field rules (formats, ranges, allowed values) live here; rules that relate several
fields (overlapping periods, months after the claim, bonuses outside coverage) are checked in
``calc.validation`` so that each error can name the exact field it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from calc import i18n
from calc.months import YearMonth
from calc.trace import Step
from calc.versions import Versions

NationalPensionStatus = Literal[
    "paid",
    "quarter_exempt",
    "half_exempt",
    "three_quarter_exempt",
    "exempt",
    "student_deferral",
    "unpaid",
]

#: Bounds that catch typing mistakes (an extra zero) without rejecting any real salary.
MAX_STANDARD_MONTHLY_REMUNERATION = 2_000_000
MAX_MONTHLY_SALARY = 100_000_000
MAX_BONUS = 1_000_000_000
MAX_PERIODS = 600
MAX_BONUSES = 1_200

MAX_YEN = 10_000_000_000

Yen = Annotated[int, Field(ge=0, le=MAX_YEN)]

#: (least, most) of each whole-number field, by name, for numbers too long to parse at all.
INT_BOUNDS = {
    "standard_monthly_remuneration": (1, MAX_STANDARD_MONTHLY_REMUNERATION),
    "monthly_salary": (0, MAX_MONTHLY_SALARY),
    "amount": (0, MAX_BONUS),
    "other_retirement_income_same_year": (0, MAX_YEN),
}


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class NationalPensionPeriod(_Input):
    """Months as a Category-1 National Pension member (国民年金第1号被保険者), ends included."""

    from_: YearMonth = Field(alias="from", description="First month, YYYY-MM.")
    to: YearMonth = Field(description="Last month, YYYY-MM (inclusive).")
    status: NationalPensionStatus = Field(
        description="Payment status of these months: paid; quarter_exempt (1/4 exempt, "
        "3/4 paid); half_exempt; three_quarter_exempt (1/4 paid); exempt (full exemption); "
        "student_deferral (学生納付特例) ; unpaid."
    )
    already_paid_out: bool = Field(
        default=False,
        description="True for months already paid out by an earlier lump sum (they no longer "
        "count for anything).",
    )

    @model_validator(mode="after")
    def _ordered(self) -> NationalPensionPeriod:
        _check_order(self.from_, self.to)
        return self


class EmployeesPensionPeriod(_Input):
    """Months insured under the Employees' Pension (厚生年金保険), both ends included."""

    from_: YearMonth = Field(alias="from", description="First month, YYYY-MM.")
    to: YearMonth = Field(description="Last month, YYYY-MM (inclusive).")
    standard_monthly_remuneration: int | None = Field(
        default=None,
        ge=1,
        le=MAX_STANDARD_MONTHLY_REMUNERATION,
        description="標準報酬月額 in yen, as shown on ねんきん定期便 / ねんきんネット.",
    )
    monthly_salary: int | None = Field(
        default=None,
        ge=0,
        le=MAX_MONTHLY_SALARY,
        description="Monthly pay (報酬月額) in yen incl. allowances and overtime; mapped to the "
        "standard monthly remuneration grade in force in each month.",
    )
    already_paid_out: bool = Field(
        default=False,
        description="True for months already paid out by an earlier lump sum (they no longer "
        "count for anything).",
    )

    @model_validator(mode="after")
    def _one_amount(self) -> EmployeesPensionPeriod:
        _check_order(self.from_, self.to)
        given = (self.standard_monthly_remuneration is not None) + (self.monthly_salary is not None)
        if given != 1:
            raise PydanticCustomError(
                "remuneration_choice",
                "Give either the standard monthly remuneration or the monthly salary "
                "(exactly one of them).",
            )
        return self


class Bonus(_Input):
    """A bonus (賞与) paid in a month of Employees' Pension coverage."""

    month: YearMonth = Field(description="Month the bonus was paid, YYYY-MM.")
    amount: int = Field(ge=0, le=MAX_BONUS, description="Bonus before tax, yen.")


def _check_order(start: YearMonth, end: YearMonth) -> None:
    if end < start:
        raise PydanticCustomError(
            "period_order",
            "The last month ({to}) is before the first month ({start}).",
            {"to": str(end), "start": str(start)},
        )


def _today() -> date:
    return date.today()


class Claim(_Input):
    """Everything the calculator needs to know about one person's claim."""

    claim_date: date = Field(
        default_factory=_today,
        description="Date the claim reaches the Japan Pension Service (default: today). "
        "Everything is computed as of this date.",
    )
    nationality: str = Field(
        description="Nationality as an ISO 3166-1 alpha-2 code (e.g. VN). Japanese nationals "
        "cannot claim.",
        examples=["VN"],
    )
    left_japan_on: date | None = Field(
        default=None,
        description="Date you left Japan / moved out (転出日). The claim is accepted only once "
        "you no longer have an address in Japan, and within 2 years of that.",
    )
    national_pension: list[NationalPensionPeriod] = Field(
        default_factory=list, max_length=MAX_PERIODS
    )
    employees_pension: list[EmployeesPensionPeriod] = Field(
        default_factory=list, max_length=MAX_PERIODS
    )
    bonuses: list[Bonus] = Field(default_factory=list, max_length=MAX_BONUSES)
    ever_entitled_to_pension: bool = Field(
        default=False,
        description="Have you ever been entitled to a Japanese pension (e.g. a disability "
        "pension)? Then no lump sum is paid.",
    )
    permanent_resident: bool = Field(
        default=False,
        description="Permanent residents may already meet the 10-year period through "
        "合算対象期間 (periods abroad), which bars the lump sum.",
    )
    other_retirement_income_same_year: Yen = Field(
        default=0,
        description="Other retirement allowances received in the same year (affects the tax "
        "refund estimate).",
    )
    reentry_permit_until: date | None = Field(
        default=None,
        description="If you left Japan with a re-entry permit (再入国許可) or a special re-entry "
        "permit (みなし再入国許可), the last day it is valid.",
    )
    moved_out_notice_filed: bool = Field(
        default=True,
        description="Did you file a moving-out notice (転出届) at your city office before "
        "leaving?",
    )
    what_if_96_month_cap: bool = Field(
        default=False,
        description="What if the announced 8-year (96-month) cap applied? Not in force: an "
        "illustration only.",
    )

    @field_validator("nationality", mode="before")
    @classmethod
    def _nationality(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        code = value.strip().upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            raise PydanticCustomError(
                "nationality_format",
                "Choose your nationality (a two-letter country code such as VN).",
            )
        if code == "JP":
            raise PydanticCustomError(
                "japanese_national",
                "Japanese nationals cannot receive the Lump-sum Withdrawal Payment.",
            )
        return code

    @field_validator("claim_date")
    @classmethod
    def _claim_date_range(cls, value: date) -> date:
        if not date(1995, 4, 1) <= value <= date(2100, 12, 31):
            raise PydanticCustomError(
                "claim_date_range",
                "The claim date must be between 1995-04-01 (when the payment began) and 2100.",
            )
        return value

    @field_validator("left_japan_on", "reentry_permit_until")
    @classmethod
    def _date_range(cls, value: date | None) -> date | None:
        if value is not None and not date(1942, 1, 1) <= value <= date(2100, 12, 31):
            raise PydanticCustomError(
                "date_range", "Enter a date between 1942 and 2100."
            )
        return value


# --- output ----------------------------------------------------------------------------------


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True)


class Reason(_Output):
    """Why something is not payable: a stable code, its values, and the text in a language."""

    code: str
    message: str
    params: dict[str, str] = Field(default_factory=dict)


class Warning(_Output):
    code: str
    message: str
    reference: str = ""
    params: dict[str, str] = Field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    """What the engine records before a language is chosen: a catalogue key and raw values."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    reference: str = ""
    key: str = ""  # catalogue key when it differs from the code (a variant of the message)

    def text(self, group: str, lang: str) -> str:
        return i18n.text(f"{group}.{self.key or self.code}", lang, **self.params)

    def reason(self, lang: str, group: str = "reason") -> Reason:
        return Reason(code=self.code, message=self.text(group, lang),
                      params={k: i18n.neutral(v) for k, v in self.params.items()})

    def warning(self, lang: str) -> Warning:
        return Warning(code=self.code, message=self.text("warning", lang),
                       reference=self.reference,
                       params={k: i18n.neutral(v) for k, v in self.params.items()})


class RefundRange(_Output):
    low: int = Field(description="Smallest estimated refund, yen.")
    high: int = Field(description="Largest estimated refund, yen.")


class NationalPensionResult(_Output):
    payable: bool
    counted_months: str = Field(description="Weighted Category-1 months (exact decimal).")
    qualifying_months: int = Field(description="Months that count toward the 10-year period.")
    multiplier: int | None
    cap: int | None
    reference_month: YearMonth | None = Field(description="基準月: last month with a premium paid.")
    monthly_premium: int | None
    amount_if_eligible: int = Field(description="Amount if every general condition is met.")
    amount: int = Field(description="Amount paid on this claim (0 when not payable).")
    months_above_cap: str = Field(description="Weighted months beyond the cap, not paid for.")
    reasons: list[Reason]


class EmployeesPensionResult(_Output):
    payable: bool
    insured_months: int
    final_month: YearMonth | None = Field(description="最終月: last insured month.")
    average_standard_remuneration: str | None = Field(
        description="平均標準報酬額 as a decimal (4 places when it does not terminate)."
    )
    average_standard_remuneration_fraction: str | None = Field(
        description="The same, as an exact fraction."
    )
    contribution_rate: str | None = Field(description="e.g. \"0.183\"")
    contribution_rate_month: YearMonth | None = Field(description="October whose rate is used.")
    multiplier: int | None
    cap: int | None
    payment_rate: str | None = Field(description="支給率, e.g. \"5.5\"")
    amount_if_eligible: int
    amount: int
    withholding_rate: str | None
    withholding_tax: int
    amount_after_withholding: int
    tax_refund: RefundRange
    months_above_cap: int
    reasons: list[Reason]


class PensionAlternative(_Output):
    """The old-age pension these months would give once the qualifying period is met."""

    covered_months: int = Field(description="Months that count toward the 10-year period.")
    qualifying_months: int = Field(description="Months needed for an old-age pension.")
    months_to_qualify: int = Field(description="Covered months still missing (0: qualified).")
    basic_pension_months: str = Field(description="Months counted for the basic pension.")
    basic_pension_yearly: int
    earnings_related_yearly: int
    yearly_total: int
    from_age: int
    years_to_exceed_lump_sum: int | None = Field(
        description="Years of pension it takes to pass the lump sum received now.")


class Decision(_Output):
    """"Should I claim now?": the lump sum beside what claiming gives up."""

    lump_sum_now: int = Field(description="Received now plus the smallest tax refund.")
    lump_sum_if_96_month_cap: int | None = Field(
        description="The same under the announced 8-year cap (not in force), when it differs.")
    months_forfeited_national_pension: str
    months_forfeited_employees_pension: int
    pension: PensionAlternative
    totalization_country: str | None
    assumptions: list[Reason]


class Estimate(_Output):
    claim_date: date
    eligible: bool = Field(description="All general conditions met and at least one scheme pays.")
    reasons: list[Reason] = Field(description="Why the claim cannot be paid now, if so.")
    claim_deadline: date | None = Field(description="Last day the claim can reach JPS.")
    national_pension: NationalPensionResult
    employees_pension: EmployeesPensionResult
    total_before_tax: int
    total_received: int = Field(description="NP amount + EPI amount after withholding.")
    total_with_refund: RefundRange
    warnings: list[Warning]
    steps: list[Step]
    decision: Decision | None = Field(
        description="Lump sum now versus the old-age pension it gives up (None before the "
        "pension data starts).")
    parameters_last_verified: date
    what_if_96_month_cap: bool
    versions: Versions = Field(description="The calculator and the data that produced this.")
