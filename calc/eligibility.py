"""General conditions of the claim (both schemes) and the claim deadline.

国民年金法 附則第9条の3の2第1項 / 厚生年金保険法 附則第29条第1項: not Japanese (checked by the
model), no address in Japan when the claim is received, within 2 years, never entitled to a
pension, and the old-age qualifying period not reached.
"""

from __future__ import annotations

from datetime import date, timedelta

from calc.common import reference
from calc.i18n import Term
from calc.models import Claim, Note
from calc.parameters import Parameters
from calc.trace import Trace


def anniversary(day: date, years: int) -> date:
    """The corresponding day ``years`` later; for 29 February that is 1 March.

    Civil Code 143: a period counted from a day ends on the day before the corresponding day,
    or at the end of the month when that month has no such day. Mapping a missing 29 February
    to 1 March makes "the day before" land on 28 February, as the Code requires.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def claim_deadline(params: Parameters, left_japan_on: date) -> date:
    """Last day a claim can reach JPS.

    Coverage is lost on the day after the last day with an address in Japan; the 2-year period
    counts from that day inclusive, so it ends the day before the same date 2 years later
    (e.g. left 2026-03-31 → lost 2026-04-01 → last day 2028-03-31).
    """
    years = params.claim_period.at(left_japan_on)
    lost = left_japan_on + timedelta(days=1)
    return anniversary(lost, years) - timedelta(days=1)


def general_reasons(
    claim: Claim, params: Parameters, qualifying_months: int, trace: Trace
) -> tuple[list[Note], date | None]:
    reasons: list[Note] = []
    deadline = None
    if claim.left_japan_on is None:
        reasons.append(Note("left_japan_missing"))
    else:
        address_until = claim.left_japan_on
        if claim.reentry_permit_until is not None and not claim.moved_out_notice_filed:
            # Without a moving-out notice, a valid re-entry permit keeps the address in Japan
            # (rule in force; municipal and JPS practice, reference §1.4).
            address_until = max(address_until, claim.reentry_permit_until)
            if claim.claim_date <= claim.reentry_permit_until:
                accepted_from = claim.reentry_permit_until + timedelta(days=1)
                reasons.append(Note("reentry_permit_valid", {"from": accepted_from}))
        deadline = claim_deadline(params, address_until)
        if trace.enabled:
            trace.add(
                "eligibility", "claim_deadline",
                values=[("last_day_with_address", address_until)],
                result=deadline,
                reference=reference(params.claim_period,
                                    params.claim_period.entry(address_until)),
                interpretations=("deadline_day", "reentry_practice")
                if claim.reentry_permit_until is not None else ("deadline_day",),
            )
        if claim.claim_date < claim.left_japan_on:
            reasons.append(Note("still_in_japan", {"claim_date": claim.claim_date,
                                                   "from": claim.left_japan_on}))
        elif claim.claim_date > deadline:
            reasons.append(Note("deadline_passed", {"deadline": deadline}))

    if claim.ever_entitled_to_pension:
        reasons.append(Note("ever_entitled"))

    threshold = params.qualifying_period_months.at(claim.claim_date)
    if trace.enabled:
        trace.add(
            "eligibility", "qualifying_period",
            values=[("covered_months", qualifying_months), ("threshold", threshold)],
            result=Term("result.qualifying_below" if qualifying_months < threshold
                        else "result.qualifying_reached"),
            reference=reference(params.qualifying_period_months,
                                params.qualifying_period_months.entry(claim.claim_date)),
        )
    if qualifying_months >= threshold:
        reasons.append(Note("qualifying_period_reached", {"months": qualifying_months,
                                                          "threshold": threshold}))
    return reasons, deadline
