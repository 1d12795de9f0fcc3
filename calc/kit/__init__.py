"""The claim kit: from the calculator's answers and the claimant's details to a claim form that
is not sent back and a dated plan for leaving Japan.

``kit(request, lang)`` is the kit's one entry point, pure like ``calc.estimate``: it takes
``{"claim": <Claim>, "details": <ClaimantDetails or null>}`` (a dict or JSON text) and returns a
``Kit``: the form's entries checked and written as they must be (``form``), the papers to attach,
the address to post to, and the dated steps (``plan``); ``calendar(request, lang)`` gives the plan
as an iCalendar file. Rules the kit needs from the engine (the claim deadline, the payment's tax
year, the refund's filing window) are called, never copied.

The claimant's details are checked leniently: a field that cannot be read (a date typed as
"31/12") becomes a problem on that field and the rest is still checked, so a half-filled form
always gets an answer. Only an invalid claim (the calculator's answers) raises ``InvalidClaim``.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from calc import __version__, i18n, tax
from calc.engine import estimate
from calc.errors import ClaimError, InvalidClaim, from_validation_error
from calc.kit import attachments, calendar, form, plan, second
from calc.kit.details import ClaimantDetails
from calc.kit.models import (
    Attachment,
    EstimateSummary,
    FormCheck,
    Kit,
    PlanStep,
    Problem,
    SendTo,
)
from calc.kit.notice import Notice
from calc.kit.procedure import load_procedure
from calc.parameters import Parameters, load_parameters
from calc.validation import parse_claim

__all__ = ["ClaimantDetails", "Kit", "calendar_text", "kit", "request_schema"]

REQUEST_KEYS = ("claim", "details", "notice", "offers", "exchange_rate")

#: Findings whose text is the engine's own warning, so both say the same.
_SHARED_TEXT = {"permanent_resident": "warning.permanent_resident"}


def kit(request: dict[str, Any] | str, params: Parameters | None = None, *,
        lang: str = i18n.DEFAULT_LANGUAGE) -> Kit:
    """Check the claim form and plan the claim. Raises ``InvalidClaim`` (fields ``claim.…``)
    when the request or its claim cannot be read."""
    lang = i18n.normalize_language(lang)
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
    problems = [_prefixed(error, "details", lang) for error in unreadable]
    problems_out = [Problem(field=e.field, code=e.code, severity="error", message=e.message,
                            params=e.params) for e in problems]
    unreadable_fields = {e.field for e in problems}
    findings = [f for f in findings
                if not (f.severity == "missing" and f.field in unreadable_fields)]
    problems_out += [Problem(
        field=f.field, code=f.code, severity=f.severity, reference=f.reference,
        message=i18n.text(_SHARED_TEXT.get(f.code, f"kit.problem.{f.code}"), lang, **f.params),
        params={k: i18n.neutral(v) for k, v in f.params.items()}) for f in findings]
    moving_out = form.moving_out_date(claim, details)
    steps = plan.steps(claim, details, params, procedure, moving_out, result.claim_deadline)
    send_to = procedure.send_to
    paid_on = tax.payment_date(plan.arrival(claim, moving_out))
    notice_data = sections.get("notice")
    notice, notice_errors = lenient(Notice, notice_data) if notice_data is not None \
        else (None, [])
    tax_return = second.return_figures(params, claim=claim, estimate=result, paid_on=paid_on,
                                       notice=notice, lang=lang)
    notice_check = second.notice_check(
        params, notice, [e.localized(lang) for e in notice_errors], estimate=result,
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
        version=__version__,
        tax_return=tax_return,
        notice=notice_check,
        offers=offers,
        exchange_rate=exchange,
        left_behind=second.left_behind(details, lang),
    )


def calendar_text(request: dict[str, Any] | str, params: Parameters | None = None, *,
                  lang: str = i18n.DEFAULT_LANGUAGE) -> str:
    """The plan of ``kit(request)`` as an iCalendar (RFC 5545) file."""
    lang = i18n.normalize_language(lang)
    found = kit(request, params, lang=lang)
    claim = parse_claim(_split(request, lang)[0])  # valid: kit() has checked it
    seed = str(claim.left_japan_on or claim.claim_date)
    return calendar.ics(found.plan, seed=seed, stamp=claim.claim_date,
                        opens=i18n.text("kit.calendar.opens", lang),
                        closes=i18n.text("kit.calendar.closes", lang))


def request_schema() -> dict[str, Any]:
    """JSON Schema of the kit's request: the Claim and the ClaimantDetails."""
    from calc.models import Claim

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


M = TypeVar("M", bound=BaseModel)


def lenient(model: type[M], data: Any) -> tuple[M, list[ClaimError]]:
    """``data`` read as ``model`` with every unreadable field left out, and a located error
    for each (a half-typed form always gets an answer)."""
    if data is None:
        return model(), []
    if isinstance(data, str):
        from calc.api import json_problem, load_json

        try:
            data = load_json(data)
        except (ValueError, RecursionError) as error:
            return model(), [ClaimError.of("", "json_invalid", error=json_problem(error))]
    if not isinstance(data, dict):
        return model(), [ClaimError.of("", "model_type")]
    data = copy.deepcopy(data)
    errors: list[ClaimError] = []
    for _ in range(50):  # each round removes at least one unreadable field
        try:
            return model.model_validate(data), errors
        except ValidationError as error:
            found = from_validation_error(error).errors
            errors += found
            for item in error.errors(include_url=False):
                if not _remove(data, tuple(item["loc"])):
                    return model(), errors
    return model(), errors


def _remove(data: Any, loc: tuple[int | str, ...]) -> bool:
    """Delete the value at ``loc`` (or the deepest part of it that exists); False when
    nothing could be removed."""
    if not loc:
        return False
    parent = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = loc[-1]
    try:
        if isinstance(parent, list) and isinstance(last, int):
            parent[last] = {}
        else:
            del parent[last]
        return True
    except (KeyError, IndexError, TypeError):
        return False


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
