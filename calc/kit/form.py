"""The claim form (脱退一時金請求書, edition of 2025-02-03) checked entry by entry, and written out.

Each rule cites its basis (``../shared/domain/claim-kit.md`` §1.3–§1.5): JPS's FAQ 2021040103
and its 2025-02-03 announcement for items 4 and 5, older editions and agency overlays for the
rest. A finding is an ``error`` (the form would come back, or the money could not be sent), a
``missing`` entry, or a ``warning`` (allowed, but check it). The entries are returned as they
must be written (``FormValues``), so the claim sheet is printed from the same checks.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stdnum import bic, iban
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from calc.kit import japan
from calc.kit.countries import code_of, form_name
from calc.kit.details import ClaimantDetails, HistoryRow
from calc.kit.latin import is_katakana, to_form, words
from calc.kit.models import (
    AddressValues,
    BankValues,
    FormValues,
    HistoryValues,
    Severity,
)
from calc.kit.problems import Finding
from calc.kit.procedure import Procedure
from calc.models import Claim
from calc.months import YearMonth

FAQ_FORM = "https://www.nenkin.go.jp/faq/jukyu/seido/sonota-kyufu/dattai-ichiji/2021040103.html"
ANNOUNCEMENT = "https://kkpartners.jp/oshirase/37307"
FAQ_ARRIVAL = "https://www.nenkin.go.jp/faq/jukyu/sonota-kyufu/dattai-ichiji/2020042808.html"
PENSION_NUMBER = "https://www.nenkin.go.jp/service/jukyu/tetsuduki/sonota-kyufu/20140710.html"
JPS_FORM_COPY = "https://123deta.com/document/7qvnprdz-k-d-nenkin-datsuichi.html"
AGENCY_OVERLAY = "https://github.com/lekienptit-collab/nenkin-backend"
JAPANESE_ACCOUNT = "https://japan-pension-refund.com/?p=509"

SCHEME_NUMBERS = {"national_pension": 1, "employees_pension": 2, "seamens_insurance": 3,
                  "mutual_aid": 4}

_PENSION_NUMBER_SEPARATORS = re.compile(r"[\s\-‐－ー−]")


@dataclass
class _Check:
    """Collects findings while the values are written out."""

    findings: list[Finding] = dataclasses.field(default_factory=list)

    def add(self, path: str, code: str, severity: Severity, reference: str = "",
            **params: Any) -> None:
        self.findings.append(Finding(f"details.{path}", code, severity, reference, params))

    def missing(self, path: str, code: str = "missing", reference: str = "") -> None:
        self.add(path, code, "missing", reference)

    def latin(self, path: str, typed: str | None, *, required: bool = True,
              reference: str = FAQ_FORM) -> str:
        """``typed`` in Latin capitals; says what is missing or cannot be written so."""
        if not typed:
            if required:
                self.missing(path)
            return ""
        written = to_form(typed)
        if not written.ok:
            self.add(path, "latin_only", "error", reference, characters=written.not_latin)
        return written.text

    def country(self, path: str, typed: str | None) -> str | None:
        if not typed:
            self.missing(path)
            return None
        code = code_of(typed)
        if code is None:
            self.add(path, "country_code", "error", typed=typed)
        return code


def check(claim: Claim, details: ClaimantDetails, procedure: Procedure,
          deadline: date | None) -> tuple[list[Finding], FormValues]:
    """Every finding on the form, and its entries as they must be written."""
    c = _Check()
    resident_since = _item3(c, claim, details)
    name = c.latin("name", details.name)
    if details.date_of_birth is None:
        c.missing("date_of_birth")
    elif details.date_of_birth >= claim.claim_date:
        c.add("date_of_birth", "date_of_birth_future", "error")
    nationality = _nationality(c, claim, details)
    address = _address(c, details)
    bank = _bank(c, details, procedure, address.country_code)
    _holder(c, details)
    history = _history(c, claim, details, procedure)
    number = _pension_number(c, details.basic_pension_number)
    _dates(c, claim, details, procedure, deadline)
    values = FormValues(
        permanent_resident=claim.permanent_resident or resident_since is not None,
        permanent_resident_since=resident_since,
        name=name,
        date_of_birth=details.date_of_birth,
        nationality=form_name(nationality) if nationality else "",
        address=address.values,
        bank=bank,
        bank_certification=details.bank_certification,
        basic_pension_number=number,
        history=history,
        history_rows_on_form=procedure.history_rows.value,
    )
    return c.findings, values


def _item3(c: _Check, claim: Claim, details: ClaimantDetails) -> date | None:
    """Item 3, permanent residence: 合算対象期間 may give 10 years, and then no lump sum."""
    since = details.permanent_resident_since
    if claim.permanent_resident or since is not None:
        c.add("permanent_resident_since", "permanent_resident", "warning", JPS_FORM_COPY)
        if since is None:
            c.missing("permanent_resident_since")
    return since


def _nationality(c: _Check, claim: Claim, details: ClaimantDetails) -> str | None:
    if not details.nationality:
        return code_of(claim.nationality)
    code = code_of(details.nationality)
    if code is None:
        c.add("nationality", "country_code", "error", typed=details.nationality)
    elif code != claim.nationality:
        c.add("nationality", "nationality_differs", "error", calculator=claim.nationality)
    return code


@dataclass(frozen=True)
class _Address:
    values: AddressValues
    country_code: str | None


def _address(c: _Check, details: ClaimantDetails) -> _Address:
    """Item 4's address after leaving Japan, in its five parts; never an address in Japan."""
    typed = details.address
    parts = {"street": c.latin("address.street", typed.street),
             "city": c.latin("address.city", typed.city),
             "state": c.latin("address.state", typed.state, required=False),
             "postcode": c.latin("address.postcode", typed.postcode, required=False)}
    if not typed.postcode:
        c.add("address.postcode", "postcode_missing", "warning", FAQ_FORM)
    code = c.country("address.country", typed.country)
    if code == "JP":
        c.add("address.country", "japanese_address", "error", FAQ_FORM)
    for part in ("street", "city", "state", "postcode"):
        text = getattr(typed, part) or ""
        if not text:
            continue
        if part == "postcode" and japan.japanese_postcode(text):
            c.add("address.postcode", "japanese_postcode", "error", FAQ_FORM)
        elif prefecture := japan.prefecture_in(text):
            c.add(f"address.{part}", "japanese_prefecture", "error", FAQ_FORM,
                  prefecture=prefecture)
        elif japan.names_japan(text):
            c.add(f"address.{part}", "japanese_address", "error", FAQ_FORM)
    return _Address(AddressValues(**parts, country=form_name(code) if code else ""), code)


def _bank(c: _Check, details: ClaimantDetails, procedure: Procedure,
          home: str | None) -> BankValues:
    """Item 5: SWIFT(BIC), bank, branch, account or IBAN, holder (the claimant)."""
    typed = details.bank
    country = c.country("bank.branch_country", typed.branch_country)
    in_japan = country == "JP"
    swift = _swift(c, typed.swift, country, required=not in_japan)
    account = _iban(c, typed.iban, country, home, procedure, in_japan)
    if not account:
        account = c.latin("bank.account_number", typed.account_number, required=False)
        if not typed.account_number:
            c.missing("bank.account_number", "account_missing")
    elif typed.account_number:
        c.add("bank.account_number", "account_and_iban", "warning", ANNOUNCEMENT)
    katakana = ""
    if in_japan:
        c.add("bank.branch_country", "japanese_account", "warning", JAPANESE_ACCOUNT)
        if not typed.holder_katakana:
            c.missing("bank.holder_katakana", "katakana_missing")
        elif not is_katakana(typed.holder_katakana):
            c.add("bank.holder_katakana", "katakana_only", "error", AGENCY_OVERLAY)
        else:
            katakana = unicodedata.normalize("NFKC", typed.holder_katakana).strip()
    elif typed.holder_katakana:
        c.add("bank.holder_katakana", "katakana_not_needed", "warning", AGENCY_OVERLAY)
    return BankValues(
        swift=swift,
        name=c.latin("bank.name", typed.name),
        branch=c.latin("bank.branch", typed.branch),
        branch_address=c.latin("bank.branch_address", typed.branch_address),
        branch_city=c.latin("bank.branch_city", typed.branch_city),
        branch_country=form_name(country) if country else "",
        account=account,
        holder=c.latin("bank.holder", typed.holder),
        holder_katakana=katakana,
        in_japan=in_japan,
    )


def _swift(c: _Check, typed: str | None, country: str | None, *, required: bool) -> str:
    """ISO 9362 shape by python-stdnum; written as 11 characters, an 8-character code + XXX."""
    if not typed:
        if required:
            c.add("bank.swift", "swift_required", "missing", FAQ_FORM)
        return ""
    code = bic.compact(unicodedata.normalize("NFKC", typed))
    try:
        bic.validate(code)
    except InvalidLength:
        c.add("bank.swift", "swift_length", "error", ANNOUNCEMENT, length=len(code))
        return code
    except InvalidComponent:
        c.add("bank.swift", "swift_country_unknown", "error", ANNOUNCEMENT, letters=code[4:6])
        return code
    except ValidationError:
        c.add("bank.swift", "swift_format", "error", ANNOUNCEMENT)
        return code
    if country and code[4:6] != country:
        c.add("bank.swift", "swift_country_mismatch", "error", ANNOUNCEMENT,
              letters=code[4:6], country=country)
    return code.ljust(11, "X") if len(code) == 8 else code


def _iban(c: _Check, typed: str | None, country: str | None, home: str | None,
          procedure: Procedure, in_japan: bool) -> str:
    """IBAN checked wherever given (ISO 13616 mod 97, by python-stdnum); required where the
    claimant lives, or banks, in Europe or the Middle East, except for a bank in Japan."""
    region = set(procedure.iban_required.countries)
    if not typed:
        # an account can give an IBAN only where its bank's country uses them
        needs = bool(country) and not in_japan and _has_iban(country or "") and any(
            place in region for place in (country, home) if place)
        if needs:
            c.add("bank.iban", "iban_required", "missing", ANNOUNCEMENT)
        return ""
    number = iban.compact(unicodedata.normalize("NFKC", typed))
    if not _has_iban(number[:2]):
        c.add("bank.iban", "iban_country", "error", ANNOUNCEMENT, letters=number[:2])
        return iban.format(number)
    try:
        iban.validate(number)
    except InvalidChecksum:
        c.add("bank.iban", "iban_checksum", "error", ANNOUNCEMENT)
        return iban.format(number)
    except InvalidComponent:
        # the country's own check (Belgium: the bank code) found no such bank; its list may
        # be older than the bank
        c.add("bank.iban", "iban_bank_unknown", "warning", ANNOUNCEMENT)
    except ValidationError:
        c.add("bank.iban", "iban_format", "error", ANNOUNCEMENT)
        return iban.format(number)
    if country and number[:2] != country:
        c.add("bank.iban", "iban_country_mismatch", "error", ANNOUNCEMENT,
              letters=number[:2], country=country)
    return iban.format(number)


def _has_iban(country: str) -> bool:
    """Whether the country uses IBANs at all (python-stdnum's registry)."""
    return len(country) == 2 and country.isalpha() and \
        bool(iban._ibandb.info(country.upper() + "00")[0][1])


def _holder(c: _Check, details: ClaimantDetails) -> None:
    """The account must be the claimant's own (請求者本人の口座名義): same words as item 4."""
    holder, name = details.bank.holder, details.name
    if not holder or not name:
        return
    if words(holder) == words(name):
        return
    if sorted(words(holder)) == sorted(words(name)):
        c.add("bank.holder", "holder_order", "warning", ANNOUNCEMENT)
    else:
        c.add("bank.holder", "holder_not_claimant", "error", FAQ_FORM)


def _pension_number(c: _Check, typed: str | None) -> str:
    """Item 6: 基礎年金番号, ten digits written 4 + 6 (####-######)."""
    if not typed:
        c.missing("basic_pension_number", reference=PENSION_NUMBER)
        return ""
    digits = _PENSION_NUMBER_SEPARATORS.sub("", unicodedata.normalize("NFKC", typed))
    if not (len(digits) == 10 and digits.isascii() and digits.isdigit()):
        c.add("basic_pension_number", "pension_number_format", "error", AGENCY_OVERLAY)
        return digits
    return f"{digits[:4]}-{digits[4:]}"


def _history(c: _Check, claim: Claim, details: ClaimantDetails,
             procedure: Procedure) -> list[HistoryValues]:
    """Item 7: the person's rows, or rows derived from the calculator's periods."""
    rows = [_given_row(c, i, row) for i, row in enumerate(details.history)]
    if not rows:
        rows = derived_history(claim)
        if rows:
            c.add("history", "history_derived", "missing", AGENCY_OVERLAY)
    room = procedure.history_rows.value
    if len(rows) > room:
        c.add("history", "history_more_rows", "warning", procedure.history_rows.source,
              rows=len(rows), room=room)
    return rows


def _given_row(c: _Check, index: int, row: HistoryRow) -> HistoryValues:
    path = f"history.{index}"
    if not row.employer:
        c.missing(f"{path}.employer")
    if not row.from_:
        c.missing(f"{path}.from")
    if not row.to:
        c.missing(f"{path}.to")
    if row.from_ and row.to and row.to < row.from_:
        c.add(f"{path}.to", "history_order", "error")
    if row.scheme is None:
        c.missing(f"{path}.scheme")
    return HistoryValues.model_validate({
        "employer": row.employer or "", "employer_address": row.employer_address or "",
        "from": row.from_ or "", "to": row.to or "",
        "scheme": SCHEME_NUMBERS[row.scheme] if row.scheme else None})


def derived_history(claim: Claim) -> list[HistoryValues]:
    """One row per stretch of consecutive months of one scheme, oldest first."""
    spans: list[tuple[YearMonth, YearMonth, int]] = sorted(
        [(p.from_, p.to, 1) for p in claim.national_pension]
        + [(p.from_, p.to, 2) for p in claim.employees_pension])
    merged: list[list[Any]] = []
    for start, end, scheme in spans:
        if merged and merged[-1][2] == scheme and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, scheme])
    return [HistoryValues.model_validate({"from": str(start), "to": str(end), "scheme": scheme,
                                          "derived": True})
            for start, end, scheme in merged]


def moving_out_date(claim: Claim, details: ClaimantDetails) -> date | None:
    """転出(予定)日: the person's kit answer, else the calculator's date of leaving Japan."""
    return details.moving_out_date or claim.left_japan_on


def _dates(c: _Check, claim: Claim, details: ClaimantDetails, procedure: Procedure,
           deadline: date | None) -> None:
    """The claim must reach JPS on or after the moving-out date, and by the deadline."""
    moving_out = moving_out_date(claim, details)
    if moving_out is None:
        c.missing("moving_out_date")
    elif details.moving_out_date and claim.left_japan_on and \
            details.moving_out_date != claim.left_japan_on:
        c.add("moving_out_date", "moving_out_differs", "warning",
              calculator=claim.left_japan_on)
    posted = details.posting_date
    if posted is None:
        return
    fastest = timedelta(days=procedure.fastest_delivery_days.value)
    if moving_out and posted + fastest < moving_out:
        c.add("posting_date", "arrives_too_early", "warning", FAQ_ARRIVAL,
              arrival=posted + fastest, moving_out=moving_out)
    if deadline and posted > deadline:
        c.add("posting_date", "posting_after_deadline", "error", FAQ_ARRIVAL, deadline=deadline)
    slowest = timedelta(days=procedure.slowest_delivery_days.value)
    if claim.claim_date < posted + fastest:
        c.add("posting_date", "claim_date_before_posting", "warning",
              claim_date=claim.claim_date)
    elif claim.claim_date > posted + slowest:
        c.add("posting_date", "claim_date_after_posting", "warning",
              claim_date=claim.claim_date)
