"""The page as a whole: same-origin only, phone layout, keyboard use, screenshots."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from calculator_page import CalculatorPage, assert_no_horizontal_overflow
from claims import DETAILED, INTERN

PHONE = pytest.mark.browser_context_args(
    viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
)


def test_every_request_stays_on_the_site(
    calculator: CalculatorPage, context: BrowserContext
) -> None:
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))  # workers included
    calculator.open()
    calculator.wait_python()
    calculator.fill(DETAILED)
    calculator.assert_matches_engine(DETAILED)
    calculator.result.locator("details.lsc-steps summary").click()

    origin = urlsplit(calculator.site_url).netloc
    foreign = [
        url for url in requests
        if urlsplit(url).scheme not in ("blob", "data") and urlsplit(url).netloc != origin
    ]
    assert requests, "no request was recorded"
    assert not foreign, foreign


def _no_horizontal_overflow(page: Page) -> None:
    viewport = page.viewport_size
    assert viewport is not None
    assert_no_horizontal_overflow(page, viewport["width"])


@PHONE
def test_phone_layout(calculator: CalculatorPage, artefacts: Path) -> None:
    calculator.open()
    calculator.wait_python()
    _no_horizontal_overflow(calculator.page)
    calculator.fill(DETAILED)
    calculator.assert_matches_engine(DETAILED)
    expect(calculator.result).to_be_visible()
    total = calculator.result.locator("[data-field=total_received]")
    total.scroll_into_view_if_needed()
    expect(total).to_be_in_viewport()
    calculator.result.locator("details.lsc-steps summary").click()
    _no_horizontal_overflow(calculator.page)
    calculator.page.screenshot(path=artefacts / "calculator-phone-detailed.png", full_page=True)

    calculator.set_mode("quick")
    calculator.page.locator("#calc-form").scroll_into_view_if_needed()
    _no_horizontal_overflow(calculator.page)


@PHONE
def test_phone_screenshot_quick(calculator: CalculatorPage, artefacts: Path) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.wait_result()
    calculator.page.screenshot(path=artefacts / "calculator-phone.png", full_page=True)
    calculator.result.screenshot(path=artefacts / "calculator-phone-result.png")


@pytest.mark.browser_context_args(viewport={"width": 1280, "height": 900})
def test_desktop_screenshot(calculator: CalculatorPage, artefacts: Path) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.wait_result()
    _no_horizontal_overflow(calculator.page)
    calculator.page.screenshot(path=artefacts / "calculator-desktop.png")
    calculator.page.screenshot(path=artefacts / "calculator-desktop-full.png", full_page=True)


def test_keyboard_only(calculator: CalculatorPage) -> None:
    """Add and remove a period with the keyboard alone; focus goes where the user expects."""
    page = calculator.page
    calculator.open()
    calculator.wait_python()
    page.locator("input[name=mode][value=quick]").focus()
    page.keyboard.press("ArrowRight")  # radio group: arrow keys switch to "Detailed"
    expect(page.locator("input[name=mode][value=detailed]")).to_be_checked()

    add = page.locator("[data-add=employees_pension]")
    add.focus()
    page.keyboard.press("Enter")
    expect(calculator.rows("employees_pension")).to_have_count(2)
    second_from = calculator.rows("employees_pension").nth(1).locator("[data-key=from]")
    expect(second_from).to_be_focused()
    page.keyboard.type("2024-04")
    page.keyboard.press("Tab")
    expect(calculator.rows("employees_pension").nth(1).locator("[data-key=to]")).to_be_focused()

    remove = calculator.rows("employees_pension").nth(1).locator("[data-remove]")
    expect(remove).to_have_attribute("aria-label", "Remove Employees' Pension period 2")
    remove.focus()
    page.keyboard.press("Enter")
    expect(calculator.rows("employees_pension")).to_have_count(1)
    expect(calculator.rows("employees_pension").first.locator("[data-key=from]")).to_be_focused()


def test_every_field_has_a_label(calculator: CalculatorPage) -> None:
    calculator.open()
    calculator.set_mode("detailed")
    unlabelled = calculator.page.evaluate(
        """() => [...document.querySelectorAll('#calc-form input, #calc-form select')]
             .filter((el) => el.labels.length === 0).map((el) => el.outerHTML)"""
    )
    assert not unlabelled
