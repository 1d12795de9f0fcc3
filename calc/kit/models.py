"""The kit's answer: the claim form checked and written out, the attachments, the dated plan."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from calc.kit.procedure import Confidence

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


class Kit(_Output):
    """``calc.kit()``'s answer."""

    form: FormCheck
    plan: list[PlanStep]
    attachments: list[Attachment]
    send_to: SendTo
    estimate: EstimateSummary
    procedure_last_verified: dt.date
    version: str
