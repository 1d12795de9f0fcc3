"""The page shows exactly what the engine computes, in quick and in detailed mode."""

from __future__ import annotations

import copy

from calculator_page import CalculatorPage, claim_from_url
from claims import DETAILED, INTERN


def test_quick_mode_intern_matches_engine(calculator: CalculatorPage) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)
    # The link in the address bar is the very claim that was computed.
    assert claim_from_url(calculator.page.url) == INTERN


def test_detailed_mode_matches_engine(calculator: CalculatorPage) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.fill(DETAILED)
    calculator.assert_matches_engine(DETAILED)
    assert claim_from_url(calculator.page.url) == DETAILED


def test_switching_modes_keeps_every_answer(calculator: CalculatorPage) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.fill(DETAILED)
    calculator.wait_result()

    calculator.set_mode("quick")
    # Quick mode computes its one period of each kind and says what else it is keeping.
    quick = copy.deepcopy(DETAILED)
    quick["national_pension"] = quick["national_pension"][:1]
    quick["employees_pension"] = quick["employees_pension"][:1]
    del quick["bonuses"]
    calculator.assert_matches_engine(quick)
    kept = calculator.page.locator("#lsc-kept")
    assert "more periods: 2, bonuses: 2" in kept.inner_text()

    calculator.set_mode("detailed")
    calculator.assert_matches_engine(DETAILED)
    assert calculator.rows("employees_pension").count() == 2
    assert calculator.rows("bonuses").nth(1).locator("[data-key=amount]").input_value() == "450000"


def test_what_if_cap_is_labelled_and_computed(calculator: CalculatorPage) -> None:
    claim = {**INTERN, "what_if_96_month_cap": True}
    calculator.open()
    calculator.wait_python()
    calculator.fill(claim)
    calculator.assert_matches_engine(claim)
    assert "not in force" in calculator.page.locator("label[for=lsc-cap96]").inner_text().lower()
    assert "not in force" in calculator.result.inner_text()


def test_result_shows_steps_and_verification_date(calculator: CalculatorPage) -> None:
    calculator.open()
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.wait_result()
    steps = calculator.result.locator("details.lsc-steps")
    steps.locator("summary").click()
    assert steps.locator("li").count() >= 3
    assert steps.locator("a[href^='https://']").count() >= 1
    assert "Rates last verified on" in calculator.result.inner_text()


def test_steps_show_how_sure_they_are_and_the_result_its_versions(
        calculator: CalculatorPage) -> None:
    """A value that is not confirmed is named in a warning and on its step; the readings of
    the law a step relies on link to the sources page; the versions are shown (and printed)."""
    import calc

    engine = calc.estimate(INTERN)
    enacted = [w for w in engine.warnings if w.code == "value_status"]
    assert enacted, "the intern's refund uses the enacted 2027 surtaxes"
    calculator.open()
    calculator.wait_python()
    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)
    shown = calculator.result.locator(".lsc-warnings [data-code='value_status']")
    assert shown.count() == len(enacted)
    assert shown.first.inner_text().count(enacted[0].message.split(":")[0]) >= 1
    steps = calculator.result.locator("details.lsc-steps")
    steps.locator("summary").click()
    refund = steps.locator("li[data-code='tax_refund']")
    assert refund.locator(".lsc-status[data-status='enacted']").is_visible()
    reading = refund.locator("a[data-interpretation='tax_years_of_service']")
    assert reading.get_attribute("href") == "../sources/#tax-years-of-service"
    versions = calculator.result.locator(".lsc-versions")
    assert engine.versions.data in versions.inner_text()
    assert engine.versions.calculator in versions.inner_text()
    # The readings' anchors exist on the sources page.
    calculator.page.goto(calculator.page.url.split("/calculator/")[0] + "/sources/")
    assert calculator.page.locator("#tax-years-of-service").count() == 1
    assert calculator.page.locator("#interpretations").count() == 1
