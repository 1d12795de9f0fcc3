"""The calculator in every language: labels and messages change, the numbers stay the same."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import calc
from calc import i18n

from calculator_page import assert_no_horizontal_overflow, link_fragment
from claims import INTERN
from test_site import LANGUAGES, _prefix, html_lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calculator_speaks_the_language(calculator, lang: str) -> None:
    page = calculator.page
    page.goto(calculator.site_url + _prefix(lang) + "calculator/")
    expect(page.locator("html")).to_have_attribute("lang", html_lang(lang))
    expect(page.locator("label[for='lsc-nationality']")).to_have_text(
        i18n.text("ui.nationality", lang))
    calculator.fill(INTERN)
    calculator.assert_matches_engine(INTERN)  # the same figures as the engine, in every language
    english = calc.estimate(INTERN)
    localized = calc.estimate(INTERN, lang=lang)
    expect(page.locator("[data-field='total_received']")).to_have_text(
        i18n.text("unit.yen", lang, value=i18n.Yen(english.total_received)))
    expect(page.locator(".lsc-warnings [data-code='periods_erased']")).to_contain_text(
        next(w.message for w in localized.warnings if w.code == "periods_erased"))
    # The value that is not confirmed yet (the 2027 surtaxes), named in the language.
    expect(page.locator(".lsc-warnings [data-code='value_status']").first).to_contain_text(
        next(w.message for w in localized.warnings if w.code == "value_status"))
    # On a phone, nothing reaches past the screen (the language menu included).
    page.set_viewport_size({"width": 360, "height": 740})
    assert_no_horizontal_overflow(page, 360)

    # A validation message in the same language, by the field.
    row = calculator.rows("employees_pension").nth(0)
    row.locator("[data-key=to]").fill("2022-01")
    calculator.wait_result("error")
    message = i18n.text("error.period_order", lang, to="2022-01", start="2023-04")
    expect(calculator.error_for("#lsc-epi-rows > li:first-child [data-key=to]")).to_have_text(
        message)


@pytest.mark.parametrize("lang", ["ja", "vi"])
def test_a_shared_link_keeps_its_language(calculator, lang: str) -> None:
    page = calculator.page
    page.goto(calculator.site_url + _prefix(lang) + "calculator/" + link_fragment(INTERN))
    calculator.assert_matches_engine(INTERN)
    expect(page.locator("html")).to_have_attribute("lang", html_lang(lang))
