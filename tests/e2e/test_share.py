"""Shareable links and print: "Copy link" copies the calculator's address with the answers,
"Print or save as PDF" lays the estimate out for A4 with its steps and sources. Values read
from a link or an embed option are judged like typed ones and are never inserted as HTML."""

from __future__ import annotations

import base64
import json
import re
from datetime import date

import pytest
from playwright.sync_api import BrowserContext, expect

import calc
from calc import i18n
from calc.i18n import format_value

from calculator_page import CalculatorPage, claim_from_url, link_fragment
from claims import DETAILED, INTERN


def _today_text(lang: str = "en") -> str:
    return format_value(date.today(), lang)


def test_copy_link_gives_a_link_that_reopens_the_estimate(
        calculator: CalculatorPage, context: BrowserContext) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = calculator.page
    calculator.open()
    calculator.fill(DETAILED)
    calculator.wait_result()
    page.get_by_role("button", name=i18n.text("ui.js.copy_link")).click()
    expect(page.locator("#lsc-share-status")).to_have_text(i18n.text("ui.js.link_copied"))
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(calculator.site_url + "calculator/#c=")
    assert claim_from_url(link) == DETAILED

    other = context.new_page()
    other.goto(link)
    CalculatorPage(other, calculator.site_url).assert_matches_engine(DETAILED)
    other.close()


def test_copy_link_without_clipboard_shows_the_link(calculator: CalculatorPage) -> None:
    page = calculator.page
    page.add_init_script("navigator.clipboard.writeText = () => Promise.reject(new Error('no'))")
    calculator.open()
    calculator.fill(INTERN)
    calculator.wait_result()
    page.click("#lsc-copy-link")
    expect(page.locator("#lsc-share-status")).to_have_text(i18n.text("ui.js.copy_failed"))
    field = page.locator("#lsc-share-url")
    expect(field).to_be_visible()
    assert claim_from_url(field.input_value()) == INTERN


def test_print_opens_every_step_and_dates_the_estimate(calculator: CalculatorPage,
                                                       artefacts) -> None:
    page = calculator.page
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
    calculator.open()
    calculator.fill(DETAILED)
    calculator.wait_result()
    page.get_by_role("button", name=i18n.text("ui.js.print")).click()
    assert page.evaluate("window.__printed") == 1
    assert page.locator("details:not([open])").count() == 0
    verified = format_value(calc.load_parameters().last_verified, "en")
    expect(page.locator("#lsc-printed")).to_have_text(
        i18n.text("ui.js.printed_on", date=_today_text(), verified=verified))

    page.emulate_media(media="print")
    # The estimate first, then the answers it was made from; no buttons, no empty fields.
    result_top = page.locator("#result").bounding_box()["y"]  # type: ignore[index]
    form_top = page.locator("#calc-form").bounding_box()["y"]  # type: ignore[index]
    assert result_top < form_top
    for hidden in (".md-header", ".md-sidebar--primary", ".lsc-actions", "#calc-status",
                   ".lsc-mode", "#lsc-reentry"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("#lsc-printed")).to_be_visible()
    expect(page.locator(".lsc-steps li").first).to_be_visible()
    pdf = page.pdf(format="A4")  # Chromium's own print to PDF, kept for a look
    (artefacts / "estimate.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 8, pages


def test_mode_option_opens_the_detailed_form(calculator: CalculatorPage) -> None:
    page = calculator.page
    page.goto(calculator.site_url + "calculator/?mode=detailed")
    expect(page.locator("input[name=mode][value=detailed]")).to_be_checked()
    page.goto(calculator.site_url + "calculator/?mode=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    expect(page.locator("input[name=mode][value=quick]")).to_be_checked()


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


IMG = "<img src=x onerror=\"document.body.dataset.pwned='img';alert('img')\">"
SCRIPT = "\"><script>document.body.dataset.pwned='script';alert('script')</script>"


@pytest.mark.parametrize("claim", [
    pytest.param({**INTERN, "nationality": IMG}, id="nationality-img"),
    pytest.param({**INTERN, "nationality": SCRIPT}, id="nationality-script"),
    pytest.param({**INTERN, "left_japan_on": SCRIPT}, id="date-script"),
    pytest.param({**INTERN, "employees_pension": [
        {"from": SCRIPT, "to": IMG, "monthly_salary": IMG}]}, id="period-markup"),
    pytest.param({**DETAILED, "national_pension": [
        {"from": "2019-04", "to": "2020-03", "status": IMG}]}, id="status-img"),
    pytest.param({**DETAILED, "bonuses": [{"month": IMG, "amount": SCRIPT}]}, id="bonus-markup"),
    pytest.param({**INTERN, "other_retirement_income_same_year": IMG}, id="income-img"),
])
@pytest.mark.parametrize("where", ["calculator/", "embed/"])
def test_markup_in_links_is_text_or_rejected(calculator: CalculatorPage, claim: dict,
                                             where: str) -> None:
    page = calculator.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(calculator.site_url + where + link_fragment(claim))
    calculator.wait_python()
    page.wait_for_timeout(300)
    settled = page.locator("#result:not([aria-busy])")
    expect(settled).to_have_count(1)
    # Nothing ran and nothing was added as markup, anywhere in the calculator.
    assert not dialogs
    assert page.evaluate("document.body.dataset.pwned") is None
    assert page.locator("#calculator img, #calculator script").count() == 0
    link_error = page.locator("#calc-link-error")
    if link_error.is_visible():
        return  # rejected: the form starts empty
    # Kept: shown as text in its field (or an option named by textContent), with its error.
    calculator.wait_result("error")
    values = page.locator("#calc-form input, #calc-form select").evaluate_all(
        "(fields) => fields.map((field) => field.value)")
    shown = [value.upper() for value in values]
    assert any(payload.upper() in shown for payload in (IMG, SCRIPT)), values
    assert page.locator("#result-errors li").count() >= 1


@pytest.mark.parametrize("fragment", [
    pytest.param("#c=" + _b64(IMG), id="not-json"),
    pytest.param("#c=" + IMG, id="raw-markup"),
    pytest.param("#c=" + _b64(json.dumps({IMG: 1})), id="markup-key"),
    pytest.param("#" + SCRIPT, id="not-a-claim"),
])
def test_markup_instead_of_a_claim(calculator: CalculatorPage, fragment: str) -> None:
    page = calculator.page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(calculator.site_url + "embed/" + fragment)
    calculator.wait_python()
    assert not dialogs
    assert page.locator("#calculator img, #calculator script").count() == 0
    assert page.evaluate("document.body.dataset.pwned") is None
    if fragment.startswith("#c="):
        expect(page.locator("#calc-link-error")).to_have_text(i18n.text("ui.js.link_error"))
