"""Accessibility: axe-core finds no serious or critical problem on any page, in any language."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from claims import DETAILED, INTERN
from test_site import LANGUAGES, PAGES, _prefix

AXE = Axe()


def serious(page: Page) -> list[str]:
    results = AXE.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:3])
        for v in results["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("path", PAGES)
def test_site_pages(page: Page, site_url: str, lang: str, path: str) -> None:
    page.goto(site_url + _prefix(lang) + path)
    problems = serious(page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calculator_with_a_result(calculator, lang: str) -> None:
    calculator.page.goto(calculator.site_url + _prefix(lang) + "calculator/")
    calculator.fill(DETAILED)
    calculator.wait_result()
    calculator.page.locator("details.lsc-steps").evaluate("(d) => { d.open = true; }")
    problems = serious(calculator.page)
    assert not problems, "\n".join(problems)


def test_calculator_with_errors(calculator) -> None:
    calculator.open()
    calculator.fill({**DETAILED, "employees_pension": [
        {"from": "2024-05", "to": "2024-01", "monthly_salary": -5}]}, mode="detailed")
    calculator.wait_result("error")
    problems = serious(calculator.page)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_embed_page_with_a_result(calculator, lang: str) -> None:
    """The calculator alone, as a blog shows it in its frame."""
    calculator.page.goto(calculator.site_url + _prefix(lang) + "embed/")
    calculator.fill(INTERN)
    calculator.wait_result()
    problems = serious(calculator.page)
    assert not problems, "\n".join(problems)
