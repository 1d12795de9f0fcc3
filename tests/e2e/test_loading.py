"""The form works before Python is ready; what was typed meanwhile is computed once it is."""

from __future__ import annotations

import time

from playwright.sync_api import BrowserContext, Route, expect

from calculator_page import BOOT_TIMEOUT_MS, CalculatorPage, claim_from_url
from claims import INTERN


def test_answers_typed_while_loading_are_computed_when_ready(
    calculator: CalculatorPage, context: BrowserContext
) -> None:
    # Hold back the wheels (calc, pydantic…) so Python cannot finish loading while we type.
    held: list[Route] = []
    holding = True

    def hold(route: Route) -> None:
        if holding:
            held.append(route)
        else:
            route.continue_()

    context.route("**/*.whl", hold)

    calculator.open()
    page = calculator.page
    deadline = time.monotonic() + BOOT_TIMEOUT_MS / 1000
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the worker never asked for its wheels"

    status = page.locator("#calc-status")
    expect(status).to_have_attribute("data-state", "loading")
    expect(page.locator("#calc-status-text")).to_contain_text("Loading calculator…")
    expect(page.locator("#calc-status-text")).to_contain_text("%")

    calculator.fill(INTERN)
    page.wait_for_timeout(300)  # longer than the debounce: nothing may be computed yet
    expect(calculator.result).to_have_attribute("data-state", "loading")
    assert claim_from_url(page.url) == INTERN  # the link already follows the form

    holding = False
    for route in held:
        route.continue_()
    calculator.wait_python()
    calculator.assert_matches_engine(INTERN)
