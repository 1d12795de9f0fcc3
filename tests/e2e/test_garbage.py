"""Garbage typed into every field: a message by that field, nothing else lost, nothing run.

For each field, every payload is typed in turn into a filled-in, computed form. Each must give
an error shown by the field (not only in the result's summary), leave every other answer as it
was, keep the garbage as typed, open no dialog, log no console error (conftest), and add no
element to the page: markup is text, never HTML.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Dialog, Page, expect

from calculator_page import CalculatorPage
from claims import DETAILED

EPI = "#lsc-epi-rows > li:nth-child(1)"  # DETAILED's first period: standard remuneration
EPI_SALARY = "#lsc-epi-rows > li:nth-child(2)"  # its second: a monthly salary
NP = "#lsc-np-rows > li:nth-child(1)"
BONUS = "#lsc-bonus-rows > li:nth-child(1)"

SCRIPT = "<script>document.body.dataset.pwned = 'script'</script>"
IMG = "<img src=x onerror=\"document.body.dataset.pwned = 'img'\">"
SVG = "<svg onload=\"document.body.dataset.pwned = 'svg'\"></svg>"

#: Whatever a person (or a cat, or an attacker) could type into a text field.
COMMON = [
    pytest.param("💰💰💰", id="emoji"),
    pytest.param("x" * 10_000, id="10000-letters"),
    pytest.param("9" * 10_000, id="10000-digits"),
    pytest.param(SCRIPT, id="script"),
    pytest.param(IMG, id="img-onerror"),
    pytest.param(SVG, id="svg-onload"),
    pytest.param("\u202e2024-04\u200b", id="bidi-and-zero-width"),
    pytest.param("NaN", id="nan"),
]
MONTHS = [
    pytest.param("2O24-04", id="letter-o"),
    pytest.param("2024-13", id="month-13"),
    pytest.param("2024-00", id="month-0"),
    pytest.param("0001-01", id="year-1"),
    pytest.param("9999-12", id="year-9999"),
    pytest.param("-2024-04", id="negative"),
    pytest.param("2024-04-31", id="a-date"),
    *COMMON,
]
AMOUNTS = [
    pytest.param("23o000", id="letter-o"),
    pytest.param("-230000", id="negative"),
    pytest.param("99999999999999999999", id="huge"),
    pytest.param("1e9", id="exponent"),
    pytest.param("Infinity", id="infinity"),
    pytest.param("2024-13", id="a-month"),
    *COMMON,
]
FIELDS = {
    "epi-from": (f"{EPI} [data-key=from]", MONTHS),
    "epi-to": (f"{EPI} [data-key=to]", MONTHS),
    "epi-standard-remuneration": (f"{EPI} [data-key=amount]", AMOUNTS),
    "epi-salary": (f"{EPI_SALARY} [data-key=amount]", AMOUNTS),
    "np-from": (f"{NP} [data-key=from]", MONTHS),
    "np-to": (f"{NP} [data-key=to]", MONTHS),
    "bonus-month": (f"{BONUS} [data-key=month]", MONTHS),
    "bonus-amount": (f"{BONUS} [data-key=amount]", AMOUNTS),
    "other-income": ("#lsc-other-income", AMOUNTS),
}

SNAPSHOT = """(target) => [...document.querySelectorAll('#calc-form input, #calc-form select')]
    .filter((element) => element !== document.querySelector(target))
    .map((element) => [element.id || element.name, element.type === 'checkbox'
        || element.type === 'radio' ? String(element.checked) : element.value])"""
ELEMENTS = """() => Object.fromEntries(['script', 'img', 'svg', 'iframe', 'object', 'embed']
    .map((tag) => [tag, document.getElementsByTagName(tag).length]))"""


@pytest.fixture
def dialogs(page: Page) -> Iterator[list[str]]:
    opened: list[str] = []

    def record(dialog: Dialog) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    yield opened
    assert not opened, opened


def _filled(calculator: CalculatorPage) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.fill(DETAILED, mode="detailed")
    calculator.page.fill("#lsc-other-income", "0")
    calculator.assert_matches_engine(DETAILED)


def _cases() -> Iterator[object]:
    for name, (selector, payloads) in FIELDS.items():
        yield pytest.param(selector, [p.values[0] for p in payloads],
                           [p.id for p in payloads], id=name)


@pytest.mark.parametrize(("selector", "payloads", "names"), list(_cases()))
def test_garbage_in_a_field_is_named_by_it(calculator: CalculatorPage, dialogs: list[str],
                                           selector: str, payloads: list[str],
                                           names: list[str]) -> None:
    _filled(calculator)
    page = calculator.page
    target = page.locator(selector)
    original = target.input_value()
    others = page.evaluate(SNAPSHOT, selector)
    elements = page.evaluate(ELEMENTS)

    for payload, name in zip(payloads, names, strict=True):
        target.fill(payload)
        calculator.wait_result("error")
        error = calculator.error_for(selector)
        expect(error, f"{name}: no message by the field").to_have_count(1)
        assert error.inner_text().strip(), name
        expect(target).to_have_attribute("aria-invalid", "true")
        expect(calculator.result.locator("#result-body")).to_be_hidden()
        assert target.input_value() == payload, f"{name}: the typed text was changed"
        assert page.evaluate(SNAPSHOT, selector) == others, f"{name}: another answer changed"
        assert page.evaluate(ELEMENTS) == elements, f"{name}: markup became elements"
        assert page.evaluate("document.body.dataset.pwned") is None, name

    target.fill(original)  # and a correct answer brings the result back
    calculator.assert_matches_engine(DETAILED)
    expect(calculator.error_for(selector)).to_have_count(0)


@pytest.mark.parametrize(
    ("selector", "typed"),
    [
        pytest.param("#lsc-claim-date", "0001-01-01", id="claim-date-year-1"),
        pytest.param("#lsc-claim-date", "9999-12-31", id="claim-date-year-9999"),
        pytest.param("#lsc-left", "0001-01-01", id="left-year-1"),
        pytest.param("#lsc-left", "9999-12-31", id="left-year-9999"),
        pytest.param("#lsc-reentry", "9999-12-31", id="reentry-permit-year-9999"),
        pytest.param("#lsc-reentry", "1900-02-28", id="reentry-permit-1900"),
    ],
)
def test_impossible_dates_are_named_by_their_field(calculator: CalculatorPage,
                                                   dialogs: list[str], selector: str,
                                                   typed: str) -> None:
    """Date fields accept only real dates (the browser sees to that), but not all are sane."""
    _filled(calculator)
    page = calculator.page
    page.locator("#lsc-no-moving-out").check()
    others = page.evaluate(SNAPSHOT, selector)
    page.fill(selector, typed)
    calculator.wait_result("error")
    expect(calculator.error_for(selector)).to_have_count(1)
    assert page.locator(selector).input_value() == typed
    assert page.evaluate(SNAPSHOT, selector) == others
