"""The kit's answer: the claim form checked and written out, the attachments, the dated plan."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from calc.kit.procedure import Confidence
from calc.versions import Versions

Severity = Literal["error", "missing", "warning"]
"""``error``: the form would be sent back (or the money not sent); ``missing``: a required
entry is still empty; ``warning``: allowed, but check it."""


class _Output(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class Problem(_Output):
    """One finding on the claim form, located by its path in the kit's JSON."""

    field: str = Field(description="Path such as details.bank.swift or details.history.0.to.")
    code: str
    severity: Severity
    message: str
    reference: str = ""
    params: dict[str, str] = Field(default_factory=dict)


class AddressValues(_Output):
    street: str = ""
    city: str = ""
    state: str = ""
    postcode: str = ""
    country: str = ""


class BankValues(_Output):
    swift: str = Field(default="", description="Exactly 11 characters (an 8-character code + XXX), "
                       "empty for a bank in Japan.")
    name: str = ""
    branch: str = ""
    branch_address: str = ""
    branch_city: str = ""
    branch_country: str = ""
    account: str = Field(default="", description="The IBAN where there is one, else the "
                         "account number.")
    holder: str = ""
    holder_katakana: str = ""
    in_japan: bool = False


class HistoryValues(_Output):
    employer: str = ""
    employer_address: str = ""
    from_: str = Field(default="", alias="from")
    to: str = ""
    scheme: int | None = Field(
        default=None, description="1 国民年金, 2 厚生年金保険, 3 船員保険, 4 共済組合.")
    derived: bool = Field(default=False, description="Taken from the calculator's periods.")


class FormValues(_Output):
    """The entries as they must be written on the form."""

    permanent_resident: bool = False
    permanent_resident_since: dt.date | None = None
    name: str = ""
    date_of_birth: dt.date | None = None
    nationality: str = ""
    address: AddressValues = Field(default_factory=AddressValues)
    bank: BankValues = Field(default_factory=BankValues)
    bank_certification: Literal["document", "stamp"] = "document"
    basic_pension_number: str = ""
    history: list[HistoryValues] = Field(default_factory=list)
    history_rows_on_form: int = 4


class FormCheck(_Output):
    ok: bool = Field(description="No error and nothing missing (warnings allowed).")
    problems: list[Problem]
    values: FormValues


class PlanStep(_Output):
    """One dated step: a day (``date``) or a window (``from``/``until``)."""

    code: str
    date: dt.date | None = None
    from_: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    title: str
    action: str
    reference: str
    confidence: Confidence
    estimate: bool = Field(default=False, description="The date is an estimate, not a rule.")


class Attachment(_Output):
    code: str
    title: str
    needed: bool
    why: str


class SendTo(_Output):
    japanese: str
    latin: list[str]
    phone_japan: str
    phone_abroad: str
    note: str
    reference: str


class EstimateSummary(_Output):
    """The calculator's figures the kit shows beside the form."""

    eligible: bool
    total_received: int
    tax_refund_low: int
    tax_refund_high: int
    claim_deadline: dt.date | None
    reasons: list[str]


# --- the second payment -------------------------------------------------------------------------


class SurtaxLine(_Output):
    code: str = Field(description="reconstruction (復興特別所得税) or defence (防衛特別所得税).")
    rate: str = Field(description="Percent, e.g. \"2.1\".")
    amount: int
    label: str


class OtherReading(_Output):
    """Another reading of the law, and the refund it gives."""

    code: str = Field(description="capped_years or surtaxes_together.")
    service_years: int
    refund: int
    reason: str


class ReturnLine(_Output):
    """One line of the return, by the label printed on it."""

    code: str
    japanese: str
    label: str
    amount: int
    sheet: str = Field(description="第一表, 第二表 or 第三表.")


class TaxReturn(_Output):
    """The refund return (退職所得の選択課税) for this person, line by line."""

    source: Literal["estimate", "notice"] = Field(
        description="Figures from the calculator's estimate, or from the payment notice.")
    gross: int
    other_income: int
    service_years: int
    short_service: bool
    deduction: int
    income: int
    taxable_income: int
    income_tax: int
    surtaxes: list[SurtaxLine]
    total_tax: int
    tax_on_other_income: int
    withheld: int
    refund: int
    tax_year: int
    file_from: dt.date
    file_until: dt.date
    other_readings: list[OtherReading]
    lines: list[ReturnLine]
    notes: list[str]


class NoticeLine(_Output):
    code: str
    amount: int | None
    text: str


class NoticeCheck(_Output):
    ok: bool
    problems: list[Problem]
    lines: list[NoticeLine]


class CostedOffer(_Output):
    label: str
    fee: int
    you_keep: int = Field(description="Of the refund, yen (negative: the fee is larger).")
    advance: int | None
    effective_annual_rate: str | None = Field(
        description="(refund ÷ advance)^(12 ÷ months early) − 1, e.g. \"0.562500\".")


class Offers(_Output):
    refund: int = Field(description="The refund the offers are compared on.")
    first_payment: int = Field(description="What the first payment brings, after withholding.")
    gross: int
    offers: list[CostedOffer]
    do_it_yourself: CostedOffer
    problems: list[Problem]


class Exchange(_Output):
    """Yen figures in the person's currency, at the rate they typed."""

    currency: str
    per_yen: str = Field(description="Units of the currency one yen buys, as typed.")
    figures: dict[str, str] = Field(description="Path of a yen figure → its amount in the "
                                    "currency, rounded to 2 decimals.")
    problems: list[Problem]


class LeftBehind(_Output):
    code: str
    title: str
    text: str


class Kit(_Output):
    """``calc.kit()``'s answer."""

    form: FormCheck
    plan: list[PlanStep]
    attachments: list[Attachment]
    send_to: SendTo
    estimate: EstimateSummary
    procedure_last_verified: dt.date
    versions: Versions
    tax_return: TaxReturn | None = Field(
        default=None, description="None when no Employees' Pension lump sum is paid.")
    notice: NoticeCheck | None = None
    offers: Offers | None = None
    exchange_rate: Exchange | None = None
    left_behind: list[LeftBehind] = Field(default_factory=list)
