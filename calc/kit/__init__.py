"""The claim kit: from the calculator's answers and the claimant's details to a claim form that
is not sent back and a dated plan for leaving Japan.

``kit(request, lang)`` is the kit's one entry point, pure like ``calc.estimate``: it takes
``{"claim": <Claim>, "details": <ClaimantDetails or null>}`` (a dict or JSON text) and returns a
``Kit``: the form's entries checked and written as they must be (``form``), the papers to attach,
the address to post to, and the dated steps (``plan``); ``calendar_text(request, lang)`` gives
the plan as an iCalendar file. Rules the kit needs from the engine (the claim deadline, the
payment's tax year, the refund's filing window) are called, never copied.

The claimant's details are checked leniently: a field that cannot be read (a date typed as
"31/12") becomes a problem on that field and the rest is still checked, so a half-filled form
always gets an answer. Only an invalid claim (the calculator's answers) raises ``InvalidClaim``.
"""

from __future__ import annotations

from typing import Any

from calc import i18n, tax
from calc.engine import estimate
from calc.errors import ClaimError, InvalidClaim
from calc.kit import attachments, calendar, form, plan, second
from calc.kit.details import ClaimantDetails
from calc.kit.models import (
    Attachment,
    EstimateSummary,
    FormCheck,
    Kit,
    PlanStep,
    SendTo,
)
from calc.kit.notice import Notice
from calc.kit.problems import lenient, problems
from calc.kit.procedure import load_procedure
from calc.models import Claim
from calc.parameters import Parameters, load_parameters
from calc.validation import parse_claim
from calc.versions import versions

__all__ = ["ClaimantDetails", "Kit", "calendar_text", "kit", "request_schema"]

REQUEST_KEYS = ("claim", "details", "notice", "offers", "exchange_rate")

def kit(request: dict[str, Any] | str, params: Parameters | None = None, *,
        lang: str = i18n.DEFAULT_LANGUAGE) -> Kit:
    """Check the claim form and plan the claim. Raises ``InvalidClaim`` (fields ``claim.…``)
    when the request or its claim cannot be read."""
    return _kit(request, params, i18n.normalize_language(lang))[0]


def calendar_text(request: dict[str, Any] | str, params: Parameters | None = None, *,
                  lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The plan of ``kit(request)`` as an iCalendar (RFC 5545) file."""
    lang = i18n.normalize_language(lang)
    found, claim = _kit(request, params, lang)
    seed = str(claim.left_japan_on or claim.claim_date)
    return calendar.ics(found.plan, seed=seed, stamp=claim.claim_date,
                        opens=i18n.text("kit.calendar.opens", lang),
                        closes=i18n.text("kit.calendar.closes", lang))


def _kit(request: dict[str, Any] | str, params: Parameters | None,
         lang: str) -> tuple[Kit, Claim]:
    """The kit's answer, and the claim it was made for."""
    params = params or load_parameters()
    claim_data, details_data, outer, sections = _split(request, lang)
    try:
        claim = parse_claim(claim_data) if claim_data is not None else None
    except InvalidClaim as invalid:
        outer += [_prefixed(error, "claim", lang) for error in invalid.errors]
    if outer or claim is None:
        raise InvalidClaim(outer)
    details, unreadable = lenient(ClaimantDetails, details_data)
    result = estimate(claim, params, lang=lang, explain=False)
    procedure = load_procedure()
    findings, values = form.check(claim, details, procedure, result.claim_deadline)
    problems_out = problems(unreadable, "details", findings, lang)
    moving_out = form.moving_out_date(claim, details)
    steps = plan.steps(claim, details, params, procedure, moving_out, result.claim_deadline)
    send_to = procedure.send_to
    paid_on = tax.payment_date(plan.arrival(claim, moving_out))
    notice_data = sections.get("notice")
    notice, notice_errors = lenient(Notice, notice_data) if notice_data is not None \
        else (None, [])
    tax_return = second.return_figures(params, claim=claim, estimate=result, paid_on=paid_on,
                                       notice=notice, lang=lang)
    notice_check = second.notice_check(params, notice, notice_errors, estimate=result,
                                       paid_on=paid_on, lang=lang) if notice is not None else None
    offers = None
    if sections.get("offers") is not None:
        first_payment = result.total_received
        if notice is not None and notice.remitted is not None:
            first_payment = notice.remitted + result.national_pension.amount
        offers = second.offers(sections["offers"], refund=tax_return.refund if tax_return else 0,
                               first_payment=first_payment,
                               gross=tax_return.gross if tax_return else 0, lang=lang)
    exchange = second.exchange(sections.get("exchange_rate"),
                               second.yen_figures(result, tax_return, notice_check, offers), lang)
    return Kit(
        form=FormCheck(ok=not any(p.severity != "warning" for p in problems_out),
                       problems=problems_out, values=values),
        plan=[_step(step, lang) for step in steps],
        attachments=[Attachment(code=p.code, needed=p.needed,
                                title=i18n.text(f"kit.attach.{p.code}", lang),
                                why=i18n.text(f"kit.attach_why.{p.why}", lang))
                     for p in attachments.papers(claim, details, moving_out)],
        send_to=SendTo(japanese=send_to.japanese, latin=send_to.latin,
                       phone_japan=send_to.phone_japan, phone_abroad=send_to.phone_abroad,
                       note=i18n.text("kit.send_to_note", lang), reference=send_to.source),
        estimate=EstimateSummary(
            eligible=result.eligible, total_received=result.total_received,
            tax_refund_low=result.employees_pension.tax_refund.low,
            tax_refund_high=result.employees_pension.tax_refund.high,
            claim_deadline=result.claim_deadline,
            reasons=[reason.message for reason in result.reasons]),
        procedure_last_verified=procedure.last_verified,
        versions=versions(),
        tax_return=tax_return,
        notice=notice_check,
        offers=offers,
        exchange_rate=exchange,
        left_behind=second.left_behind(details, lang),
    ), claim


def request_schema() -> dict[str, Any]:
    """JSON Schema of the kit's request: the Claim and the ClaimantDetails."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Claim kit request",
        "type": "object",
        "properties": {"claim": Claim.model_json_schema(by_alias=True),
                       "details": {"anyOf": [ClaimantDetails.model_json_schema(by_alias=True),
                                             {"type": "null"}]}},
        "required": ["claim"],
        "additionalProperties": False,
    }


def _split(request: dict[str, Any] | str,
           lang: str) -> tuple[Any, Any, list[ClaimError], dict[str, Any]]:
    """The request's claim and details, and the problems of its outer shape (an unreadable
    request raises ``InvalidClaim`` at once)."""
    if isinstance(request, str):
        from calc.api import json_problem, load_json

        try:
            request = load_json(request)
        except (ValueError, RecursionError) as error:
            raise InvalidClaim([ClaimError.of("", "json_invalid", lang,
                                              error=json_problem(error))]) from None
    if not isinstance(request, dict):
        raise InvalidClaim([ClaimError.of("", "model_type", lang)])
    problems = [ClaimError.of(str(key), "extra_forbidden", lang)
                for key in request if key not in REQUEST_KEYS]
    if "claim" not in request:
        problems.append(ClaimError.of("claim", "missing", lang))
    return request.get("claim"), request.get("details"), problems, request


def _prefixed(error: ClaimError, prefix: str, lang: str) -> ClaimError:
    located = error.model_copy(update={"field": f"{prefix}.{error.field}" if error.field
                                       else prefix})
    located._raw = error._raw
    return located.localized(lang) if lang != i18n.DEFAULT_LANGUAGE else located


def _step(step: plan.Dated, lang: str) -> PlanStep:
    params = dict(step.params)
    return PlanStep.model_validate({
        "code": step.code, "date": step.day, "from": step.start, "until": step.until,
        "title": i18n.text(f"kit.plan.{step.code}.title", lang, **params),
        "action": i18n.text(f"kit.plan.{step.code}.action", lang, **params),
        "reference": step.reference, "confidence": step.confidence, "estimate": step.estimate})


def kit_dict(request: dict[str, Any] | str, lang: str = i18n.DEFAULT_LANGUAGE) -> dict[str, Any]:
    """``kit()`` as JSON-ready data."""
    result: dict[str, Any] = kit(request, lang=lang).model_dump(mode="json", by_alias=True)
    return result
