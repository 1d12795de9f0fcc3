"""/calculator/#c=<base64url Claim JSON> opens the calculator filled in, with its result."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import expect

from calculator_page import CalculatorPage, link_fragment
from claims import DETAILED, INTERN


def test_link_fills_quick_form_and_shows_result(calculator: CalculatorPage) -> None:
    calculator.open(link_fragment(INTERN))
    calculator.assert_matches_engine(INTERN)
    page = calculator.page
    expect(page.locator("input[name=mode][value=quick]")).to_be_checked()
    assert page.locator("#lsc-nationality").input_value() == "VN"
    assert page.locator("#lsc-claim-date").input_value() == INTERN["claim_date"]
    amount = calculator.rows("employees_pension").first.locator("[data-key=amount]")
    assert amount.input_value() == "230000"


def test_link_with_several_periods_opens_detailed_mode(calculator: CalculatorPage) -> None:
    calculator.open(link_fragment(DETAILED))
    calculator.assert_matches_engine(DETAILED)
    expect(calculator.page.locator("input[name=mode][value=detailed]")).to_be_checked()
    assert calculator.rows("bonuses").count() == 2
    status = calculator.rows("national_pension").nth(1).locator("[data-key=status]")
    assert status.input_value() == "student_deferral"


def test_link_with_an_invalid_value_shows_it_with_its_error(calculator: CalculatorPage) -> None:
    period = {"from": "2023-04", "to": "2026-03", "monthly_salary": "abc"}
    claim = {**INTERN, "employees_pension": [period]}
    calculator.open(link_fragment(claim))
    calculator.wait_result("error")
    amount = "#lsc-epi-rows > li:first-child [data-key=amount]"
    expect(calculator.error_for(amount)).to_have_count(1)
    assert calculator.page.locator(amount).input_value() == "abc"


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "fragment",
    [
        pytest.param("#c=%%%not-base64%%%", id="not-base64"),
        pytest.param("#c=" + _b64("{not json"), id="not-json"),
        pytest.param("#c=" + _b64("[1, 2, 3]"), id="not-an-object"),
        pytest.param("#c=" + _b64('{"nationality": {"a": 1}}'), id="wrong-shape"),
        pytest.param("#c=" + _b64('{"salary": 1}'), id="unknown-key"),
        pytest.param("#c=" + _b64('{"employees_pension": [{"from": "2023-04"}]'), id="cut-short"),
    ],
)
def test_corrupt_link_shows_a_message_and_an_empty_form(
    calculator: CalculatorPage, fragment: str
) -> None:
    calculator.open(fragment)
    message = calculator.page.locator("#calc-link-error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("could not be read")
    assert calculator.page.locator("#lsc-nationality").input_value() == ""
    assert calculator.rows("employees_pension").first.locator("[data-key=from]").input_value() == ""
    calculator.wait_python()
    calculator.wait_result("error")  # asks for the missing answers; no exception (fixture)


def test_markup_in_a_link_is_shown_as_text_never_run(calculator: CalculatorPage) -> None:
    markup = "<img src=x onerror=\"document.body.dataset.pwned=1\">"
    period = {"from": markup, "to": "2026-03", "monthly_salary": 230000}
    claim = {**INTERN, "employees_pension": [period]}
    calculator.open(link_fragment(claim))
    calculator.wait_result("error")
    page = calculator.page
    assert page.locator("#lsc-epi-rows > li:first-child [data-key=from]").input_value() == markup
    assert page.locator("#calculator img").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None
