"""Invalid answers: the engine's message appears by the field, and nothing typed is lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from calculator_page import CalculatorPage
from claims import INTERN

EPI_ROW = "#lsc-epi-rows > li:first-child"


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        pytest.param("to", "2022-03", id="end-before-start"),
        pytest.param("amount", "-230000", id="negative-salary"),
        pytest.param("amount", "23o000", id="letters-in-salary"),
    ],
)
def test_error_is_shown_by_its_field(calculator: CalculatorPage, field: str, typed: str) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.wait_result("ready")

    target = f"{EPI_ROW} [data-key={field}]"
    calculator.page.fill(target, typed)
    calculator.wait_result("error")

    error = calculator.error_for(target)
    expect(error).to_have_count(1)
    assert error.inner_text().strip()
    expect(calculator.page.locator(target)).to_have_attribute("aria-invalid", "true")
    # The summary in the result names the same problem; no stale amounts are left showing.
    expect(calculator.result.locator("#result-errors li")).to_have_count(1)
    expect(calculator.result.locator("#result-body")).to_be_hidden()

    # Every answer is still there, the wrong one as typed.
    assert calculator.page.locator(target).input_value() == typed
    assert calculator.page.locator("#lsc-nationality").input_value() == "VN"
    assert calculator.page.locator("#lsc-left").input_value() == INTERN["left_japan_on"]
    row = calculator.page.locator(EPI_ROW)
    assert row.locator("[data-key=from]").input_value() == "2023-04"

    # Fixing it brings the result back and clears the message.
    period = INTERN["employees_pension"][0]
    calculator.page.fill(target, period["to"] if field == "to" else str(period["monthly_salary"]))
    calculator.assert_matches_engine(INTERN)
    expect(calculator.error_for(target)).to_have_count(0)


def test_fresh_form_asks_for_what_is_missing_without_errors(calculator: CalculatorPage) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.wait_result("error")
    # Nothing was touched, so nothing is marked wrong: the result says what to fill in.
    marked = calculator.page.locator(".lsc-field__error:visible, .lsc-row__error:visible")
    expect(marked).to_have_count(0)
    expect(calculator.result.locator("#result-message")).to_contain_text("fill in")
