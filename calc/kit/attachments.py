"""The papers sent with the claim, ticked for this person (JPS procedure page, 2022-04-01;
Sagamihara City FAQ; claim-kit.md §2.1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from calc.kit.details import ClaimantDetails
from calc.models import Claim

JPS_PROCEDURE = "https://www.nenkin.go.jp/service/jukyu/tetsuduki/sonota-kyufu/20140710.html"


@dataclass(frozen=True)
class Paper:
    """One attachment: whether this person needs it, and the reason code (``kit.attach.*``)."""

    code: str
    needed: bool
    why: str


def papers(claim: Claim, details: ClaimantDetails, moving_out: date | None) -> list[Paper]:
    # Posted from Japan before the move (it must still arrive on or after that day): the
    # passport has no departure stamp yet, so the residence record shows the planned move.
    from_japan = bool(details.posting_date and moving_out and details.posting_date <= moving_out)
    stamp = details.bank_certification == "stamp"
    return [
        Paper("passport", True, "passport_always"),
        Paper("resident_record", from_japan, "resident_record_from_japan" if from_japan
              else "resident_record_abroad"),
        Paper("no_address_proof", not claim.moved_out_notice_filed,
              "no_address_no_notice" if not claim.moved_out_notice_filed
              else "no_address_notice_filed"),
        Paper("bank_proof", not stamp, "bank_proof_stamp" if stamp else "bank_proof_document"),
        Paper("pension_number_proof", True, "pension_number_always"),
        Paper("power_of_attorney", details.proxy, "proxy_yes" if details.proxy else "proxy_no"),
    ]
