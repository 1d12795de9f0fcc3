"""General conditions of the claim (both schemes) and the claim deadline.

国民年金法 附則第9条の3の2第1項 / 厚生年金保険法 附則第29条第1項: not Japanese (checked by the
model), no address in Japan when the claim is received, within 2 years, never entitled to a
pension, and the old-age qualifying period not reached.
"""

from __future__ import annotations

from datetime import date, timedelta

from calc.common import reference
from calc.models import Claim, Reason
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
) -> tuple[list[Reason], date | None]:
    reasons: list[Reason] = []
    deadline = None
    if claim.left_japan_on is None:
        reasons.append(Reason(
            code="left_japan_missing",
            message="Enter the date you left (or will leave) Japan: the claim is accepted only "
            "once you no longer have an address in Japan.",
        ))
    else:
        address_until = claim.left_japan_on
        if claim.reentry_permit_until is not None and not claim.moved_out_notice_filed:
            # Without a moving-out notice, a valid re-entry permit keeps the address in Japan
            # (rule in force; municipal and JPS practice, reference §1.4).
            address_until = max(address_until, claim.reentry_permit_until)
            if claim.claim_date <= claim.reentry_permit_until:
                accepted_from = claim.reentry_permit_until + timedelta(days=1)
                reasons.append(Reason(
                    code="reentry_permit_valid",
                    message="You left with a re-entry permit and did not file a moving-out "
                    "notice (転出届), so you still count as living in Japan while the permit is "
                    f"valid. The claim can be accepted from {accepted_from.isoformat()}, or "
                    "earlier if the moving-out notice is filed (e.g. through a representative).",
                    params={"from": accepted_from.isoformat()},
                ))
        deadline = claim_deadline(params, address_until)
        trace.add(
            "eligibility", "claim_deadline",
            "Claim deadline: 2 years from the day after you stopped having an address in Japan",
            values={"last day with an address in Japan": address_until.isoformat()},
            result=deadline.isoformat(),
            reference=reference(params.claim_period),
        )
        if claim.claim_date < claim.left_japan_on:
            reasons.append(Reason(
                code="still_in_japan",
                message=f"On {claim.claim_date.isoformat()} you still have an address in Japan: "
                f"the claim must reach the Japan Pension Service on or after "
                f"{claim.left_japan_on.isoformat()}.",
                params={"from": claim.left_japan_on.isoformat()},
            ))
        elif claim.claim_date > deadline:
            reasons.append(Reason(
                code="deadline_passed",
                message=f"The 2-year time limit ended on {deadline.isoformat()}.",
                params={"deadline": deadline.isoformat()},
            ))

    if claim.ever_entitled_to_pension:
        reasons.append(Reason(
            code="ever_entitled",
            message="People who have ever been entitled to a Japanese pension (including a "
            "disability pension) cannot receive the lump sum.",
        ))

    threshold = params.qualifying_period_months.at(claim.claim_date)
    trace.add(
        "eligibility", "qualifying_period",
        "Old-age pension qualifying period: covered months (paid, exempt and deferred National "
        "Pension months and Employees' Pension months) must stay below the threshold",
        values={"covered months": qualifying_months, "threshold": threshold},
        result="below: the lump sum is possible" if qualifying_months < threshold
        else "reached: no lump sum",
        reference=reference(params.qualifying_period_months),
    )
    if qualifying_months >= threshold:
        reasons.append(Reason(
            code="qualifying_period_reached",
            message=f"You have {qualifying_months} covered months, at least {threshold}: you "
            "qualify for an old-age pension instead, so no lump sum is paid.",
            params={"months": str(qualifying_months), "threshold": str(threshold)},
        ))
    return reasons, deadline
