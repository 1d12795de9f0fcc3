"""``ClaimantDetails``: what the claim form asks beyond the calculator's answers.

Every field is optional: the kit checks what is there and says what is still missing, so a
half-filled form is a normal state, not an error. Text fields take what people type (any
script, any case); the form check says how each must be written. The names follow the official
claim form (脱退一時金請求書, edition of 2025-02-03), item by item.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

#: Long enough for any real entry, short enough to stop a pasted document.
MAX_TEXT = 200
MAX_HISTORY = 40

Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]


def _optional(description: str) -> Any:
    """An optional entry of the form (empty until the person types it)."""
    return Field(default=None, description=description)

Scheme = Literal["national_pension", "employees_pension", "seamens_insurance", "mutual_aid"]
"""Column (4) of item 7: 1 国民年金, 2 厚生年金保険, 3 船員保険, 4 共済組合."""

_DAY_OR_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def _day_or_month(value: object) -> object:
    """``YYYY-MM`` or ``YYYY-MM-DD``, a real month or day (history rows are often known only
    to the month)."""
    if value is None or not isinstance(value, str):
        return value
    text = value.strip()
    match = _DAY_OR_MONTH.match(text)
    try:
        if not match:
            raise ValueError
        date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        raise PydanticCustomError(
            "day_or_month", "Enter a month as YYYY-MM or a date as YYYY-MM-DD.") from None
    return text


class _Details(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True,
                              str_strip_whitespace=True)


class Address(_Details):
    """Item 4: the address after leaving Japan, in the five parts the form has."""

    street: Text | None = _optional("番地、通り、部屋番号、その他: house number, street, "
                                    "apartment and anything else.")
    city: Text | None = _optional("都市: city.")
    state: Text | None = _optional("州/省: state or province; empty where the country has none.")
    postcode: Text | None = _optional("郵便番号: postcode, as the country uses it.")
    country: Text | None = _optional("国: country, ISO 3166-1 alpha-2 code (VN).")


class Bank(_Details):
    """Item 5: the account the lump sum is paid into, which must be the claimant's own."""

    swift: Text | None = _optional("SWIFT(BIC) code, 8 or 11 characters; not needed for a bank in "
                                   "Japan.")
    name: Text | None = _optional("銀行名: bank name.")
    branch: Text | None = _optional("支店名: branch name.")
    branch_address: Text | None = _optional("支店の所在地: the branch's address.")
    branch_city: Text | None = _optional("都市: the branch's city.")
    branch_country: Text | None = _optional("国: the branch's country, ISO code.")
    account_number: Text | None = _optional("口座番号: account number.")
    iban: Text | None = _optional("IBANコード: required in Europe and the Middle East.")
    holder: Text | None = _optional("請求者本人の口座名義: account holder, the claimant.")
    holder_katakana: Text | None = _optional("The holder's name in katakana, for an account at a "
                                             "bank in Japan only.")


class HistoryRow(_Details):
    """Item 7: one row of the pension coverage history."""

    employer: Text | None = _optional("(1) 事業所の名称: employer, or the city office for National "
                                      "Pension.")
    employer_address: Text | None = _optional("(2) 事業所の所在地.")
    from_: str | None = Field(default=None, alias="from",
                              description="(3) 勤務期間: first month or day.")
    to: str | None = Field(default=None, description="(3) 勤務期間: last month or day.")
    scheme: Scheme | None = Field(default=None, description="(4) 年金制度の種類.")

    _period = field_validator("from_", "to", mode="before")(_day_or_month)


class DefinedContribution(_Details):
    """A company DC (企業型確定拠出年金) or iDeCo account: a separate lump sum, not paid by JPS."""

    company: bool = Field(default=False, description="Had a company DC plan (企業型DC).")
    ideco: bool = Field(default=False, description="Had an iDeCo account (個人型DC).")
    left_plan_on: date | None = _optional("Day membership was lost (usually the day after leaving "
                                          "the employer).")

    @field_validator("left_plan_on")
    @classmethod
    def _plausible(cls, value: date | None) -> date | None:
        return _in_range(value)


class ClaimantDetails(_Details):
    """The claimant's details for the claim form, all optional."""

    name: Text | None = _optional("Item 4: name as in the passport.")
    date_of_birth: date | None = Field(default=None, description="Item 4: date of birth.")
    nationality: Text | None = _optional("Item 4: nationality, ISO code; the calculator's answer "
                                         "when empty.")
    address: Address = Field(default_factory=Address)
    bank: Bank = Field(default_factory=Bank)
    bank_certification: Literal["document", "stamp"] = Field(
        default="document", description="How the account is proven: a bank document attached "
        "(passbook copy, bank certificate) or the bank's stamp on the form.")
    basic_pension_number: Text | None = _optional("Item 6: 基礎年金番号, 10 digits.")
    permanent_resident_since: date | None = Field(default=None, description="Item 3: day permanent "
                                                  "residence was granted, if ever.")
    history: list[HistoryRow] = Field(default_factory=list, max_length=MAX_HISTORY,
                                      description="Item 7; derived from the calculator's "
                                      "periods when empty.")
    moving_out_date: date | None = Field(default=None, description="転出(予定)日; the calculator's "
                                         "date you left Japan when empty.")
    posting_date: date | None = Field(default=None, description="Day you plan to post the claim.")
    proxy: bool = Field(default=False, description="Someone files the claim for you (委任状).")
    defined_contribution: DefinedContribution = Field(default_factory=DefinedContribution)

    @field_validator("date_of_birth", "permanent_resident_since", "moving_out_date",
                     "posting_date")
    @classmethod
    def _plausible(cls, value: date | None) -> date | None:
        return _in_range(value)


def _in_range(value: date | None) -> date | None:
    if value is not None and not date(1900, 1, 1) <= value <= date(2100, 12, 31):
        raise PydanticCustomError("details_date_range", "Enter a date between 1900 and 2100.")
    return value
